using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;

namespace Skiff.ApiServer.Objects;

/// <summary>Turns typed k8s.Models objects into stored JSON bytes and back, with KubernetesClient's JSON rules.</summary>
/// <remarks>
/// Stored JSON never carries metadata.resourceVersion: the store's revision is the resourceVersion (as in
/// kube-apiserver over etcd), so it is spliced into the bytes when an object is served.
/// </remarks>
public static class ObjectCodec
{
    private static readonly JsonSerializerOptions Options = CaptureKubernetesOptions();

    private static readonly byte[] MetadataProperty = "metadata"u8.ToArray();

    /// <summary>The serializer options KubernetesJson uses (IntOrString, Quantity, RFC3339 times, nulls omitted).</summary>
    public static JsonSerializerOptions SerializerOptions => Options;

    public static object Deserialize(ReadOnlySpan<byte> json, Type type) =>
        JsonSerializer.Deserialize(json, type, Options) ?? throw new JsonException("the object is null");

    public static object Deserialize(JsonNode node, Type type) =>
        node.Deserialize(type, Options) ?? throw new JsonException("the object is null");

    public static byte[] SerializeToUtf8(object obj) => JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), Options);

    public static JsonNode ToNode(object obj) => JsonSerializer.SerializeToNode(obj, obj.GetType(), Options)!;

    /// <summary>
    /// Returns the stored JSON with <c>"resourceVersion":"N"</c> as the first field of the top-level metadata.
    /// Only the top level is scanned, so a nested "metadata" (a pod template) is never touched.
    /// </summary>
    public static byte[] WithResourceVersion(ReadOnlySpan<byte> stored, long resourceVersion)
    {
        var position = FindTopLevelMetadataObjectStart(stored);
        var rv = Encoding.ASCII.GetBytes($"\"resourceVersion\":\"{resourceVersion}\"");
        if (position < 0)
        {
            // No metadata at all: add one right after the opening brace.
            var prefix = Encoding.ASCII.GetBytes($"{{\"metadata\":{{\"resourceVersion\":\"{resourceVersion}\"}}");
            var rest = stored[1..].TrimStart(" \r\n\t"u8);
            var needsComma = rest.Length > 0 && rest[0] != (byte)'}';
            return [.. prefix, .. needsComma ? ","u8 : [], .. rest];
        }

        var afterBrace = position + 1;
        var tail = stored[afterBrace..];
        var emptyObject = tail.TrimStart(" \r\n\t"u8) is { Length: > 0 } t && t[0] == (byte)'}';
        var result = new byte[stored.Length + rv.Length + (emptyObject ? 0 : 1)];
        stored[..afterBrace].CopyTo(result);
        rv.CopyTo(result.AsSpan(afterBrace));
        var offset = afterBrace + rv.Length;
        if (!emptyObject)
        {
            result[offset++] = (byte)',';
        }

        tail.CopyTo(result.AsSpan(offset));
        return result;
    }

    /// <summary>Byte offset of the '{' that opens the top-level "metadata" value, or -1.</summary>
    private static int FindTopLevelMetadataObjectStart(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return -1;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isMetadata = reader.ValueTextEquals(MetadataProperty);
            reader.Read();
            if (isMetadata && reader.TokenType == JsonTokenType.StartObject)
            {
                return checked((int)reader.TokenStartIndex);
            }

            reader.Skip();
        }

        return -1;
    }

    /// <summary>Writes a JSON list document around already-serialized items without re-encoding them.</summary>
    public static void WriteList(IBufferWriter<byte> output, string apiVersion, string listKind, long resourceVersion,
        string? continueToken, long? remainingItemCount, IEnumerable<byte[]> items)
    {
        using var writer = new Utf8JsonWriter(output);
        writer.WriteStartObject();
        writer.WriteString("kind", listKind);
        writer.WriteString("apiVersion", apiVersion);
        writer.WriteStartObject("metadata");
        writer.WriteString("resourceVersion", resourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (!string.IsNullOrEmpty(continueToken))
        {
            writer.WriteString("continue", continueToken);
        }

        if (remainingItemCount is { } remaining)
        {
            writer.WriteNumber("remainingItemCount", remaining);
        }

        writer.WriteEndObject();
        writer.WriteStartArray("items");
        foreach (var item in items)
        {
            writer.WriteRawValue(item, skipInputValidation: true);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static JsonSerializerOptions CaptureKubernetesOptions()
    {
        JsonSerializerOptions? captured = null;
        KubernetesJson.AddJsonOptions(o => captured = o);
        return captured ?? throw new InvalidOperationException("KubernetesJson did not expose its options");
    }
}
