using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using k8s.Models;
using Skiff.Api.FieldManagement;

namespace Skiff.ApiServer.Objects;

/// <summary>
/// Reads and writes metadata.managedFields entries with fieldsV1 kept as its bytes (<see cref="RawFieldsV1"/>)
/// instead of the JsonElement the models' <c>object</c> property would get: every decode of a stored object reads
/// these entries, and a JsonElement costs a document of its own per entry. Output is what the models' own
/// serialization writes (fields in alphabetical order, nulls left out), so stored bytes read back and written again
/// are unchanged.
/// </summary>
public sealed class ManagedFieldsEntryConverter : JsonConverter<V1ManagedFieldsEntry>
{
    public override V1ManagedFieldsEntry Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("a managedFields entry must be an object");
        }

        var entry = new V1ManagedFieldsEntry();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("apiVersion"u8))
            {
                entry.ApiVersion = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("fieldsType"u8))
            {
                entry.FieldsType = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("manager"u8))
            {
                entry.Manager = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("operation"u8))
            {
                entry.Operation = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("subresource"u8))
            {
                entry.Subresource = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("time"u8))
            {
                reader.Read();
                entry.Time = JsonSerializer.Deserialize<DateTime?>(ref reader, options);
            }
            else if (reader.ValueTextEquals("fieldsV1"u8))
            {
                reader.Read();
                entry.FieldsV1 = reader.TokenType == JsonTokenType.Null ? null : new RawFieldsV1(CopyValue(ref reader));
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return entry;
    }

    public override void Write(Utf8JsonWriter writer, V1ManagedFieldsEntry value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        WriteString(writer, "apiVersion"u8, value.ApiVersion);
        WriteString(writer, "fieldsType"u8, value.FieldsType);
        if (value.FieldsV1 is { } fields)
        {
            writer.WritePropertyName("fieldsV1"u8);
            JsonSerializer.Serialize(writer, fields, fields.GetType(), options);
        }

        WriteString(writer, "manager"u8, value.Manager);
        WriteString(writer, "operation"u8, value.Operation);
        WriteString(writer, "subresource"u8, value.Subresource);
        if (value.Time is { } time)
        {
            writer.WritePropertyName("time"u8);
            JsonSerializer.Serialize(writer, time, options);
        }

        writer.WriteEndObject();
    }

    private static string? ReadString(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.Null ? null : reader.GetString();
    }

    // Every string of Go's ManagedFieldsEntry is omitempty: an empty manager (no fieldManager, no User-Agent) is left out.
    private static void WriteString(Utf8JsonWriter writer, ReadOnlySpan<byte> name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            writer.WriteString(name, value);
        }
    }

    /// <summary>
    /// Copies one JSON value token by token, keeping every string and property name exactly as escaped in the input,
    /// so the bytes written back later are the bytes read.
    /// </summary>
    private static byte[] CopyValue(ref Utf8JsonReader reader)
    {
        var output = new ArrayBufferWriter<byte>(256);
        var startDepth = reader.CurrentDepth;
        var needComma = false;
        while (true)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    Comma(output, ref needComma);
                    Append(output, reader.TokenType == JsonTokenType.StartObject ? "{"u8 : "["u8);
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    Append(output, reader.TokenType == JsonTokenType.EndObject ? "}"u8 : "]"u8);
                    needComma = true;
                    break;
                case JsonTokenType.PropertyName:
                    Comma(output, ref needComma);
                    Append(output, "\""u8);
                    Append(output, Raw(ref reader));
                    Append(output, "\":"u8);
                    break;
                case JsonTokenType.String:
                    Comma(output, ref needComma);
                    Append(output, "\""u8);
                    Append(output, Raw(ref reader));
                    Append(output, "\""u8);
                    needComma = true;
                    break;
                default:
                    Comma(output, ref needComma);
                    Append(output, Raw(ref reader));
                    needComma = true;
                    break;
            }

            var finished = reader.CurrentDepth == startDepth && reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray or JsonTokenType.PropertyName);
            if (finished || !reader.Read())
            {
                return output.WrittenSpan.ToArray();
            }
        }
    }

    private static ReadOnlySpan<byte> Raw(ref Utf8JsonReader reader) =>
        reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan;

    private static void Comma(ArrayBufferWriter<byte> output, ref bool needComma)
    {
        if (needComma)
        {
            Append(output, ","u8);
        }

        needComma = false;
    }

    private static void Append(ArrayBufferWriter<byte> output, ReadOnlySpan<byte> bytes) => output.Write(bytes);
}
