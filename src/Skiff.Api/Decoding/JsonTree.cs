using System.Text.Json;
using System.Text.Json.Nodes;

namespace Skiff.Api.Decoding;

/// <summary>
/// Parses JSON into a <see cref="JsonNode"/> tree where a repeated key keeps its last value, as Go decodes it into a
/// map. <see cref="JsonNode.Parse(string, JsonNodeOptions?, JsonDocumentOptions)"/> cannot hold such an object: it
/// throws on first access, so a body with a duplicate field (accepted by fieldValidation Warn and Ignore) would fail.
/// </summary>
public static class JsonTree
{
    /// <summary>The tree of <paramref name="json"/> (null for the JSON literal null); throws <see cref="JsonException"/> when malformed.</summary>
    public static JsonNode? Parse(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read())
        {
            throw new JsonException("The input does not contain any JSON tokens. Expected the input to start with a valid JSON token, while isFinalBlock is true.");
        }

        var node = Read(ref reader);
        // Reading on makes the reader reject anything but whitespace after the document.
        while (reader.Read())
        {
        }

        return node;
    }

    private static JsonNode? Read(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var obj = new JsonObject();
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var name = reader.GetString()!;
                    reader.Read();
                    obj[name] = Read(ref reader);
                }

                return obj;
            case JsonTokenType.StartArray:
                var array = new JsonArray();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    array.Add(Read(ref reader));
                }

                return array;
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                return JsonValue.Create(reader.GetString());
            case JsonTokenType.True or JsonTokenType.False:
                return JsonValue.Create(reader.GetBoolean());
            default:
                // A number keeps its text (1.0 stays 1.0, big integers stay exact), as JsonNode.Parse keeps it.
                return JsonValue.Create(JsonElement.ParseValue(ref reader));
        }
    }
}
