using Skiff.Bench.Infrastructure;

namespace Skiff.Bench.Measurements;

/// <summary>Durable creates per second: POST pods with a given number of concurrent clients.</summary>
public static class CreateThroughputMeasurement
{
    /// <summary>Creates pod number i at <c>placement(i)</c>; compares the rate with <c>targetPerSecond</c> unless it is null.</summary>
    public static async Task<BenchRow> RunAsync(
        SkiffClient client, string protocol, int creates, int clients, Func<int, PodAddress> placement, double? targetPerSecond, CancellationToken ct = default)
    {
        // Bodies are built before the clock starts so that client-side work is not charged to the server.
        var requests = Enumerable.Range(0, creates)
            .Select(i => placement(i))
            .Select(pod => (Path: $"/api/v1/namespaces/{pod.Namespace}/pods", Body: PodManifest.Json(pod.Name)))
            .ToArray();
        var elapsed = await ConcurrentLoad.RunAsync(creates, clients, (i, token) => client.PostAsync(requests[i].Path, requests[i].Body, token), ct);
        var rate = creates / elapsed.TotalSeconds;
        return new BenchRow(
            $"Durable pod creates/s, {clients} client{(clients == 1 ? "" : "s")} over {protocol} ({creates:N0} creates in {elapsed.TotalSeconds:F1} s)",
            $"{rate:N0}/s",
            targetPerSecond is { } target ? $">= {target:N0}/s" : "",
            targetPerSecond is { } t ? rate >= t : null);
    }
}
