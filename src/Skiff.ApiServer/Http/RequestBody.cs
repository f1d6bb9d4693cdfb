using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using Microsoft.AspNetCore.Http;
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

        var buffer = new ArrayBufferWriter<byte>((int)(request.ContentLength ?? 4096));
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

    /// <summary>Parses a JSON or YAML body into a JSON tree.</summary>
    public static JsonNode ParseTree(byte[] body, string mediaType)
    {
        try
        {
            var node = mediaType switch
            {
                "application/json" or "application/merge-patch+json" or "application/strategic-merge-patch+json"
                    or "application/json-patch+json" or "*/*" => JsonNode.Parse(body),
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

    /// <summary>Decodes a write body into the resource's model after checking apiVersion and kind as upstream does.</summary>
    public static object DecodeObject(byte[] body, string mediaType, ResourceDefinition resource, string? expectedKind = null)
    {
        var node = ParseTree(body, mediaType);
        if (node is not JsonObject obj)
        {
            throw ApiErrors.BadRequest($"Object 'Kind' is missing in '{Truncate(body)}'");
        }

        var kind = obj["kind"]?.GetValue<string>();
        var apiVersion = obj["apiVersion"]?.GetValue<string>();
        expectedKind ??= resource.Kind;
        // Like kube-apiserver, a body without apiVersion/kind takes them from the endpoint (the C# client sends none).
        kind = string.IsNullOrEmpty(kind) ? expectedKind : kind;

        var expectedVersion = expectedKind == "Scale" ? "autoscaling/v1" : resource.ApiVersion;
        if (!string.IsNullOrEmpty(apiVersion) && apiVersion != expectedVersion)
        {
            throw ApiErrors.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({expectedVersion})");
        }

        if (kind != expectedKind)
        {
            throw ApiErrors.BadRequest($"{kind} in version \"{expectedVersion.Split('/')[^1]}\" cannot be handled as a {expectedKind}: the object provided is unrecognized");
        }

        try
        {
            return ObjectCodec.Deserialize(obj, expectedKind == "Scale" ? typeof(k8s.Models.V1Scale) : resource.ModelType);
        }
        catch (JsonException e)
        {
            throw ApiErrors.BadRequest($"{expectedKind} in version \"{expectedVersion.Split('/')[^1]}\" cannot be handled as a {expectedKind}: {Describe(e)}");
        }
        catch (FormatException e)
        {
            throw ApiErrors.BadRequest($"{expectedKind} in version \"{expectedVersion.Split('/')[^1]}\" cannot be handled as a {expectedKind}: {e.Message}");
        }
    }

    private static JsonNode? YamlToJson(byte[] body)
    {
        try
        {
            var text = System.Text.Encoding.UTF8.GetString(body);
            var trimmed = text.TrimStart();
            if (trimmed.StartsWith('{') || trimmed.StartsWith('['))
            {
                return JsonNode.Parse(text);
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
