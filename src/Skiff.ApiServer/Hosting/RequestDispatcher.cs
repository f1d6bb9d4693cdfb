using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Skiff.Api.Resources;
using Skiff.ApiServer.Discovery;
using Skiff.ApiServer.Http;
using Skiff.ApiServer.Observability;
using Skiff.ApiServer.Security;

namespace Skiff.ApiServer.Hosting;

/// <summary>
/// The request pipeline: authenticate, route (discovery, health, OpenAPI, metrics, resources), answer errors as
/// Status, and hand every answered resource request to the <see cref="RequestRecorder"/> (metrics and audit line).
/// </summary>
public sealed partial class RequestDispatcher(
    ResourceRegistry registry,
    DiscoveryDocuments discovery,
    OpenApiEndpoint openApi,
    ResourceEndpoint resources,
    MetricsEndpoint metrics,
    RequestRecorder recorder,
    BearerTokenAuthenticator authenticator,
    TimeProvider time,
    ILogger<RequestDispatcher> logger)
{
    public async Task HandleAsync(HttpContext context)
    {
        var started = time.GetTimestamp();
        ResourceRequestInfo? recorded = null;
        try
        {
            if (!BearerTokenAuthenticator.IsPublicPath(context.Request.Path) && !authenticator.IsAuthenticated(context.Request))
            {
                throw ApiErrors.Unauthorized();
            }

            var path = context.Request.Path.Value ?? "/";
            if (await TryServeNonResourceAsync(context, path))
            {
                return;
            }

            var resourcePath = ResourcePath.Parse(path) ?? throw ApiErrors.PathNotFound();
            var resource = registry.Find(resourcePath.Group, resourcePath.Version, resourcePath.Resource) ?? throw ApiErrors.PathNotFound();
            recorded = recorder.Begin(context, resourcePath, resource);
            await resources.HandleAsync(context, resourcePath, resource);
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
        finally
        {
            // After the catch clauses: an error has been written as Status by now, so its code is the one recorded.
            if (recorded is { } info)
            {
                recorder.End(context, info, started);
            }
        }
    }

    /// <summary>Health, version, discovery, OpenAPI and metrics; false for anything else (resource paths).</summary>
    private async Task<bool> TryServeNonResourceAsync(HttpContext context, string path)
    {
        switch (path.TrimEnd('/'))
        {
            case "/healthz" or "/livez" or "/readyz":
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync("ok", context.RequestAborted);
                return true;
            case "/version":
                await Responses.WriteBytesAsync(context, 200, discovery.Version);
                return true;
            case "/api":
                await Responses.WriteBytesAsync(context, 200, discovery.Api);
                return true;
            case "/apis":
                await Responses.WriteBytesAsync(context, 200, discovery.Apis);
                return true;
            case "/metrics":
                await metrics.ServeAsync(context);
                return true;
        }

        if (await openApi.TryHandleAsync(context, path))
        {
            return true;
        }

        if (discovery.ResourceList(path) is { } list)
        {
            await Responses.WriteBytesAsync(context, 200, list);
            return true;
        }

        return false;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error serving {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, string method, string? path, Exception e);
}
