using System.Net;
using Skiff.Api.Admission;

namespace Skiff.ApiServer.Hosting;

/// <summary>Where the API server listens and keeps its credentials, and the clock it runs on.</summary>
public sealed record ApiServerOptions(IPEndPoint Listen, string DataDir)
{
    /// <summary>Object timestamps, table ages, watch timeouts, bookmarks and compaction follow this clock; tests pass a fake one.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// The tolerationSeconds of the not-ready and unreachable tolerations added to every pod (kube-apiserver's
    /// --default-not-ready-toleration-seconds and --default-unreachable-toleration-seconds).
    /// </summary>
    public DefaultTolerationSeconds DefaultTolerations { get; init; } = new();

    /// <summary>
    /// Where /metrics series live; null for prometheus-net's default registry with its process metrics
    /// (<see cref="Observability.ApiServerMetrics.DefaultRegistry"/>). Tests pass their own.
    /// </summary>
    public Prometheus.CollectorRegistry? MetricsRegistry { get; init; }
}
