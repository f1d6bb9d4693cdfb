using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using Skiff.Storage;

namespace Skiff.ApiServer.Objects;

/// <summary>Turns typed k8s.Models objects into stored JSON bytes and back, with KubernetesClient's JSON rules.</summary>
/// <remarks>
/// Stored JSON never carries metadata.resourceVersion: the store's revision is the resourceVersion (as in
/// kube-apiserver over etcd), so it is spliced into the bytes when an object is served.
/// </remarks>
public static class ObjectCodec
{
    private static readonly JsonSerializerOptions Options = CaptureKubernetesOptions();

    /// <summary>How much of a streamed list is handed to the server between flushes.</summary>
    private const int ListFlushBytes = 128 * 1024;

    private static readonly byte[] MetadataProperty = "metadata"u8.ToArray();

    /// <summary>
    /// The serializer options KubernetesJson uses (IntOrString, Quantity, RFC3339 times, nulls omitted), with quantities
    /// through <see cref="QuantityConverter"/>.
    /// </summary>
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
        var splice = ResourceVersionSplice(stored, resourceVersion);
        var result = new byte[splice.Length];
        WriteSplice(stored, splice, result);
        return result;
    }

    /// <summary>Writes what <see cref="WithResourceVersion"/> returns straight into <paramref name="output"/>.</summary>
    public static void WriteWithResourceVersion(IBufferWriter<byte> output, ReadOnlySpan<byte> stored, long resourceVersion)
    {
        var splice = ResourceVersionSplice(stored, resourceVersion);
        WriteSplice(stored, splice, output.GetSpan(splice.Length));
        output.Advance(splice.Length);
    }

    /// <summary>Where stored JSON gets its resourceVersion, and the length of the result.</summary>
    private static Splice ResourceVersionSplice(ReadOnlySpan<byte> stored, long resourceVersion)
    {
        Span<byte> digits = stackalloc byte[20];
        resourceVersion.TryFormat(digits, out var digitCount, default, CultureInfo.InvariantCulture);
        var field = ResourceVersionFieldStart.Length + digitCount + 1;
        var metadataStart = FindTopLevelMetadataObjectStart(stored);
        if (metadataStart < 0)
        {
            // No metadata at all: one is added right after the opening brace.
            var rest = stored[1..].TrimStart(" \r\n\t"u8);
            var needsComma = rest.Length > 0 && rest[0] != (byte)'}';
            return new Splice(resourceVersion, metadataStart, needsComma, NewMetadataStart.Length + field + 1 + (needsComma ? 1 : 0) + rest.Length);
        }

        var tail = stored[(metadataStart + 1)..].TrimStart(" \r\n\t"u8);
        var metadataHasFields = !(tail.Length > 0 && tail[0] == (byte)'}');
        return new Splice(resourceVersion, metadataStart, metadataHasFields, stored.Length + field + (metadataHasFields ? 1 : 0));
    }

    private static void WriteSplice(ReadOnlySpan<byte> stored, Splice splice, Span<byte> destination)
    {
        var offset = 0;
        ReadOnlySpan<byte> rest;
        if (splice.MetadataStart < 0)
        {
            Append(destination, ref offset, NewMetadataStart);
            AppendField(destination, ref offset, splice.ResourceVersion);
            Append(destination, ref offset, "}"u8);
            rest = stored[1..].TrimStart(" \r\n\t"u8);
        }
        else
        {
            var afterBrace = splice.MetadataStart + 1;
            Append(destination, ref offset, stored[..afterBrace]);
            AppendField(destination, ref offset, splice.ResourceVersion);
            rest = stored[afterBrace..];
        }

        if (splice.NeedsComma)
        {
            Append(destination, ref offset, ","u8);
        }

        Append(destination, ref offset, rest);
    }

    private static void AppendField(Span<byte> destination, ref int offset, long resourceVersion)
    {
        Append(destination, ref offset, ResourceVersionFieldStart);
        resourceVersion.TryFormat(destination[offset..], out var written, default, CultureInfo.InvariantCulture);
        offset += written;
        Append(destination, ref offset, "\""u8);
    }

    private static void Append(Span<byte> destination, ref int offset, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(destination[offset..]);
        offset += bytes.Length;
    }

    private static ReadOnlySpan<byte> ResourceVersionFieldStart => "\"resourceVersion\":\""u8;

    private static ReadOnlySpan<byte> NewMetadataStart => "{\"metadata\":{"u8;

    /// <summary>
    /// A resourceVersion splice worked out for one stored object: the offset of its metadata's '{' (-1: none), whether
    /// a comma must follow the inserted field, and the length of the result.
    /// </summary>
    private readonly record struct Splice(long ResourceVersion, int MetadataStart, bool NeedsComma, int Length);

    /// <summary>Byte offset of the '{' that opens the top-level "metadata" value, or -1.</summary>
    internal static int FindTopLevelMetadataObjectStart(ReadOnlySpan<byte> json)
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

    /// <summary>
    /// Streams a JSON list document of stored items into a response pipe: each item is copied once, with its
    /// resourceVersion spliced in (or as <paramref name="serve"/> renders it when the stored form must be converted),
    /// and the pipe is flushed as it fills.
    /// </summary>
    /// <remarks>
    /// Building the whole document first meant a buffer that doubled its way up to the document's size (large-object
    /// heap allocations that count towards full collections, about 64 MB for a list of 10,000 pods) plus a copy of every
    /// item, and the client saw nothing until the last item was encoded.
    /// </remarks>
    public static async Task WriteListAsync(PipeWriter output, string apiVersion, string listKind, long resourceVersion,
        string? continueToken, long? remainingItemCount, IReadOnlyList<KeyValue> items, Func<KeyValue, byte[]>? serve, CancellationToken ct)
    {
        using (var writer = new Utf8JsonWriter(output))
        {
            WriteListStart(writer, apiVersion, listKind, resourceVersion, continueToken, remainingItemCount);
        }

        var unflushed = 0;
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0)
            {
                output.Write(","u8);
            }

            var item = items[i];
            if (serve is null)
            {
                WriteWithResourceVersion(output, item.Value, item.ModRevision);
            }
            else
            {
                output.Write(serve(item));
            }

            unflushed += item.Value.Length;
            if (unflushed >= ListFlushBytes)
            {
                unflushed = 0;
                await output.FlushAsync(ct);
            }
        }

        output.Write("]}"u8);
        await output.FlushAsync(ct);
    }

    /// <summary>Writes a JSON list document around already-serialized items without re-encoding them.</summary>
    public static void WriteList(IBufferWriter<byte> output, string apiVersion, string listKind, long resourceVersion,
        string? continueToken, long? remainingItemCount, IEnumerable<byte[]> items)
    {
        using var writer = new Utf8JsonWriter(output);
        WriteListStart(writer, apiVersion, listKind, resourceVersion, continueToken, remainingItemCount);
        foreach (var item in items)
        {
            writer.WriteRawValue(item, skipInputValidation: true);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>A list document up to the opening bracket of its items.</summary>
    private static void WriteListStart(Utf8JsonWriter writer, string apiVersion, string listKind, long resourceVersion,
        string? continueToken, long? remainingItemCount)
    {
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
    }

    private static JsonSerializerOptions CaptureKubernetesOptions()
    {
        JsonSerializerOptions? captured = null;
        KubernetesJson.AddJsonOptions(o => captured = o);
        var options = new JsonSerializerOptions(captured ?? throw new InvalidOperationException("KubernetesJson did not expose its options"));
        // Ahead of the type's own converter (options converters take precedence over a type's attribute).
        options.Converters.Insert(0, new QuantityConverter());
        options.Converters.Insert(0, new ManagedFieldsEntryConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
