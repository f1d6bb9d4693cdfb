using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Skiff.Api.Resources;
using Skiff.ApiServer.Discovery;
using Skiff.ApiServer.Http;
using Skiff.ApiServer.Security;

namespace Skiff.ApiServer.Hosting;

/// <summary>The request pipeline: authenticate, route (discovery, health, OpenAPI, resources), answer errors as Status.</summary>
public sealed partial class RequestDispatcher(
    ResourceRegistry registry,
    DiscoveryDocuments discovery,
    OpenApiEndpoint openApi,
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
        }

        if (await openApi.TryHandleAsync(context, path))
        {
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

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error serving {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, string method, string? path, Exception e);
}
