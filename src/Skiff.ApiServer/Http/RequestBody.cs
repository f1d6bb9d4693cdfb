using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using Microsoft.AspNetCore.Http;
using Skiff.Api.Decoding;
using Skiff.Api.Resources;
using Skiff.ApiServer.Objects;

namespace Skiff.ApiServer.Http;

/// <summary>Reads request bodies: size limit, media types, JSON or YAML, and the apiVersion/kind checks upstream makes.</summary>
public static class RequestBody
{
    /// <summary>kube-apiserver's limit on a request body (3 MiB).</summary>
    public const int MaxBytes = 3 * 1024 * 1024;

    public static async Task<byte[]> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBytes)
        {
            throw ApiErrors.RequestEntityTooLarge();
        }

        if (request.ContentLength is { } length)
        {
            return await ReadExactlyAsync(request.Body, (int)length, ct);
        }

        var buffer = new ArrayBufferWriter<byte>(4096);
        while (true)
        {
            var memory = buffer.GetMemory(16 * 1024);
            var read = await request.Body.ReadAsync(memory, ct);
            if (read == 0)
            {
                break;
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > MaxBytes)
            {
                throw ApiErrors.RequestEntityTooLarge();
            }
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A body of announced length goes straight into an array of that size: no growing buffer, no final copy.</summary>
    private static async Task<byte[]> ReadExactlyAsync(Stream body, int length, CancellationToken ct)
    {
        var bytes = length == 0 ? [] : new byte[length];
        var filled = 0;
        while (filled < length)
        {
            var read = await body.ReadAsync(bytes.AsMemory(filled), ct);
            if (read == 0)
            {
                // Kestrel fails a body cut short of its Content-Length itself; this only keeps a stream that ends early honest.
                return bytes[..filled];
            }

            filled += read;
        }

        return bytes;
    }

    /// <summary>The media type without parameters, lower case; kubectl's PUT /scale sends none (treated as JSON).</summary>
    public static string MediaType(HttpRequest request)
    {
        var contentType = request.ContentType;
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return "application/json";
        }

        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        return (semicolon >= 0 ? contentType[..semicolon] : contentType).Trim().ToLowerInvariant();
    }

    /// <summary>Parses a JSON or YAML body into a JSON tree; a repeated key keeps its last value, as in Go.</summary>
    public static JsonNode ParseTree(byte[] body, string mediaType)
    {
        try
        {
            var node = mediaType switch
            {
                "application/json" or "application/merge-patch+json" or "application/strategic-merge-patch+json"
                    or "application/json-patch+json" or "*/*" => JsonTree.Parse(body),
                "application/yaml" or "application/apply-patch+yaml" => YamlToJson(body),
                _ => throw ApiErrors.UnsupportedMediaType(),
            };
            return node ?? throw ApiErrors.BadRequest("Object 'Kind' is missing in 'null'");
        }
        catch (JsonException e)
        {
            throw ApiErrors.BadRequest($"error decoding request body: {Describe(e)}");
        }
    }

    /// <summary>
    /// Decodes a write body into the resource's model after checking apiVersion and kind as upstream does, and applies
    /// fieldValidation: under Strict an unknown or duplicate field is upstream's 400
    /// (<c>Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.foo"</c>), under
    /// Warn each one comes back in <paramref name="warnings"/>.
    /// </summary>
    public static object DecodeObject(byte[] body, string mediaType, ResourceDefinition resource, FieldValidationDirective validation,
        out IReadOnlyList<string> warnings, string? expectedKind = null)
    {
        expectedKind ??= resource.Kind;
        var modelType = expectedKind == "Scale" ? typeof(k8s.Models.V1Scale) : resource.ModelType;
        var version = ExpectedVersion(resource, expectedKind).Split('/')[^1];
        if (mediaType is "application/json" or "*/*" && TypeMetaOf(body) is { } typeMeta
            && (typeMeta.Kind ?? expectedKind) == expectedKind && (typeMeta.ApiVersion is null || typeMeta.ApiVersion == ExpectedVersion(resource, expectedKind)))
        {
            // The common case, a well-formed JSON object of the right kind: one pass of the serializer over the bytes
            // instead of a JSON tree built only to be turned into the model. Errors keep the tree path's wording below.
            // The strict check is one more pass of a reader, which allocates nothing while every field is known.
            var problems = validation == FieldValidationDirective.Ignore ? [] : StrictFieldChecker.Check(body, modelType);
            object? model = null;
            try
            {
                model = ObjectCodec.Deserialize(body, modelType);
            }
            catch (Exception e) when (e is JsonException or FormatException)
            {
                // Fall through: the tree path reports it as before.
            }

            if (model is not null)
            {
                warnings = Apply(validation, problems.Count == 0 ? null : new StrictDecodingReport().Add(problems), expectedKind, version);
                return model;
            }
        }

        var node = ProtobufBody.Is(mediaType)
            ? ProtobufBody.Decode(body, expectedKind == "Scale" ? "autoscaling/v1" : resource.ApiVersion, expectedKind)
            : ParseTree(body, mediaType);
        if (node is not JsonObject obj)
        {
            throw ApiErrors.BadRequest($"Object 'Kind' is missing in '{Truncate(body)}'");
        }

        var kind = obj["kind"]?.GetValue<string>();
        var apiVersion = obj["apiVersion"]?.GetValue<string>();
        // Like kube-apiserver, a body without apiVersion/kind takes them from the endpoint (the C# client sends none).
        kind = string.IsNullOrEmpty(kind) ? expectedKind : kind;

        var expectedVersion = ExpectedVersion(resource, expectedKind);
        if (!string.IsNullOrEmpty(apiVersion) && apiVersion != expectedVersion)
        {
            throw ApiErrors.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({expectedVersion})");
        }

        if (kind != expectedKind)
        {
            throw ApiErrors.BadRequest($"{kind} in version \"{version}\" cannot be handled as a {expectedKind}: the object provided is unrecognized");
        }

        object decoded;
        try
        {
            decoded = ObjectCodec.Deserialize(obj, modelType);
        }
        catch (JsonException e)
        {
            throw ApiErrors.BadRequest($"{expectedKind} in version \"{version}\" cannot be handled as a {expectedKind}: {Describe(e)}");
        }
        catch (FormatException e)
        {
            throw ApiErrors.BadRequest($"{expectedKind} in version \"{version}\" cannot be handled as a {expectedKind}: {e.Message}");
        }

        warnings = Apply(validation, TreeProblems(body, mediaType, obj, modelType, validation), expectedKind, version);
        return decoded;
    }

    /// <summary>
    /// Strict decoding problems of a body that went through the tree: a JSON body is checked as sent (the tree has lost
    /// repeated keys); a YAML body has go-yaml's repeated keys first, then the unknown fields of its JSON, as upstream
    /// converts YAML to JSON before decoding it. Protobuf cannot carry unknown fields.
    /// </summary>
    private static StrictDecodingReport? TreeProblems(byte[] body, string mediaType, JsonObject tree, Type modelType, FieldValidationDirective validation)
    {
        if (validation == FieldValidationDirective.Ignore || ProtobufBody.Is(mediaType))
        {
            return null;
        }

        var report = new StrictDecodingReport();
        if (mediaType is "application/yaml")
        {
            report.AddYaml(YamlDuplicateKeys.Find(System.Text.Encoding.UTF8.GetString(body))).Add(StrictFieldChecker.Check(tree, modelType));
        }
        else
        {
            report.Add(StrictFieldChecker.Check(body, modelType));
        }

        return report.IsEmpty ? null : report;
    }

    /// <summary>Strict: the problems are upstream's 400. Warn: they are the warnings returned. Ignore: nothing.</summary>
    private static IReadOnlyList<string> Apply(FieldValidationDirective validation, StrictDecodingReport? report, string kind, string version)
    {
        if (report is null || validation == FieldValidationDirective.Ignore)
        {
            return [];
        }

        if (validation == FieldValidationDirective.Strict)
        {
            throw ApiErrors.BadRequest($"{kind} in version \"{version}\" cannot be handled as a {kind}: {report.ErrorText}");
        }

        return [.. report.Warnings];
    }

    private static string ExpectedVersion(ResourceDefinition resource, string expectedKind) =>
        expectedKind == "Scale" ? "autoscaling/v1" : resource.ApiVersion;

    /// <summary>
    /// The top-level apiVersion and kind of a JSON object (null when absent or empty), after checking that the whole
    /// body is well-formed JSON; null when it is not an object, not well-formed, or either field is not a string.
    /// </summary>
    private static (string? ApiVersion, string? Kind)? TypeMetaOf(ReadOnlySpan<byte> body)
    {
        string? apiVersion = null;
        string? kind = null;
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isKind = reader.ValueTextEquals("kind"u8);
                var isApiVersion = !isKind && reader.ValueTextEquals("apiVersion"u8);
                reader.Read();
                if (isKind || isApiVersion)
                {
                    if (reader.TokenType == JsonTokenType.Null)
                    {
                        continue;
                    }

                    if (reader.TokenType != JsonTokenType.String)
                    {
                        return null;
                    }

                    var value = reader.GetString();
                    if (isKind)
                    {
                        kind = string.IsNullOrEmpty(value) ? null : value;
                    }
                    else
                    {
                        apiVersion = string.IsNullOrEmpty(value) ? null : value;
                    }
                }
                else
                {
                    reader.Skip();
                }
            }

            // Only whitespace may follow the object; the reader rejects anything else on the next read.
            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                return null;
            }
        }
        catch (JsonException)
        {
            return null;
        }

        return (apiVersion, kind);
    }

    private static JsonNode? YamlToJson(byte[] body)
    {
        try
        {
            var text = System.Text.Encoding.UTF8.GetString(body);
            var trimmed = text.TrimStart();
            if (trimmed.StartsWith('{') || trimmed.StartsWith('['))
            {
                return JsonTree.Parse(body);
            }

            var parsed = KubernetesYaml.Deserialize<object>(text);
            return JsonSerializer.SerializeToNode(parsed);
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw ApiErrors.BadRequest($"error converting YAML to JSON: {e.Message}");
        }
    }

    private static string Describe(JsonException e) =>
        e.Path is { Length: > 1 } path ? $"{e.Message.Split(" Path:")[0]} (at {path})" : e.Message.Split(" Path:")[0];

    private static string Truncate(byte[] body)
    {
        var text = System.Text.Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 256)).ReplaceLineEndings(" ");
        return text;
    }
}
