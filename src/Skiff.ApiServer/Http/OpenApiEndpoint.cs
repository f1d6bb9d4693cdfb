using System.Globalization;
using Microsoft.AspNetCore.Http;
using Skiff.Api.OpenApi;

namespace Skiff.ApiServer.Http;

/// <summary>
/// Serves <c>/openapi/v3</c>, <c>/openapi/v3/{group-version}</c> and <c>/openapi/v2</c> as kube-apiserver does
/// (kube-openapi's handlers): the hash as a quoted ETag with If-None-Match answered 304, a request for an old hash
/// redirected (301) to the current one, a request for the current hash marked immutable for a year, and v2 in JSON or
/// in gnostic protobuf by the Accept header. The documents are built on the first request.
/// </summary>
public sealed class OpenApiEndpoint(OpenApiV3Builder v3, OpenApiV2Builder v2, TimeProvider time)
{
    /// <summary>The protobuf form client-go's discovery client asks for.</summary>
    public const string V2ProtobufMediaType = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";

    /// <summary>
    /// The Content-Type of the protobuf answer. Upstream answers with this spelling whichever one was asked for: Go's
    /// mime.ParseMediaType, which client-go runs on every response, rejects the '@' of the other.
    /// </summary>
    public const string V2ProtobufContentType = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";
    private const string V3Prefix = "/openapi/v3/";

    /// <summary>Answers the request if its path is an OpenAPI path; false otherwise.</summary>
    public async Task<bool> TryHandleAsync(HttpContext context, string path)
    {
        var trimmed = path.TrimEnd('/');
        if (trimmed == "/openapi/v3")
        {
            await WriteAsync(context, v3.IndexJson(), Responses.Json);
            return true;
        }

        if (path.StartsWith(V3Prefix, StringComparison.Ordinal))
        {
            await GroupVersionAsync(context, trimmed[V3Prefix.Length..]);
            return true;
        }

        if (trimmed == "/openapi/v2")
        {
            await V2Async(context);
            return true;
        }

        return false;
    }

    private async Task GroupVersionAsync(HttpContext context, string key)
    {
        var document = v3.GroupVersionJson(key) ?? throw ApiErrors.PathNotFound();
        var hash = v3.GroupVersionHash(key)!;
        var response = context.Response;
        response.Headers.Vary = "Accept";
        if (Choose(context.Request, Responses.Json) is null)
        {
            response.StatusCode = StatusCodes.Status406NotAcceptable;
            return;
        }

        response.Headers.ETag = Quoted(hash);
        var requested = context.Request.Query["hash"].ToString();
        if (requested.Length > 0)
        {
            if (!string.Equals(requested, hash, StringComparison.Ordinal))
            {
                // A client holding an index from before a change asks for a hash that is gone: point it at the current one.
                response.StatusCode = StatusCodes.Status301MovedPermanently;
                response.Headers.Location = $"{V3Prefix}{key}?hash={hash}";
                return;
            }

            response.Headers.CacheControl = "public, immutable";
            response.Headers.Expires = time.GetUtcNow().AddYears(1).ToString("R", CultureInfo.InvariantCulture);
        }

        if (NotModified(context, hash))
        {
            return;
        }

        await WriteAsync(context, document, Responses.Json);
    }

    private async Task V2Async(HttpContext context)
    {
        var response = context.Response;
        response.Headers.Vary = "Accept";
        var mediaType = Choose(context.Request, Responses.Json, V2ProtobufMediaType, V2ProtobufContentType);
        if (mediaType is null)
        {
            response.StatusCode = StatusCodes.Status406NotAcceptable;
            return;
        }

        var hash = v2.Hash();
        response.Headers.ETag = Quoted(hash);
        if (NotModified(context, hash))
        {
            return;
        }

        var isProtobuf = mediaType != Responses.Json;
        await WriteAsync(context, isProtobuf ? v2.Protobuf() : v2.Json(), isProtobuf ? V2ProtobufContentType : Responses.Json);
    }

    /// <summary>
    /// The first of <paramref name="offered"/> the Accept header allows, in the header's order of preference; a missing
    /// header or a wildcard takes the first offered. Null when nothing fits (406). The header is split by hand: the
    /// v2 protobuf type's '@' is not a token character, so a strict media type parser drops it.
    /// </summary>
    private static string? Choose(HttpRequest request, params string[] offered)
    {
        var accept = request.Headers.Accept.ToString();
        if (accept.Trim().Length == 0)
        {
            return offered[0];
        }

        var entries = accept.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(entry => entry.Split(';', StringSplitOptions.TrimEntries))
            .Select(parts => (MediaType: parts[0], Quality: Quality(parts)))
            .Where(e => e.Quality > 0)
            .OrderByDescending(e => e.Quality);
        foreach (var (mediaType, _) in entries)
        {
            if (mediaType is "*/*" or "application/*")
            {
                return offered[0];
            }

            if (offered.FirstOrDefault(o => o.Equals(mediaType, StringComparison.OrdinalIgnoreCase)) is { } match)
            {
                return match;
            }
        }

        return null;
    }

    private static double Quality(string[] parameters)
    {
        foreach (var parameter in parameters.Skip(1))
        {
            if (parameter.StartsWith("q=", StringComparison.OrdinalIgnoreCase)
                && double.TryParse(parameter[2..], NumberStyles.Float, CultureInfo.InvariantCulture, out var quality))
            {
                return quality;
            }
        }

        return 1;
    }

    private static bool NotModified(HttpContext context, string hash)
    {
        var ifNoneMatch = context.Request.Headers.IfNoneMatch.ToString();
        if (ifNoneMatch.Length == 0 || !ifNoneMatch.Split(',').Any(tag => tag.Trim() == Quoted(hash) || tag.Trim() == "*"))
        {
            return false;
        }

        context.Response.StatusCode = StatusCodes.Status304NotModified;
        return true;
    }

    private static string Quoted(string hash) => "\"" + hash + "\"";

    private static Task WriteAsync(HttpContext context, byte[] body, string contentType)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = contentType;
        context.Response.ContentLength = body.Length;
        return context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }
}
