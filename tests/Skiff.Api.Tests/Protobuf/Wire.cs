using System.Text;

namespace Skiff.Api.Tests.Protobuf;

/// <summary>A forward protobuf encoder for building test input by hand, independent of the code under test.</summary>
internal static class Wire
{
    public static byte[] Varint(int field, ulong value) => [.. VarintBytes((ulong)field << 3), .. VarintBytes(value)];

    public static byte[] Varint(int field, long value) => Varint(field, unchecked((ulong)value));

    public static byte[] Str(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public static byte[] Msg(int field, params byte[][] content) => Bytes(field, [.. content.SelectMany(c => c)]);

    public static byte[] Bytes(int field, byte[] value) =>
        [.. VarintBytes((ulong)field << 3 | 2), .. VarintBytes((ulong)value.Length), .. value];

    public static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];

    public static byte[] VarintBytes(ulong value)
    {
        var bytes = new List<byte>();
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }

        bytes.Add((byte)value);
        return [.. bytes];
    }
}
