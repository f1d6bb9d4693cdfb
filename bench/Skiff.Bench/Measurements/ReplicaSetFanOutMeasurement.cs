using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Skiff.Bench.Infrastructure;

namespace Skiff.Bench.Measurements;

/// <summary>
/// The controllers under load: 100 ReplicaSets of 100 replicas each are created at once, and the clock runs until
/// the API holds all 10,000 pods. The in-process controllers share the server process, so the CPU seconds and
/// memory reported are the server's (API, storage and controllers together) over that interval.
/// </summary>
public static class ReplicaSetFanOutMeasurement
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    public static async Task<IReadOnlyList<BenchRow>> RunAsync(SkiffProcess skiff, SkiffClient client, string ns, int replicaSets, int replicas,
        TimeSpan target, CancellationToken ct = default)
    {
        await client.CreateNamespaceAsync(ns, ct);
        var expected = replicaSets * replicas;
        using var server = Process.GetProcessById(skiff.ProcessId);
        var cpuBefore = server.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await ConcurrentLoad.RunAsync(replicaSets, 16, (i, token) =>
            client.PostAsync($"/apis/apps/v1/namespaces/{ns}/replicasets", ReplicaSetJson($"fan-{i:D3}", replicas), token), ct);

        var pods = 0;
        while (pods < expected)
        {
            if (clock.Elapsed > Limit)
            {
                throw new TimeoutException($"only {pods} of {expected} pods after {Limit}");
            }

            pods = await CountPodsAsync(client, ns, ct);
            if (pods < expected)
            {
                await Task.Delay(PollInterval, ct); // the poll itself must not load the server it measures
            }
        }

        var elapsed = clock.Elapsed;
        server.Refresh();
        var cpu = server.TotalProcessorTime - cpuBefore;
        var label = $"{replicaSets} ReplicaSets x {replicas} replicas, in-process controllers";
        return
        [
            new BenchRow($"{label}: time until all {expected:N0} pods exist", $"{elapsed.TotalSeconds:F1} s", $"< {target.TotalSeconds:F0} s", elapsed < target),
            new BenchRow($"{label}: server CPU over that time (API, storage and controllers)", $"{cpu.TotalSeconds:F1} s"),
            new BenchRow($"{label}: server memory after (VmRSS)", $"{skiff.ReadResidentBytes() / (1024.0 * 1024.0):F0} MB"),
        ];
    }

    /// <summary>Counts pods with a one-item page: the server reports how many remain after it.</summary>
    private static async Task<int> CountPodsAsync(SkiffClient client, string ns, CancellationToken ct)
    {
        using var page = JsonDocument.Parse(await client.GetAsync($"/api/v1/namespaces/{ns}/pods?limit=1", ct));
        var items = page.RootElement.GetProperty("items").GetArrayLength();
        var remaining = page.RootElement.GetProperty("metadata").TryGetProperty("remainingItemCount", out var r) ? r.GetInt64() : 0;
        return items + (int)remaining;
    }

    private static byte[] ReplicaSetJson(string name, int replicas) => Encoding.UTF8.GetBytes($$$$$"""
        {"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":"{{{{{name}}}}}"},
         "spec":{"replicas":{{{{{replicas}}}}},"selector":{"matchLabels":{"app":"{{{{{name}}}}}"}},
          "template":{"metadata":{"labels":{"app":"{{{{{name}}}}}"}},
           "spec":{"containers":[{"name":"web","image":"nginx:1.27","resources":{"requests":{"cpu":"10m","memory":"16Mi"}}}]}}}}
        """);
}
