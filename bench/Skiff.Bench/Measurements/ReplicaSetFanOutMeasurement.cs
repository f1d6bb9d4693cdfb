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

    /// <param name="skiff">The server (controllers in-process).</param>
    /// <param name="client">The bench's client.</param>
    /// <param name="ns">A namespace to create and fill.</param>
    /// <param name="replicaSets">How many ReplicaSets to post at once.</param>
    /// <param name="replicas">Replicas of each.</param>
    /// <param name="target">The time all pods must exist within.</param>
    /// <param name="readyTarget">When set, the clock also runs until every pod is Running and Ready (the server must have
    /// simulated nodes and its scheduler), within this target.</param>
    /// <param name="label">What the rows call this setup.</param>
    /// <param name="ct">Cancels the run.</param>
    public static async Task<IReadOnlyList<BenchRow>> RunAsync(SkiffProcess skiff, SkiffClient client, string ns, int replicaSets, int replicas,
        TimeSpan target, TimeSpan? readyTarget = null, string label = "in-process controllers", CancellationToken ct = default)
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
        var rowLabel = $"{replicaSets} ReplicaSets x {replicas} replicas, {label}";
        var rows = new List<BenchRow>
        {
            new($"{rowLabel}: time until all {expected:N0} pods exist", $"{elapsed.TotalSeconds:F1} s", $"< {target.TotalSeconds:F0} s", elapsed < target),
        };
        if (readyTarget is { } untilReady)
        {
            var ready = 0;
            while (ready < expected)
            {
                if (clock.Elapsed > Limit)
                {
                    throw new TimeoutException($"only {ready} of {expected} pods ready after {Limit}");
                }

                ready = await CountReadyReplicasAsync(client, ns, ct);
                if (ready < expected)
                {
                    await Task.Delay(PollInterval * 10, ct);
                }
            }

            var toReady = clock.Elapsed;
            rows.Add(new($"{rowLabel}: time until all {expected:N0} pods are scheduled, Running and Ready",
                $"{toReady.TotalSeconds:F1} s", $"< {untilReady.TotalSeconds:F0} s", toReady < untilReady));
        }

        server.Refresh();
        var cpu = server.TotalProcessorTime - cpuBefore;
        rows.Add(new($"{rowLabel}: server CPU over that time (everything in the one process)", $"{cpu.TotalSeconds:F1} s"));
        rows.Add(new($"{rowLabel}: server memory after (VmRSS)", $"{skiff.ReadResidentBytes() / (1024.0 * 1024.0):F0} MB"));
        return rows;
    }

    /// <summary>Sums the ReplicaSets' status.readyReplicas: 100 small objects instead of 10,000 pods per poll.</summary>
    private static async Task<int> CountReadyReplicasAsync(SkiffClient client, string ns, CancellationToken ct)
    {
        using var list = JsonDocument.Parse(await client.GetAsync($"/apis/apps/v1/namespaces/{ns}/replicasets", ct));
        return list.RootElement.GetProperty("items").EnumerateArray()
            .Sum(rs => rs.TryGetProperty("status", out var status) && status.TryGetProperty("readyReplicas", out var ready) ? ready.GetInt32() : 0);
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
