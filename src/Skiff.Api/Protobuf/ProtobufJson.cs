using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Skiff.Api.Protobuf;

/// <summary>
/// The one generic codec between protobuf messages and their JSON form, driven by <see cref="ProtoSchema"/>.
/// </summary>
/// <remarks>
/// Decoding yields what upstream's JSON of the decoded Go struct would show: fields not on the wire are left out,
/// values with omitempty are left out when zero, everything else on the wire stays (zero included). Encoding writes
/// what upstream's generated marshaller writes: values always (the zero value when the JSON has none), pointers,
/// slices and maps only when present, fields in ascending number order, map entries sorted by key.
/// </remarks>
public static class ProtobufJson
{
    private const string TimeFormat = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'Z'";
    private const string MicroTimeFormat = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'ffffff'Z'";

    public static JsonObject Decode(ReadOnlySpan<byte> data, ProtoMessage message)
    {
        var target = new JsonObject();
        DecodeInto(target, data, message);
        return target;
    }

    /// <summary>Decodes the message's fields into an existing object (after properties it already has).</summary>
    public static void DecodeInto(JsonObject target, ReadOnlySpan<byte> data, ProtoMessage message)
    {
        var reader = new ProtoReader(data);
        while (!reader.End)
        {
            DecodeField(ref reader, target, message);
        }
    }

    public static byte[] Encode(JsonObject json, ProtoMessage message)
    {
        var writer = new ProtoWriter();
        EncodeFields(writer, json, message);
        return writer.ToArray();
    }

    /// <summary>Writes the fields of <paramref name="json"/> (without a key or length of its own) in front of what is there.</summary>
    public static void EncodeFields(ProtoWriter writer, JsonObject json, ProtoMessage message)
    {
        for (var i = message.Fields.Count - 1; i >= 0; i--)
        {
            var field = message.Fields[i];
            try
            {
                EncodeField(writer, json, field);
            }
            catch (Exception e) when (e is InvalidOperationException or FormatException or OverflowException or JsonException)
            {
                throw new ProtobufException($"cannot encode {message.ShortName}.{field.JsonName}: {e.Message}", e);
            }
        }
    }

    private static void DecodeField(ref ProtoReader reader, JsonObject target, ProtoMessage message)
    {
        var (number, wireType) = reader.ReadKey(message.ShortName);
        var field = message.Find(number);
        if (field is null)
        {
            // Unknown fields are skipped, as upstream's generated code does (newer clients, older servers).
            reader.Skip(wireType);
            return;
        }

        switch (field.Shape)
        {
            case ProtoFieldShape.Inline:
                Expect(field, wireType, ProtoWireType.LengthDelimited);
                DecodeInto(target, reader.ReadLengthDelimited(), field.Message!);
                break;
            case ProtoFieldShape.Repeated:
                DecodeElements(ref reader, target, field, wireType);
                break;
            case ProtoFieldShape.Map:
                Expect(field, wireType, ProtoWireType.LengthDelimited);
                DecodeMapEntry(reader.ReadLengthDelimited(), target, field);
                break;
            default:
                DecodeSingle(ref reader, target, field, wireType);
                break;
        }
    }

    private static void DecodeSingle(ref ProtoReader reader, JsonObject target, ProtoField field, ProtoWireType wireType)
    {
        if (field.Type == ProtoType.Message)
        {
            Expect(field, wireType, ProtoWireType.LengthDelimited);
            // A message field that occurs twice is merged, as proto2 specifies.
            if (target[field.JsonName] is JsonObject existing)
            {
                DecodeInto(existing, reader.ReadLengthDelimited(), field.Message!);
            }
            else
            {
                target[field.JsonName] = Decode(reader.ReadLengthDelimited(), field.Message!);
            }

            return;
        }

        var (value, zero) = ReadValue(ref reader, field, wireType);
        if (value is null || (zero && field.Shape == ProtoFieldShape.OmitEmpty))
        {
            target.Remove(field.JsonName);
        }
        else
        {
            target[field.JsonName] = value;
        }
    }

