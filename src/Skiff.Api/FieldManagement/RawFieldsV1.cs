using System.Text.Json;
using System.Text.Json.Serialization;

namespace Skiff.Api.FieldManagement;

/// <summary>
/// A FieldsV1 document already in its serialized form, as metadata.managedFields[].fieldsV1 holds it after a write:
/// the serializer copies the bytes instead of re-encoding a parsed document. The bytes are written with the
/// serializer's own escaping, so an object read back (as a JsonElement) serializes to the same bytes.
/// </summary>
[JsonConverter(typeof(RawFieldsV1Converter))]
public sealed class RawFieldsV1(byte[] json)
{
    public byte[] Json { get; } = json;

    public JsonElement ToElement()
    {
        using var document = JsonDocument.Parse(Json);
        return document.RootElement.Clone();
    }

    /// <summary>Writes the bytes as they are; reading one back gives a JsonElement, never this type.</summary>
    private sealed class RawFieldsV1Converter : JsonConverter<RawFieldsV1>
    {
        public override RawFieldsV1 Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            using var document = JsonDocument.ParseValue(ref reader);
            return new RawFieldsV1(JsonSerializer.SerializeToUtf8Bytes(document.RootElement, options));
        }

        public override void Write(Utf8JsonWriter writer, RawFieldsV1 value, JsonSerializerOptions options) =>
            writer.WriteRawValue(value.Json, skipInputValidation: true);
    }
}
