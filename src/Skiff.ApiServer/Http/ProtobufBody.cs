using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Skiff.Api.Protobuf;

namespace Skiff.ApiServer.Http;

/// <summary>
/// Request bodies in <c>application/vnd.kubernetes.protobuf</c> (client-go's typed clients, kubectl create and
/// autoscale): decoded into their JSON form for the normal path, errors worded as kube-apiserver words them.
/// </summary>
public static class ProtobufBody
{
    public static bool Is(string mediaType) => mediaType == KubernetesProtobuf.MediaType;

    /// <summary>Decodes a body sent to an endpoint that expects <paramref name="kind"/> in <paramref name="apiVersion"/>.</summary>
    public static JsonObject Decode(byte[] body, string apiVersion, string kind)
    {
        try
        {
            return KubernetesProtobuf.Decode(body, apiVersion, kind);
        }
        catch (ProtobufException e) when (e.DataKind is not null)
        {
            throw ApiErrors.BadRequest($"{e.DataKind} in version \"{e.DataVersion}\" cannot be handled as a {kind}: {e.Message}");
        }
        catch (ProtobufException e)
        {
            // Before the envelope named a kind, upstream says so and shows the start of the body.
            throw ApiErrors.BadRequest($"the object provided is unrecognized (must be of type {kind}): {e.Message} ({Summarize(body)})");
        }
    }

    /// <summary>
    /// The JSON of a body read outside <see cref="RequestBody.DecodeObject"/> (DeleteOptions, Binding): a protobuf
    /// body is decoded, any other is returned as it is.
    /// </summary>
    public static byte[] AsJson(HttpRequest request, byte[] body, string apiVersion, string kind)
    {
        if (body.Length == 0 || !Is(RequestBody.MediaType(request)))
        {
            return body;
        }

        var json = Decode(body, apiVersion, kind);
        // Upstream decodes into the expected type and refuses anything else in the envelope.
        if (json["kind"]?.GetValue<string>() != kind)
        {
            throw ApiErrors.BadRequest($"decoded object cannot be converted to {kind}");
        }

        return Encoding.UTF8.GetBytes(json.ToJsonString());
    }

    /// <summary>Upstream's summarizeData: up to 30 bytes, as text for what looks like JSON, else as hex.</summary>
    private static string Summarize(byte[] body)
    {
        const int max = 30;
        if (body.Length == 0)
        {
            return "<empty>";
        }

        var head = body.AsSpan(0, Math.Min(body.Length, max));
        var text = body[0] == (byte)'{' ? Encoding.UTF8.GetString(head) : Convert.ToHexStringLower(head);
        return body.Length > max ? text + " ..." : text;
    }
}
