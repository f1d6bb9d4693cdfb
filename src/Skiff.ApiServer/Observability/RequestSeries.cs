using Prometheus;

namespace Skiff.ApiServer.Observability;

/// <summary>The pre-bound children of one request series: its counter (per code) and its latency histogram.</summary>
internal sealed class RequestSeries(Counter.Child total, Histogram.Child duration)
{
    public Counter.Child Total { get; } = total;

    public Histogram.Child Duration { get; } = duration;
}
