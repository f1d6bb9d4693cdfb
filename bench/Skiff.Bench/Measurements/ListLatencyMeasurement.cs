using System.Diagnostics;
using System.Text.Json;
using Skiff.Bench.Infrastructure;

namespace Skiff.Bench.Measurements;

/// <summary>LIST latency: full (unpaginated) lists of one namespace's pods, timed until the last byte is read.</summary>
public static class ListLatencyMeasurement
{
    private static readonly TimeSpan Target = TimeSpan.FromMilliseconds(250);

    public static async Task<IReadOnlyList<BenchRow>> RunAsync(SkiffClient client, string ns, int expectedItems, int lists, CancellationToken ct = default)
    {
        var path = $"/api/v1/namespaces/{ns}/pods";

        // One untimed list first: checks the count, and warms the server's code paths as a real client would find them.
        var first = await client.GetAsync(path, ct);
        using (var document = JsonDocument.Parse(first))
        {
            var items = document.RootElement.GetProperty("items").GetArrayLength();
            if (items != expectedItems)
            {
                throw new InvalidOperationException($"LIST {path} returned {items} items, expected {expectedItems}");
            }
        }

        var times = new List<TimeSpan>(lists);
        for (var i = 0; i < lists; i++)
        {
            var clock = Stopwatch.StartNew();
            await client.GetAsync(path, ct);
            times.Add(clock.Elapsed);
        }

        var summary = LatencySummary.Of(times);
        var label = $"LIST of {expectedItems:N0} pods ({first.Length / (1024.0 * 1024.0):F1} MB, {lists} lists)";
        return
        [
            new BenchRow($"{label}: median", $"{summary.Median.TotalMilliseconds:F0} ms", "< 250 ms", summary.Median < Target),
            new BenchRow($"{label}: p99", $"{summary.P99.TotalMilliseconds:F0} ms", "< 250 ms", summary.P99 < Target),
        ];
    }
}
