using System.Text.Json.Nodes;

namespace Skiff.Api.Protobuf;

/// <summary>
/// The <c>application/vnd.kubernetes.protobuf</c> form of a whole object: the <c>k8s\0</c> magic, then runtime.Unknown
/// {1: typeMeta{1: apiVersion, 2: kind}, 2: raw, 3: contentEncoding, 4: contentType} with the object's message in raw.
/// </summary>
public static class KubernetesProtobuf
{
    public const string MediaType = "application/vnd.kubernetes.protobuf";

    private static ReadOnlySpan<byte> Magic => "k8s\0"u8;

    /// <summary>
    /// Decodes a body into the object's JSON, apiVersion and kind first. An envelope without apiVersion or kind takes
    /// the endpoint's, as upstream's decoder does. Errors found once the envelope was read carry its kind and version.
    /// </summary>
    public static JsonObject Decode(ReadOnlySpan<byte> body, string defaultApiVersion, string defaultKind)
    {
        if (body.IsEmpty)
        {
            throw new ProtobufException("empty data");
        }

        if (!body.StartsWith(Magic))
        {
            throw new ProtobufException("provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]");
        }

        if (body.Length == Magic.Length)
        {
            throw new ProtobufException("empty body");
        }

        var raw = ReadEnvelope(body[Magic.Length..], out var apiVersion, out var kind);
        if (apiVersion.Length == 0)
        {
            apiVersion = defaultApiVersion;
        }

        if (kind.Length == 0)
        {
            kind = defaultKind;
        }

        var version = apiVersion[(apiVersion.LastIndexOf('/') + 1)..];
        var message = ProtoSchema.FindKind(apiVersion, kind)
            ?? throw new ProtobufException($"no kind \"{kind}\" is registered for version \"{apiVersion}\" in scheme \"pkg/api/legacyscheme/scheme.go:30\"")
            {
                DataKind = kind,
                DataVersion = version,
            };
        var json = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind };
        try
        {
            ProtobufJson.DecodeInto(json, raw, message);
        }
        catch (ProtobufException e)
        {
            throw new ProtobufException(e.Message, e) { DataKind = kind, DataVersion = version };
        }

        return json;
    }

    /// <summary>Encodes an object's JSON; null when it names no apiVersion and kind the schema knows.</summary>
    public static byte[]? TryEncode(JsonObject json)
    {
        if (json["apiVersion"] is not JsonValue apiVersionValue || !apiVersionValue.TryGetValue(out string? apiVersion)
            || json["kind"] is not JsonValue kindValue || !kindValue.TryGetValue(out string? kind)
            || ProtoSchema.FindKind(apiVersion, kind) is not { } message)
        {
            return null;
        }

        var writer = new ProtoWriter(4096);
        // runtime.Unknown back to front: contentType and contentEncoding (empty, always written), raw, typeMeta.
        writer.PrependVarint(0);
        writer.PrependKey(4, ProtoWireType.LengthDelimited);
        writer.PrependVarint(0);
        writer.PrependKey(3, ProtoWireType.LengthDelimited);
        var rawMark = writer.Length;
        ProtobufJson.EncodeFields(writer, json, message);
        writer.PrependLengthAndKey(rawMark, 2);
        var typeMetaMark = writer.Length;
        PrependString(writer, 2, kind);
        PrependString(writer, 1, apiVersion);
        writer.PrependLengthAndKey(typeMetaMark, 1);
        writer.PrependBytes(Magic);
        return writer.ToArray();
    }

    /// <summary>Reads runtime.Unknown and returns raw, a slice of <paramref name="data"/>.</summary>
    private static ReadOnlySpan<byte> ReadEnvelope(ReadOnlySpan<byte> data, out string apiVersion, out string kind)
    {
        apiVersion = "";
        kind = "";
        ReadOnlySpan<byte> raw = [];
        var reader = new ProtoReader(data);
        while (!reader.End)
        {
            var (number, wireType) = reader.ReadKey("Unknown");
            switch (number)
            {
                case 1:
                    ExpectBytes(wireType, "TypeMeta");
                    var typeMeta = new ProtoReader(reader.ReadLengthDelimited());
                    while (!typeMeta.End)
                    {
                        var (field, type) = typeMeta.ReadKey("TypeMeta");
                        switch (field)
                        {
                            case 1:
                                ExpectBytes(type, "APIVersion");
                                apiVersion = System.Text.Encoding.UTF8.GetString(typeMeta.ReadLengthDelimited());
                                break;
                            case 2:
                                ExpectBytes(type, "Kind");
                                kind = System.Text.Encoding.UTF8.GetString(typeMeta.ReadLengthDelimited());
                                break;
                            default:
                                typeMeta.Skip(type);
                                break;
                        }
                    }

                    break;
                case 2:
                    ExpectBytes(wireType, "Raw");
                    raw = reader.ReadLengthDelimited();
                    break;
                case 3 or 4:
                    // contentEncoding and contentType: upstream's decoder does not look at them either.
                    ExpectBytes(wireType, number == 3 ? "ContentEncoding" : "ContentType");
                    reader.ReadLengthDelimited();
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }

        return raw;
    }

    private static void ExpectBytes(ProtoWireType wireType, string goName)
    {
        if (wireType != ProtoWireType.LengthDelimited)
        {
            throw new ProtobufException($"proto: wrong wireType = {(int)wireType} for field {goName}");
        }
    }

    private static void PrependString(ProtoWriter writer, int number, string text)
    {
        var mark = writer.Length;
        writer.PrependString(text);
        writer.PrependLengthAndKey(mark, number);
    }
}
