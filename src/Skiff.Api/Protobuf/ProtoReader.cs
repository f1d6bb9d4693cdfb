namespace Skiff.Api.Protobuf;

/// <summary>Reads proto2 wire data: keys, varints, fixed 32/64-bit values and length-delimited fields.</summary>
/// <remarks>Errors carry the wording of upstream's generated Unmarshal code, which kube-apiserver puts in its 400s.</remarks>
public ref struct ProtoReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> data = data;
    private int position;

    public readonly bool End => position >= data.Length;

    /// <summary>Reads a field key; <paramref name="messageName"/> only names the message in errors.</summary>
    public (int Field, ProtoWireType WireType) ReadKey(string messageName)
    {
        var key = ReadVarint();
        // Upstream truncates the field number to int32 before checking it, so huge numbers come out negative.
        var field = unchecked((int)(key >> 3));
        var wireType = (ProtoWireType)(key & 7);
        if (wireType == ProtoWireType.EndGroup)
        {
            throw new ProtobufException($"proto: {messageName}: wiretype end group for non-group");
        }

        if (field <= 0)
        {
            throw new ProtobufException($"proto: {messageName}: illegal tag {field} (wire type {(int)wireType})");
        }

        return (field, wireType);
    }

    public ulong ReadVarint()
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            if (shift >= 64)
            {
                throw ProtobufException.IntegerOverflow();
            }

            if (position >= data.Length)
            {
                throw ProtobufException.UnexpectedEof();
            }

            var b = data[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
    }

    public ulong ReadFixed64()
    {
        if (data.Length - position < 8)
        {
            throw ProtobufException.UnexpectedEof();
        }

        var value = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(data[position..]);
        position += 8;
        return value;
    }

    public uint ReadFixed32()
    {
        if (data.Length - position < 4)
        {
            throw ProtobufException.UnexpectedEof();
        }

        var value = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(data[position..]);
        position += 4;
        return value;
    }

    public ReadOnlySpan<byte> ReadLengthDelimited()
    {
        var length = ReadVarint();
        // Upstream reads the length into a 64-bit Go int: only a length with the top bit set is "negative".
        if (length > long.MaxValue)
        {
            throw ProtobufException.InvalidLength();
        }

        if (length > (ulong)(data.Length - position))
        {
            throw ProtobufException.UnexpectedEof();
        }

        var value = data.Slice(position, (int)length);
        position += (int)length;
        return value;
    }

    /// <summary>Skips the value of a field that is not in the schema (a group with everything nested in it).</summary>
    public void Skip(ProtoWireType wireType)
    {
        var depth = 0;
        while (true)
        {
            switch (wireType)
            {
                case ProtoWireType.Varint:
                    ReadVarint();
                    break;
                case ProtoWireType.Fixed64:
                    ReadFixed64();
                    break;
                case ProtoWireType.LengthDelimited:
                    ReadLengthDelimited();
                    break;
                case ProtoWireType.Fixed32:
                    ReadFixed32();
                    break;
                case ProtoWireType.StartGroup:
                    depth++;
                    break;
                case ProtoWireType.EndGroup:
                    if (depth == 0)
                    {
                        throw new ProtobufException("proto: unexpected end of group");
                    }

                    depth--;
                    break;
                default:
                    throw new ProtobufException($"proto: illegal wireType {(int)wireType}");
            }

            if (depth == 0)
            {
                return;
            }

            wireType = (ProtoWireType)(ReadVarint() & 7);
        }
    }
}
