using System.Buffers.Binary;
using System.Text;

namespace Skiff.Api.Protobuf;

/// <summary>
/// Writes proto2 wire data back to front, as upstream's MarshalToSizedBuffer does: fields go in from the highest number
/// down, and a nested message is complete before its length and key are put in front of it, so no size pass is needed.
/// </summary>
public sealed class ProtoWriter
{
    private byte[] buffer;
    private int start;

    public ProtoWriter(int capacity = 1024)
    {
        buffer = new byte[Math.Max(capacity, 16)];
        start = buffer.Length;
    }

    /// <summary>How many bytes have been written so far; the difference of two readings is a nested message's size.</summary>
    public int Length => buffer.Length - start;

    public ReadOnlySpan<byte> WrittenSpan => buffer.AsSpan(start);

    public byte[] ToArray() => WrittenSpan.ToArray();

    public void PrependVarint(ulong value)
    {
        var size = VarintSize(value);
        var span = Reserve(size);
        for (var i = 0; i < size - 1; i++)
        {
            span[i] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[size - 1] = (byte)value;
    }

    public void PrependKey(int field, ProtoWireType wireType) => PrependVarint((uint)field << 3 | (uint)wireType);

    /// <summary>Puts the length of everything written since <paramref name="mark"/> and the field key in front of it.</summary>
    public void PrependLengthAndKey(int mark, int field)
    {
        PrependVarint((ulong)(Length - mark));
        PrependKey(field, ProtoWireType.LengthDelimited);
    }

    public void PrependBytes(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Reserve(bytes.Length));

    public void PrependString(string value)
    {
        var span = Reserve(Encoding.UTF8.GetByteCount(value));
        Encoding.UTF8.GetBytes(value, span);
    }

    public void PrependFixed64(ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(Reserve(8), value);

    public void PrependFixed32(uint value) => BinaryPrimitives.WriteUInt32LittleEndian(Reserve(4), value);

    public static int VarintSize(ulong value)
    {
        var size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }

        return size;
    }

    private Span<byte> Reserve(int size)
    {
        if (start < size)
        {
            var length = Length;
            var grown = new byte[Math.Max(buffer.Length * 2, length + size + 64)];
            buffer.AsSpan(start).CopyTo(grown.AsSpan(grown.Length - length));
            buffer = grown;
            start = grown.Length - length;
        }

        start -= size;
        return buffer.AsSpan(start, size);
    }
}
