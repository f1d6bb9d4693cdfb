using System.Diagnostics;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Skiff.Bench.Infrastructure;
using Skiff.Client;
using Skiff.Scheduler;

namespace Skiff.Bench.Measurements;

/// <summary>
/// Scheduler throughput in-process, in the spirit of upstream's scheduler_perf SchedulingBasic: nodes of 4 cpu /
/// 32 GiB / 110 pods, bare pods requesting 100m / 500 MiB. Phase 1: the pods exist before the scheduler starts; the
/// clock runs from the scheduler's informers being synced to the last binding observed by a watch. Phase 2: as many
/// pods again are created (16 at a time) while the scheduler runs; the clock runs from the first create to the last
/// binding. CPU is this process's (API pipeline, store, scheduler, watch and load generator together).
/// </summary>
public static class SchedulerThroughputMeasurement
{
    private const string Namespace = "bench-scheduler";
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    public static async Task<IReadOnlyList<BenchRow>> RunAsync(int nodes, int pods, double targetPerSecond, Action<string> progress, CancellationToken ct = default)
    {
        await using var cluster = await InProcessCluster.StartAsync();
        var client = cluster.Client;
        await client.CreateAsync(new V1Namespace { ApiVersion = "v1", Kind = "Namespace", Metadata = new V1ObjectMeta { Name = Namespace } }, ct);
        progress($"scheduler: creating {nodes:N0} nodes and {pods:N0} pending pods");
        await ConcurrentLoad.RunAsync(nodes, 16, (i, token) => client.CreateAsync(Node($"node-{i:D5}"), token), ct);
        await ConcurrentLoad.RunAsync(pods, 16, (i, token) => client.CreateAsync(Pod($"pending-{i:D5}"), token), ct);

        using var bound = new BindingCounter(client, 2 * pods);
        var watching = Task.Run(() => bound.RunAsync(ct), ct);
        await bound.Started.WaitAsync(ct);

        progress($"scheduler: scheduling {pods:N0} pending pods on {nodes:N0} nodes");
        var process = Process.GetCurrentProcess();
        await using var host = SchedulerHost.Start(client, new SchedulerOptions(), TimeProvider.System, NullLoggerFactory.Instance);
        await host.WaitForSyncAsync(ct);
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await bound.WaitForAsync(pods, Limit, ct);
        var pendingElapsed = clock.Elapsed;
        process.Refresh();
        var pendingCpu = process.TotalProcessorTime - cpuBefore;

        progress($"scheduler: creating {pods:N0} more pods while it runs");
        cpuBefore = process.TotalProcessorTime;
        clock.Restart();
        await ConcurrentLoad.RunAsync(pods, 16, (i, token) => client.CreateAsync(Pod($"arriving-{i:D5}"), token), ct);
        var createElapsed = clock.Elapsed;
        await bound.WaitForAsync(2 * pods, Limit, ct);
        var arrivingElapsed = clock.Elapsed;
        process.Refresh();
        var arrivingCpu = process.TotalProcessorTime - cpuBefore;
        bound.Stop();
        await watching;

        var perSecond = pods / pendingElapsed.TotalSeconds;
        var arrivingPerSecond = pods / arrivingElapsed.TotalSeconds;
        var label = $"Scheduler, {nodes:N0} nodes, in-process";
        return
        [
            new BenchRow($"{label}: {pods:N0} pending pods scheduled and bound ({pendingElapsed.TotalSeconds:F1} s, {pendingCpu.TotalSeconds:F1} s CPU)",
                $"{perSecond:N0} pods/s", $">= {targetPerSecond:N0} pods/s", perSecond >= targetPerSecond),
            new BenchRow($"{label}: {pods:N0} pods created 16 at a time while it runs, first create to last binding ({arrivingElapsed.TotalSeconds:F1} s, creates alone {createElapsed.TotalSeconds:F1} s, {arrivingCpu.TotalSeconds:F1} s CPU)",
                $"{arrivingPerSecond:N0} pods/s"),
        ];
    }

    private static V1Node Node(string name)
    {
        var resources = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("4"), ["memory"] = new("32Gi"), ["pods"] = new("110") };
        return new V1Node
        {
            ApiVersion = "v1",
            Kind = "Node",
            Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["kubernetes.io/hostname"] = name } },
            Status = new V1NodeStatus
            {
                Capacity = resources,
                Allocatable = new Dictionary<string, ResourceQuantity>(resources),
                Conditions = [new V1NodeCondition { Type = "Ready", Status = "True", Reason = "KubeletReady" }],
            },
        };
    }

    private static V1Pod Pod(string name) => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Namespace },
        Spec = new V1PodSpec
        {
            Containers =
            [
                new V1Container
                {
                    Name = "pause",
                    Image = "registry.k8s.io/pause:3.10",
                    Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("100m"), ["memory"] = new("500Mi") } },
                },
            ],
        },
    };

    /// <summary>Counts pods of the namespace that have a node, from one watch (each pod counted once).</summary>
    private sealed class BindingCounter(IKubeClient client, int expected) : IDisposable
    {
        private readonly HashSet<string> seen = new(StringComparer.Ordinal);
        private readonly CancellationTokenSource stopping = new();
        private readonly TaskCompletionSource started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly List<(int Count, TaskCompletionSource Done)> waiters = [];

        public Task Started => started.Task;

        public async Task RunAsync(CancellationToken ct)
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, stopping.Token);
            var list = await client.ListAsync<V1Pod>(Namespace, null, linked.Token);
            Count(list.Items);
            started.TrySetResult();
            try
            {
                await foreach (var e in client.WatchAsync<V1Pod>(Namespace, new WatchRequest(list.ResourceVersion), linked.Token))
                {
                    Count([e.Object]);
                    if (seen.Count >= expected)
                    {
                        return;
                    }
                }
            }
            catch (OperationCanceledException) when (linked.IsCancellationRequested)
            {
            }
        }

        public async Task WaitForAsync(int count, TimeSpan limit, CancellationToken ct)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (seen)
            {
                if (seen.Count >= count)
                {
                    return;
                }

                waiters.Add((count, done));
            }

            try
            {
                await done.Task.WaitAsync(limit, ct);
            }
            catch (TimeoutException)
            {
                lock (seen)
                {
                    throw new TimeoutException($"only {seen.Count} of {count} pods bound after {limit}");
                }
            }
        }

        public void Stop() => stopping.Cancel();

        public void Dispose() => stopping.Dispose();

        private void Count(IEnumerable<V1Pod> pods)
        {
            lock (seen)
            {
                foreach (var pod in pods)
                {
                    if (!string.IsNullOrEmpty(pod.Spec?.NodeName))
                    {
                        seen.Add(pod.Metadata.Name);
                    }
                }

                foreach (var waiter in waiters.Where(w => seen.Count >= w.Count).ToList())
                {
                    waiter.Done.TrySetResult();
                    waiters.Remove(waiter);
                }
            }
        }
    }
}
