using Skiff.Api.Protobuf;

namespace Skiff.Api.Tests.Protobuf;

public class ProtoWireTests
{
    [Theory]
    [InlineData(0UL, "00")]
    [InlineData(1UL, "01")]
    [InlineData(127UL, "7f")]
    [InlineData(128UL, "8001")]
    [InlineData(300UL, "ac02")]
    [InlineData(ulong.MaxValue, "ffffffffffffffffff01")]
    public void Varints_are_written_minimal_and_read_back(ulong value, string hex)
    {
        var writer = new ProtoWriter(1);
        writer.PrependVarint(value);

        Assert.Equal(hex, Convert.ToHexStringLower(writer.WrittenSpan));
        var reader = new ProtoReader(Convert.FromHexString(hex));
        Assert.Equal(value, reader.ReadVarint());
        Assert.True(reader.End);
    }

    [Fact]
    public void Writing_back_to_front_puts_lengths_before_nested_content_and_grows_the_buffer()
    {
        var writer = new ProtoWriter(1);
        var mark = writer.Length;
        writer.PrependString(new string('x', 200));
        writer.PrependLengthAndKey(mark, 3);
        writer.PrependFixed32(0x01020304);
        writer.PrependKey(2, ProtoWireType.Fixed32);
        writer.PrependFixed64(0x0102030405060708);
        writer.PrependKey(1, ProtoWireType.Fixed64);

        var reader = new ProtoReader(writer.ToArray());
        Assert.Equal((1, ProtoWireType.Fixed64), reader.ReadKey("M"));
        Assert.Equal(0x0102030405060708UL, reader.ReadFixed64());
        Assert.Equal((2, ProtoWireType.Fixed32), reader.ReadKey("M"));
        Assert.Equal(0x01020304U, reader.ReadFixed32());
        Assert.Equal((3, ProtoWireType.LengthDelimited), reader.ReadKey("M"));
        Assert.Equal(200, reader.ReadLengthDelimited().Length);
        Assert.True(reader.End);
    }

    [Theory]
    [InlineData("80", "unexpected EOF")]
    [InlineData("ffffffffffffffffffff01", "proto: integer overflow")]
    public void Bad_varints_fail_with_upstreams_words(string hex, string message)
    {
        var bytes = Convert.FromHexString(hex);

        var e = Assert.Throws<ProtobufException>(() => new ProtoReader(bytes).ReadVarint());
        Assert.Equal(message, e.Message);
    }

    [Theory]
    [InlineData("0a05616263", "unexpected EOF")]
    [InlineData("0affffffff0f", "unexpected EOF")]
    [InlineData("0a80808080808080808001", "proto: negative length found during unmarshaling")]
    [InlineData("0c", "proto: M: wiretype end group for non-group")]
    [InlineData("02", "proto: M: illegal tag 0 (wire type 2)")]
    [InlineData("0e00", "proto: illegal wireType 6")]
    [InlineData("0900", "unexpected EOF")]
    public void Malformed_fields_fail_when_read_or_skipped(string hex, string message)
    {
        var bytes = Convert.FromHexString(hex);

        var e = Assert.Throws<ProtobufException>(() =>
        {
            var reader = new ProtoReader(bytes);
            var (_, wireType) = reader.ReadKey("M");
            reader.Skip(wireType);
        });
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Skipping_a_group_skips_everything_nested_in_it()
    {
        // field 1 start group { field 2 varint 5, field 3 group { } } end group 1, then field 4 varint 9.
        var reader = new ProtoReader(Convert.FromHexString("0b" + "1005" + "1b1c" + "0c" + "2009"));

        var (field, wireType) = reader.ReadKey("M");
        Assert.Equal((1, ProtoWireType.StartGroup), (field, wireType));
        reader.Skip(wireType);
        Assert.Equal((4, ProtoWireType.Varint), reader.ReadKey("M"));
        Assert.Equal(9UL, reader.ReadVarint());
        Assert.True(reader.End);
    }
}
