using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Skiff.Api.OpenApi;
using Skiff.Api.Resources;
using Skiff.ApiServer.Discovery;
using Skiff.ApiServer.Http;
using Skiff.ApiServer.Security;

namespace Skiff.ApiServer.Hosting;

/// <summary>The request pipeline: authenticate, route (discovery, health, OpenAPI, resources), answer errors as Status.</summary>
public sealed partial class RequestDispatcher(
    ResourceRegistry registry,
    DiscoveryDocuments discovery,
    OpenApiV3Builder openApi,
    ResourceEndpoint resources,
    BearerTokenAuthenticator authenticator,
    ILogger<RequestDispatcher> logger)
{
    public async Task HandleAsync(HttpContext context)
    {
        try
        {
            if (!BearerTokenAuthenticator.IsPublicPath(context.Request.Path) && !authenticator.IsAuthenticated(context.Request))
            {
                throw ApiErrors.Unauthorized();
            }

            await RouteAsync(context);
        }
        catch (ApiException e) when (!context.Response.HasStarted)
        {
            await Responses.WriteStatusAsync(context, e.Status);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away.
        }
        catch (Exception e) when (!context.Response.HasStarted && e is not OperationCanceledException)
        {
            LogUnhandled(logger, context.Request.Method, context.Request.Path, e);
            await Responses.WriteStatusAsync(context, ApiErrors.Internal(e.Message).Status);
        }
    }

    private async Task RouteAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        switch (path.TrimEnd('/'))
        {
            case "/healthz" or "/livez" or "/readyz":
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync("ok", context.RequestAborted);
                return;
            case "/version":
                await Responses.WriteBytesAsync(context, 200, discovery.Version);
                return;
            case "/api":
                await Responses.WriteBytesAsync(context, 200, discovery.Api);
                return;
            case "/apis":
                await Responses.WriteBytesAsync(context, 200, discovery.Apis);
                return;
            case "/openapi/v3":
                await WriteTextAsync(context, openApi.IndexJson());
                return;
        }

        if (path.StartsWith("/openapi/v3/", StringComparison.Ordinal))
        {
            var document = openApi.GroupVersionJson(path["/openapi/v3/".Length..].TrimEnd('/')) ?? throw ApiErrors.PathNotFound();
            await WriteTextAsync(context, document);
            return;
        }

        if (discovery.ResourceList(path) is { } list)
        {
            await Responses.WriteBytesAsync(context, 200, list);
            return;
        }

        var resourcePath = ResourcePath.Parse(path) ?? throw ApiErrors.PathNotFound();
        var resource = registry.Find(resourcePath.Group, resourcePath.Version, resourcePath.Resource) ?? throw ApiErrors.PathNotFound();
        await resources.HandleAsync(context, resourcePath, resource);
    }

    private static Task WriteTextAsync(HttpContext context, string json) =>
        Responses.WriteBytesAsync(context, 200, System.Text.Encoding.UTF8.GetBytes(json));

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error serving {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, string method, string? path, Exception e);
}
