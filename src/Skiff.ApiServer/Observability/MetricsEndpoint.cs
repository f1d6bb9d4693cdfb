using Microsoft.AspNetCore.Http;
using Prometheus;
using Skiff.Api.Resources;
using Skiff.Storage;

namespace Skiff.ApiServer.Observability;

/// <summary>
/// GET /metrics: the registry in Prometheus' text format, with apiserver_storage_objects counted from the store at
/// the time of the scrape (upstream counts every minute; a scrape is when the figure is needed).
/// </summary>
public sealed class MetricsEndpoint(ApiServerMetrics metrics, IStore store, ResourceRegistry registry)
{
    /// <summary>Prometheus' text exposition format, version 0.0.4, as kube-apiserver answers it.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    // One entry per stored resource: HPA v1 is a view of the stored v2, so it is counted once under its storage name.
    private readonly (string Prefix, Gauge.Child Count)[] storedResources =
    [
        .. registry.Resources
            .Select(r => r.Storage)
            .Distinct()
            .Select(r => (r.StoragePrefix, metrics.StorageObjects.WithLabels(r.QualifiedResource))),
    ];

    public async Task ServeAsync(HttpContext context)
    {
        var ct = context.RequestAborted;
        await CountStoredObjectsAsync(ct);
        context.Response.StatusCode = 200;
        context.Response.ContentType = ContentType;
        await metrics.Registry.CollectAndExportAsTextAsync(context.Response.Body, ct);
    }

    /// <summary>
    /// Sets apiserver_storage_objects for every resource. A range with limit 1 materializes one key and counts the
    /// rest (RemainingCount), so counting never copies a resource's objects.
    /// </summary>
    public async Task CountStoredObjectsAsync(CancellationToken ct)
    {
        foreach (var (prefix, count) in storedResources)
        {
            var range = await store.RangeAsync(prefix, null, 1, 0, ct);
            count.Set(range.Items.Count + range.RemainingCount);
        }
    }
}