    private static void DecodeElements(ref ProtoReader reader, JsonObject target, ProtoField field, ProtoWireType wireType)
    {
        if (target[field.JsonName] is not JsonArray array)
        {
            array = [];
            target[field.JsonName] = array;
        }

        if (wireType == ProtoWireType.LengthDelimited && WireTypeOf(field.Type) != ProtoWireType.LengthDelimited)
        {
            // Packed scalars: upstream writes them unpacked but reads both forms.
            var packed = new ProtoReader(reader.ReadLengthDelimited());
            while (!packed.End)
            {
                array.Add(ReadValue(ref packed, field, WireTypeOf(field.Type)).Value);
            }

            return;
        }

        if (field.Type == ProtoType.Message)
        {
            Expect(field, wireType, ProtoWireType.LengthDelimited);
            array.Add(Decode(reader.ReadLengthDelimited(), field.Message!));
            return;
        }

        array.Add(ReadValue(ref reader, field, wireType).Value);
    }

    private static void DecodeMapEntry(ReadOnlySpan<byte> entry, JsonObject target, ProtoField field)
    {
        var key = "";
        JsonNode? value = null;
        var reader = new ProtoReader(entry);
        while (!reader.End)
        {
            var (number, wireType) = reader.ReadKey(field.GoName);
            switch (number)
            {
                case 1:
                    if (wireType != ProtoWireType.LengthDelimited)
                    {
                        throw new ProtobufException($"proto: wrong wireType = {(int)wireType} for field {field.GoName}");
                    }

                    key = Encoding.UTF8.GetString(reader.ReadLengthDelimited());
                    break;
                case 2:
                    value = field.Type == ProtoType.Message
                        ? DecodeMapMessage(ref reader, field, wireType)
                        : ReadValue(ref reader, field, wireType).Value;
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }

        if (target[field.JsonName] is not JsonObject map)
        {
            map = [];
            target[field.JsonName] = map;
        }

        // An entry without a value holds the zero value, as in upstream's generated code.
        map[key] = value ?? field.Type switch
        {
            ProtoType.Quantity => "0",
            ProtoType.Message => new JsonObject(),
            ProtoType.Bool => false,
            ProtoType.Int32 or ProtoType.Int64 or ProtoType.Double => 0,
            _ => "",
        };
    }

    private static JsonObject DecodeMapMessage(ref ProtoReader reader, ProtoField field, ProtoWireType wireType)
    {
        Expect(field, wireType, ProtoWireType.LengthDelimited);
        return Decode(reader.ReadLengthDelimited(), field.Message!);
    }

    /// <summary>Reads a non-message value; <c>Zero</c> tells whether it is its type's zero value.</summary>
    private static (JsonNode? Value, bool Zero) ReadValue(ref ProtoReader reader, ProtoField field, ProtoWireType wireType)
    {
        Expect(field, wireType, WireTypeOf(field.Type));
        switch (field.Type)
        {
            case ProtoType.String:
                {
                    var text = Encoding.UTF8.GetString(reader.ReadLengthDelimited());
                    return (text, text.Length == 0);
                }

            case ProtoType.Bool:
                {
                    var value = reader.ReadVarint() != 0;
                    return (value, !value);
                }

            case ProtoType.Int32:
                {
                    var value = unchecked((int)reader.ReadVarint());
                    return (value, value == 0);
                }

            case ProtoType.Int64:
                {
                    var value = unchecked((long)reader.ReadVarint());
                    return (value, value == 0);
                }

            case ProtoType.Double:
                {
                    var value = BitConverter.UInt64BitsToDouble(reader.ReadFixed64());
                    if (!double.IsFinite(value))
                    {
                        throw new ProtobufException($"field {field.GoName}: {value} has no JSON form");
                    }

                    return (value, value == 0);
                }

            case ProtoType.Bytes:
                {
                    var bytes = reader.ReadLengthDelimited();
                    return (Convert.ToBase64String(bytes), bytes.IsEmpty);
                }

            default:
                return (DecodeSpecial(reader.ReadLengthDelimited(), field), false);
        }
    }

    /// <summary>Decodes the types whose JSON form is not an object; null when upstream's JSON shows null.</summary>
    private static JsonNode? DecodeSpecial(ReadOnlySpan<byte> data, ProtoField field)
    {
        long seconds = 0;
        long nanos = 0;
        long type = 0;
        var intValue = 0;
        var text = "";
        byte[]? raw = null;
        var reader = new ProtoReader(data);
        var name = field.Type switch
        {
            ProtoType.Time or ProtoType.MicroTime => "Timestamp",
            _ => field.Type.ToString(),
        };
        while (!reader.End)
        {
            var (number, wireType) = reader.ReadKey(name);
            switch (field.Type, number)
            {
                case (ProtoType.Time or ProtoType.MicroTime, 1):
                    seconds = (long)ReadVarintField(ref reader, wireType, "Seconds");
                    break;
                case (ProtoType.Time or ProtoType.MicroTime, 2):
                    nanos = unchecked((int)ReadVarintField(ref reader, wireType, "Nanos"));
                    break;
                case (ProtoType.Quantity, 1):
                    text = Encoding.UTF8.GetString(ReadBytesField(ref reader, wireType, "String_"));
                    break;
                case (ProtoType.IntOrString, 1):
                    type = (long)ReadVarintField(ref reader, wireType, "Type");
                    break;
                case (ProtoType.IntOrString, 2):
                    intValue = unchecked((int)ReadVarintField(ref reader, wireType, "IntVal"));
                    break;
                case (ProtoType.IntOrString, 3):
                    text = Encoding.UTF8.GetString(ReadBytesField(ref reader, wireType, "StrVal"));
                    break;
                case (ProtoType.RawExtension or ProtoType.FieldsV1, 1):
                    raw = ReadBytesField(ref reader, wireType, "Raw").ToArray();
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }

        switch (field.Type)
        {
            case ProtoType.Time or ProtoType.MicroTime:
                // An empty message is the zero time, which upstream's JSON shows as null. Time keeps whole seconds only.
                if (data.IsEmpty)
                {
                    return null;
                }

                try
                {
                    var time = DateTimeOffset.UnixEpoch.AddSeconds(seconds);
                    return field.Type == ProtoType.Time
                        ? time.ToString(TimeFormat, CultureInfo.InvariantCulture)
                        : time.AddTicks(nanos / 1000 * 10).ToString(MicroTimeFormat, CultureInfo.InvariantCulture);
                }
                catch (ArgumentOutOfRangeException)
                {
                    throw new ProtobufException($"field {field.GoName}: time {seconds}s is out of range");
                }

            case ProtoType.Quantity:
                return text.Length == 0 ? "0" : text;
            case ProtoType.IntOrString:
                return type == 1 ? JsonValue.Create(text) : JsonValue.Create(intValue);
            default:
                if (raw is null || raw.Length == 0)
                {
                    return null;
                }

                try
                {
                    return JsonNode.Parse(raw);
                }
                catch (JsonException e)
                {
                    throw new ProtobufException($"field {field.GoName}: raw data is not JSON: {e.Message}");
                }
        }
    }

    private static ulong ReadVarintField(ref ProtoReader reader, ProtoWireType wireType, string goName)
    {
        if (wireType != ProtoWireType.Varint)
        {
            throw new ProtobufException($"proto: wrong wireType = {(int)wireType} for field {goName}");
        }

        return reader.ReadVarint();
    }

    private static ReadOnlySpan<byte> ReadBytesField(ref ProtoReader reader, ProtoWireType wireType, string goName)
    {
        if (wireType != ProtoWireType.LengthDelimited)
        {
            throw new ProtobufException($"proto: wrong wireType = {(int)wireType} for field {goName}");
        }

        return reader.ReadLengthDelimited();
    }

    private static void Expect(ProtoField field, ProtoWireType actual, ProtoWireType expected)
    {
        if (actual != expected)
        {
            throw new ProtobufException($"proto: wrong wireType = {(int)actual} for field {field.GoName}");
        }
    }

    private static ProtoWireType WireTypeOf(ProtoType type) => type switch
    {
        ProtoType.Bool or ProtoType.Int32 or ProtoType.Int64 => ProtoWireType.Varint,
        ProtoType.Double => ProtoWireType.Fixed64,
        _ => ProtoWireType.LengthDelimited,
    };

    private static void EncodeField(ProtoWriter writer, JsonObject json, ProtoField field)
    {
        if (field.Shape == ProtoFieldShape.Inline)
        {
            var mark = writer.Length;
            EncodeFields(writer, json, field.Message!);
            writer.PrependLengthAndKey(mark, field.Number);
            return;
        }

        var value = json[field.JsonName];
        switch (field.Shape)
        {
            case ProtoFieldShape.Repeated:
                if (value is JsonArray array)
                {
                    for (var i = array.Count - 1; i >= 0; i--)
                    {
                        EncodeValue(writer, field, array[i]);
                    }
                }

                return;
            case ProtoFieldShape.Map:
                if (value is JsonObject map)
                {
                    EncodeMap(writer, field, map);
                }

                return;
            case ProtoFieldShape.Pointer when value is null:
                return;
            default:
                // Values are always written, the zero value standing in for a missing one.
                EncodeValue(writer, field, value);
                return;
        }
    }

    private static void EncodeMap(ProtoWriter writer, ProtoField field, JsonObject map)
    {
        // Upstream sorts map keys (Go's sort.Strings: byte order, which is ordinal order for these ASCII keys).
        var keys = map.Select(kv => kv.Key).Order(StringComparer.Ordinal).ToArray();
        for (var i = keys.Length - 1; i >= 0; i--)
        {
            var value = map[keys[i]];
            var mark = writer.Length;
            // A nil byte slice has no value field; every other value is written, "" for a null string.
            if (value is not null || field.Type != ProtoType.Bytes)
            {
                EncodeValue(writer, field, value, 2);
            }

            writer.PrependString(keys[i]);
            writer.PrependVarint((ulong)Encoding.UTF8.GetByteCount(keys[i]));
            writer.PrependKey(1, ProtoWireType.LengthDelimited);
            writer.PrependLengthAndKey(mark, field.Number);
        }
    }

    private static void EncodeValue(ProtoWriter writer, ProtoField field, JsonNode? value, int? number = null)
    {
        var fieldNumber = number ?? field.Number;
        switch (field.Type)
        {
            case ProtoType.String:
                PrependString(writer, fieldNumber, value is null ? "" : TextOf(value));
                return;
            case ProtoType.Bool:
                writer.PrependVarint(value is not null && value.GetValue<bool>() ? 1UL : 0UL);
                writer.PrependKey(fieldNumber, ProtoWireType.Varint);
                return;
            case ProtoType.Int32:
                // Negative int32 values are sign-extended to ten bytes, as upstream's uint64(int32) conversion does.
                writer.PrependVarint(unchecked((ulong)(long)checked((int)Int64Of(value))));
                writer.PrependKey(fieldNumber, ProtoWireType.Varint);
                return;
            case ProtoType.Int64:
                writer.PrependVarint(unchecked((ulong)Int64Of(value)));
                writer.PrependKey(fieldNumber, ProtoWireType.Varint);
                return;
            case ProtoType.Double:
                writer.PrependFixed64(BitConverter.DoubleToUInt64Bits(value is null ? 0 : value.GetValue<double>()));
                writer.PrependKey(fieldNumber, ProtoWireType.Fixed64);
                return;
            case ProtoType.Bytes:
                {
                    var mark = writer.Length;
                    writer.PrependBytes(value is null ? [] : Convert.FromBase64String(value.GetValue<string>()));
                    writer.PrependLengthAndKey(mark, fieldNumber);
                    return;
                }

            case ProtoType.Message:
                {
                    var mark = writer.Length;
                    EncodeFields(writer, value as JsonObject ?? [], field.Message!);
                    writer.PrependLengthAndKey(mark, fieldNumber);
                    return;
                }

            default:
                {
                    var mark = writer.Length;
                    EncodeSpecial(writer, field.Type, value);
                    writer.PrependLengthAndKey(mark, fieldNumber);
                    return;
                }
        }
    }

    /// <summary>Writes the content of a special type's message.</summary>
    private static void EncodeSpecial(ProtoWriter writer, ProtoType type, JsonNode? value)
    {
        switch (type)
        {
            case ProtoType.Time or ProtoType.MicroTime:
                {
                    // The zero time (null in JSON) is an empty message; otherwise seconds and nanos are both written.
                    if (value is null || TextOf(value).Length == 0)
                    {
                        return;
                    }

                    var time = DateTimeOffset.Parse(TextOf(value), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
                    var ticks = time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
                    var seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out var remainder);
                    if (remainder < 0)
                    {
                        seconds--;
                        remainder += TimeSpan.TicksPerSecond;
                    }

                    // Time drops the fraction (upstream's ProtoTime writes nanos 0); MicroTime keeps microseconds.
                    var nanos = type == ProtoType.Time ? 0 : remainder / 10 * 1000;
                    writer.PrependVarint((ulong)nanos);
                    writer.PrependKey(2, ProtoWireType.Varint);
                    writer.PrependVarint(unchecked((ulong)seconds));
                    writer.PrependKey(1, ProtoWireType.Varint);
                    return;
                }

            case ProtoType.Quantity:
                // The zero Quantity prints as "0".
                PrependString(writer, 1, value is null ? "0" : TextOf(value));
                return;
            case ProtoType.IntOrString:
                {
                    var isString = value?.GetValueKind() == JsonValueKind.String;
                    PrependString(writer, 3, isString ? TextOf(value!) : "");
                    writer.PrependVarint(isString || value is null ? 0UL : unchecked((ulong)(long)checked((int)Int64Of(value))));
                    writer.PrependKey(2, ProtoWireType.Varint);
                    writer.PrependVarint(isString ? 1UL : 0UL);
                    writer.PrependKey(1, ProtoWireType.Varint);
                    return;
                }

            default:
                // RawExtension and FieldsV1 carry the JSON text itself; nothing for null.
                if (value is not null)
                {
                    var mark = writer.Length;
                    writer.PrependBytes(Encoding.UTF8.GetBytes(value.ToJsonString()));
                    writer.PrependLengthAndKey(mark, 1);
                }

                return;
        }
    }

    private static void PrependString(ProtoWriter writer, int number, string text)
    {
        var mark = writer.Length;
        writer.PrependString(text);
        writer.PrependLengthAndKey(mark, number);
    }

    /// <summary>A JSON string as is, or a number's JSON text (a Quantity may be written as a bare number).</summary>
    private static string TextOf(JsonNode value) =>
        value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString();

    private static long Int64Of(JsonNode? value)
    {
        if (value is null)
        {
            return 0;
        }

        if (value is JsonValue v)
        {
            if (v.TryGetValue(out long l))
            {
                return l;
            }

            if (v.TryGetValue(out int i))
            {
                return i;
            }

            if (v.TryGetValue(out JsonElement element) && element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out l))
            {
                return l;
            }
        }

        return long.Parse(value.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture);
    }
}
