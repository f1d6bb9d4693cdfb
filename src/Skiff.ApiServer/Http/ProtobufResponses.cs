using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Skiff.Api.Protobuf;

namespace Skiff.ApiServer.Http;

/// <summary>
/// Answers in <c>application/vnd.kubernetes.protobuf</c> when the client prefers it, as client-go's typed clients do
/// (<c>Accept: application/vnd.kubernetes.protobuf,application/json</c>); JSON stays the answer for everything else.
/// </summary>
public static class ProtobufResponses
{
    /// <summary>
    /// Whether protobuf is the most preferred media type of the Accept header that Skiff answers in. Entries asking
    /// for another representation (<c>as=Table</c>, <c>as=PartialObjectMetadata</c>) are passed over: those are
    /// answered in JSON, as are watches, whose protobuf framing Skiff does not write (client-go accepts JSON).
    /// </summary>
    public static bool Preferred(HttpRequest request)
    {
        var accept = request.Headers.Accept.ToString();
        if (!accept.Contains("protobuf", StringComparison.OrdinalIgnoreCase)
            || !MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var entries))
        {
            return false;
        }

        foreach (var entry in entries.OrderByDescending(e => e.Quality ?? 1))
        {
            if (entry.Quality == 0 || entry.Parameters.Any(p => p.Name.Equals("as", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            var mediaType = entry.MediaType.ToString().ToLowerInvariant();
            if (mediaType == KubernetesProtobuf.MediaType)
            {
                return true;
            }

            if (mediaType is "application/json" or "application/yaml" or "application/*" or "*/*")
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>
    /// The body and content type of an answer: protobuf when the client prefers it and the JSON is an object of a
    /// kind the protobuf schema knows (objects, lists, Status), else the JSON itself.
    /// </summary>
    public static (byte[] Body, string ContentType) Choose(HttpRequest request, byte[] json)
    {
        if (Preferred(request))
        {
            try
            {
                if (JsonNode.Parse(json) is JsonObject obj && KubernetesProtobuf.TryEncode(obj) is { } protobuf)
                {
                    return (protobuf, KubernetesProtobuf.MediaType);
                }
            }
            catch (Exception e) when (e is JsonException or ProtobufException)
            {
                // Not an object the schema can carry: JSON is the fallback, which clients decode by Content-Type.
            }
        }

        return (json, Responses.Json);
    }
}
