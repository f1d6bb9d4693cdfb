using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Skiff.Bench.Infrastructure;

namespace Skiff.Bench.Measurements;

/// <summary>
/// The Deployment controller rolling pods on simulated nodes: deployments are created and rolled out, then their image
/// is changed at once and the clock runs until every one reports the rollout complete (as `kubectl rollout status`
/// decides: observedGeneration caught up, all replicas updated, none old left, all available). Each pod template
/// carries skiff.io/start-delay, so a new pod turns Ready that long after its node accepts it; the rollout cannot
/// be faster than the number of surge+unavailable waves times that delay (docs/BENCHMARKS.md explains the formula).
/// </summary>
public static class DeploymentRolloutMeasurement
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    /// <param name="skiff">The server (controllers, scheduler and simulated nodes in-process).</param>
    /// <param name="client">The bench's client.</param>
    /// <param name="ns">A namespace to create and fill.</param>
    /// <param name="deployments">How many Deployments to roll at once.</param>
    /// <param name="replicas">Replicas of each.</param>
    /// <param name="startDelay">The simulated container start delay on every pod.</param>
    /// <param name="ratioTarget">When set, the measured time over the theoretical minimum must stay below it.</param>
    /// <param name="progress">Reports the steps.</param>
    /// <param name="ct">Cancels the run.</param>
    public static async Task<IReadOnlyList<BenchRow>> RunAsync(SkiffProcess skiff, SkiffClient client, string ns, int deployments, int replicas,
        TimeSpan startDelay, double? ratioTarget, Action<string> progress, CancellationToken ct = default)
    {
        await client.CreateNamespaceAsync(ns, ct);
        var names = Enumerable.Range(0, deployments).Select(i => $"roll-{i:D3}").ToArray();
        await ConcurrentLoad.RunAsync(deployments, 16, (i, token) =>
            client.PostAsync($"/apis/apps/v1/namespaces/{ns}/deployments", DeploymentJson(names[i], replicas, startDelay, "nginx:1.17"), token), ct);
        var created = Stopwatch.StartNew();
        await WaitCompleteAsync(client, ns, deployments, replicas, created, ct);
        progress($"deployments: {deployments} x {replicas} rolled out in {created.Elapsed.TotalSeconds:F1} s; updating the image");

        using var server = Process.GetProcessById(skiff.ProcessId);
        var cpuBefore = server.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var patch = Encoding.UTF8.GetBytes("""{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"nginx:1.18"}]}}}}""");
        await ConcurrentLoad.RunAsync(deployments, 16, (i, token) =>
            client.PatchAsync($"/apis/apps/v1/namespaces/{ns}/deployments/{names[i]}", patch, "application/strategic-merge-patch+json", token), ct);
        await WaitCompleteAsync(client, ns, deployments, replicas, clock, ct);
        var elapsed = clock.Elapsed;
        server.Refresh();
        var cpu = server.TotalProcessorTime - cpuBefore;

        var minimum = MinimumRolloutTime(replicas, startDelay);
        var label = deployments == 1
            ? $"1 Deployment of {replicas:N0} replicas, new image, 25%/25%, start delay {startDelay.TotalSeconds:F0} s"
            : $"{deployments} Deployments x {replicas} replicas rolled at once, 25%/25%, start delay {startDelay.TotalSeconds:F0} s";
        var ratio = elapsed / minimum;
        var rows = new List<BenchRow>
        {
            new($"{label}: time until the rollout is complete (theoretical minimum {minimum.TotalSeconds:F0} s)", $"{elapsed.TotalSeconds:F1} s"),
            ratioTarget is { } target
                ? new($"{label}: time over the theoretical minimum", ratio.ToString("F2", CultureInfo.InvariantCulture), $"< {target:F1}", ratio < target)
                : new($"{label}: time over the theoretical minimum", ratio.ToString("F2", CultureInfo.InvariantCulture)),
            new($"{label}: server CPU over the rollout (API, controllers, scheduler and nodes in the one process)", $"{cpu.TotalSeconds:F1} s"),
        };
        return rows;
    }

    /// <summary>
    /// Each wave starts surge + unavailable new pods and waits one start delay for them to turn Ready before the
    /// next can begin; 25%/25% resolves as upstream does (surge rounded up, unavailable rounded down).
    /// Worked example: 1,000 replicas give 250 + 250 = 500 pods a wave, so 2 waves: 2 x 10 s = 20 s.
    /// </summary>
    public static TimeSpan MinimumRolloutTime(int replicas, TimeSpan startDelay)
    {
        var surge = (replicas + 3) / 4;
        var unavailable = replicas / 4;
        var waves = (replicas + surge + unavailable - 1) / (surge + unavailable);
        return startDelay * waves;
    }

    /// <summary>Polls the deployments until every one is complete, by `kubectl rollout status`'s rule.</summary>
    private static async Task WaitCompleteAsync(SkiffClient client, string ns, int deployments, int replicas, Stopwatch clock, CancellationToken ct)
    {
        while (true)
        {
            var complete = await CountCompleteAsync(client, ns, replicas, ct);
            if (complete == deployments)
            {
                return;
            }

            if (clock.Elapsed > Limit)
            {
                throw new TimeoutException($"only {complete} of {deployments} deployments complete after {Limit}");
            }

            await Task.Delay(PollInterval, ct);
        }
    }

    private static async Task<int> CountCompleteAsync(SkiffClient client, string ns, int replicas, CancellationToken ct)
    {
        using var list = JsonDocument.Parse(await client.GetAsync($"/apis/apps/v1/namespaces/{ns}/deployments", ct));
        return list.RootElement.GetProperty("items").EnumerateArray().Count(d =>
            d.GetProperty("metadata").GetProperty("generation").GetInt64() <= Status(d, "observedGeneration")
            && Status(d, "updatedReplicas") == replicas && Status(d, "replicas") == replicas && Status(d, "availableReplicas") == replicas);
    }

    private static long Status(JsonElement deployment, string field) =>
        deployment.TryGetProperty("status", out var status) && status.TryGetProperty(field, out var value) ? value.GetInt64() : 0;

    private static byte[] DeploymentJson(string name, int replicas, TimeSpan startDelay, string image) => Encoding.UTF8.GetBytes($$$$$"""
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"{{{{{name}}}}}"},
         "spec":{"replicas":{{{{{replicas}}}}},"selector":{"matchLabels":{"app":"{{{{{name}}}}}"}},
          "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%","maxUnavailable":"25%"}},
          "template":{"metadata":{"labels":{"app":"{{{{{name}}}}}"},"annotations":{"skiff.io/start-delay":"{{{{{(int)startDelay.TotalSeconds}}}}}s"}},
           "spec":{"containers":[{"name":"web","image":"{{{{{image}}}}}","resources":{"requests":{"cpu":"10m","memory":"16Mi"}}}]}}}}
        """);
}
