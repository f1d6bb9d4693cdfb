using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Skiff.Api.Resources;
using Skiff.ApiServer.Http;
using Skiff.ApiServer.Security;

namespace Skiff.ApiServer.Observability;

/// <summary>
/// The one place every resource request is accounted for once it is answered: apiserver_request_total and
/// apiserver_request_duration_seconds, the long-running gauges of watches, and the audit line of each write.
/// </summary>
/// <remarks>
/// The create path serves thousands of requests a second, so the labelled children are bound once per series and
/// found again through <see cref="RequestSeriesKey"/> (references and short strings, no label array per request).
/// The audit line is a Debug message: with Debug off nothing is formatted or allocated for it.
/// </remarks>
public sealed partial class RequestRecorder(ApiServerMetrics metrics, TimeProvider time, ILogger auditLogger)
{
    /// <summary>The logger category of the audit lines, so they can be switched on alone.</summary>
    public const string AuditCategory = "Skiff.ApiServer.Audit";

    private readonly ConcurrentDictionary<RequestSeriesKey, RequestSeries> series = new();

    /// <summary>
    /// Classifies a resource request before it is served and counts it as long-running if it is a watch or a stream;
    /// null when the path names a subresource the resource does not serve (nothing is recorded for those).
    /// </summary>
    public ResourceRequestInfo? Begin(HttpContext context, ResourcePath path, ResourceDefinition resource)
    {
        if (ResourceRequestInfo.Classify(context.Request, path, resource) is not { } info)
        {
            return null;
        }

        if (info.IsLongRunning)
        {
            LongRunning(info).Inc();
            if (info.Verb == "WATCH")
            {
                Watchers(info.Resource).Inc();
            }
        }

        if (info.WriteVerb is not null && path.Name is null && auditLogger.IsEnabled(LogLevel.Debug))
        {
            context.Features.Set(new AuditObjectName());
        }

        return info;
    }

    /// <summary>Records the answered request: its status code and the time since <paramref name="startedTimestamp"/>.</summary>
    public void End(HttpContext context, ResourceRequestInfo info, long startedTimestamp)
    {
        var elapsed = time.GetElapsedTime(startedTimestamp);
        var code = context.Response.StatusCode;
        var bound = Series(info, code);
        bound.Total.Inc();
        bound.Duration.Observe(elapsed.TotalSeconds);
        if (info.IsLongRunning)
        {
            LongRunning(info).Dec();
            if (info.Verb == "WATCH")
            {
                Watchers(info.Resource).Dec();
            }
        }

        if (info.WriteVerb is { } verb && auditLogger.IsEnabled(LogLevel.Debug))
        {
            var name = info.Path.Name ?? context.Features.Get<AuditObjectName>()?.Name ?? "";
            LogWrite(auditLogger, BearerTokenAuthenticator.UserName, verb, info.Resource.Group, info.Resource.Plural, info.Subresource,
                info.Path.Namespace ?? "", name, code, elapsed.TotalMilliseconds);
        }
    }

    private RequestSeries Series(in ResourceRequestInfo info, int code)
    {
        var key = new RequestSeriesKey(info.Resource, info.Subresource, info.Verb, info.Scope, info.DryRun, code);
        return series.TryGetValue(key, out var found) ? found : series.GetOrAdd(key, Bind);
    }

    private RequestSeries Bind(RequestSeriesKey key)
    {
        var resource = key.Resource;
        var total = metrics.RequestTotal.WithLabels(key.Verb, key.DryRun, resource.Group, resource.Version, resource.Plural, key.Subresource,
            key.Scope, ApiServerMetrics.Component, key.Code.ToString(CultureInfo.InvariantCulture));
        var duration = metrics.RequestDuration.WithLabels(key.Verb, key.DryRun, resource.Group, resource.Version, resource.Plural, key.Subresource,
            key.Scope, ApiServerMetrics.Component);
        return new RequestSeries(total, duration);
    }

    // Watches are few next to creates, so their gauges are looked up through prometheus-net's own label index.
    private Prometheus.Gauge.Child LongRunning(in ResourceRequestInfo info) =>
        metrics.LongRunningRequests.WithLabels(info.Verb, info.Resource.Group, info.Resource.Version, info.Resource.Plural, info.Subresource,
            info.Scope, ApiServerMetrics.Component);

    private Prometheus.Gauge.Child Watchers(ResourceDefinition resource) =>
        metrics.RegisteredWatchers.WithLabels(resource.Group, resource.Version, resource.Kind);

    [LoggerMessage(Level = LogLevel.Debug,
        Message = "audit user={User} verb={Verb} group={Group} resource={Resource} subresource={Subresource} namespace={ObjectNamespace} name={Name} code={Code} latency={LatencyMilliseconds:F3}ms")]
    private static partial void LogWrite(ILogger logger, string user, string verb, string group, string resource, string subresource,
        string objectNamespace, string name, int code, double latencyMilliseconds);
}
