using k8s.Models;
using Microsoft.Extensions.Logging;
using Skiff.Client;
using Skiff.Client.Informers;
using Skiff.Node.Registration;

namespace Skiff.Node.Heartbeats;

/// <summary>
/// The node side of every simulated kubelet in the process: registers the Node and its Lease, renews the lease every
/// 10 s and reports the node's status when it changes and every 5 minutes. One loop serves all nodes from a queue
/// ordered by due time, and renewals are spread evenly over the interval (node i of n is offset by i/n of it), so
/// 5,000 nodes cost about 500 small writes a second and no timer per node.
/// </summary>
public sealed partial class NodeHeartbeats
{
    private readonly IKubeClient client;
    private readonly ObjectCache<V1Node> nodeCache;
    private readonly IReadOnlyList<SimulatedNode> nodes;
    private readonly HeartbeatOptions options;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly Lock gate = new();
    private readonly PriorityQueue<SimulatedNode, DateTimeOffset> due = new();
    private TaskCompletionSource wake = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public NodeHeartbeats(IKubeClient client, ObjectCache<V1Node> nodeCache, IReadOnlyList<SimulatedNode> nodes, HeartbeatOptions options,
        TimeProvider time, ILogger logger)
    {
        this.client = client;
        this.nodeCache = nodeCache;
        this.nodes = nodes;
        this.options = options;
        this.time = time;
        this.logger = logger;
    }

    /// <summary>Lease renewals written so far (all nodes).</summary>
    public long Renewals => Interlocked.Read(ref renewals);

    /// <summary>Status reports written so far (all nodes).</summary>
    public long StatusReports => Interlocked.Read(ref statusReports);

    private long renewals;
    private long statusReports;

    /// <summary>
    /// Registers every node as a kubelet does at start: creates the Node (or, if it exists from an earlier run, keeps
    /// it and reports its status afresh) and its Lease, at most <see cref="HeartbeatOptions.Parallelism"/> at once.
    /// </summary>
    public async Task RegisterAllAsync(CancellationToken ct)
    {
        var start = time.GetUtcNow();
        await Parallel.ForEachAsync(nodes, new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism, CancellationToken = ct },
            async (node, token) => await RegisterAsync(node, token));
        lock (gate)
        {
            for (var i = 0; i < nodes.Count; i++)
            {
                // Spread evenly: node i of n renews (i+1)/n of an interval after start, then every interval.
                var fraction = (i + 1) / (double)nodes.Count;
                nodes[i].NextLeaseRenewal = start + options.LeaseRenewInterval * fraction;
                nodes[i].NextStatusReport = start + options.StatusReportFrequency * fraction;
                Enqueue(nodes[i]);
            }
        }

        Wake();
    }

    /// <summary>Renews leases and reports statuses as they fall due, until ct is cancelled.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        var batch = new List<SimulatedNode>();
        var seen = new HashSet<SimulatedNode>();
        while (!ct.IsCancellationRequested)
        {
            Task woken;
            var now = time.GetUtcNow();
            TimeSpan wait;
            lock (gate)
            {
                batch.Clear();
                seen.Clear();
                while (due.TryPeek(out var node, out var at) && at <= now)
                {
                    due.Dequeue();
                    // A stale entry (queued again with another time) or a duplicate (queued twice) is dropped.
                    if (DueAt(node) == at && seen.Add(node))
                    {
                        batch.Add(node);
                    }
                }

                wait = due.TryPeek(out _, out var next) ? next - now : Timeout.InfiniteTimeSpan;
                woken = wake.Task;
            }

            if (batch.Count > 0)
            {
                await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism, CancellationToken = ct },
                    async (node, token) => await BeatAsync(node, now, token));
                lock (gate)
                {
                    foreach (var node in batch)
                    {
                        Enqueue(node);
                    }
                }

                continue;
            }

            if (wait != Timeout.InfiniteTimeSpan && wait < options.MinimumWait)
            {
                wait = options.MinimumWait;
            }

            try
            {
                await Task.WhenAny(Task.Delay(wait, time, ct), woken);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>A node came back (its stop annotation was removed): renew and report at once.</summary>
    public void Restarted(SimulatedNode node)
    {
        lock (gate)
        {
            var now = time.GetUtcNow();
            node.StatusChanged = true;
            node.NextLeaseRenewal = now;
            node.NextStatusReport = now;
            Enqueue(node);
        }

        Wake();
    }

    private async Task RegisterAsync(SimulatedNode node, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        try
        {
            var created = await client.CreateAsync(NodeManifests.Node(node, now), ct);
            node.Uid = created.Metadata.Uid;
        }
        catch (KubeApiException e) when (e.IsAlreadyExists)
        {
            // Registered by an earlier run: keep the object (and a stop annotation on it), report a fresh status.
            var existing = await client.GetAsync<V1Node>(null, node.Name, ct);
            node.Uid = existing.Metadata.Uid;
            node.Stopped = IsStopped(existing);
            await client.PatchAsync<V1Node>(null, node.Name, PatchKind.StrategicMerge, NodeManifests.StatusPatch(node, existing, now, full: true), "status", ct);
        }

        if (!node.Stopped)
        {
            await RenewAsync(node, now, ct);
        }
    }

    private async Task BeatAsync(SimulatedNode node, DateTimeOffset now, CancellationToken ct)
    {
        if (node.Stopped)
        {
            // No heartbeats while stopped; Restarted queues the node again.
            node.NextLeaseRenewal = DateTimeOffset.MaxValue;
            node.NextStatusReport = DateTimeOffset.MaxValue;
            return;
        }

        try
        {
            if (node.NextLeaseRenewal <= now)
            {
                await RenewAsync(node, now, ct);
                node.NextLeaseRenewal = Next(node.NextLeaseRenewal, options.LeaseRenewInterval, now);
            }

            if (node.NextStatusReport <= now || node.StatusChanged)
            {
                var full = node.StatusChanged;
                node.StatusChanged = false;
                await client.PatchAsync<V1Node>(null, node.Name, PatchKind.StrategicMerge,
                    NodeManifests.StatusPatch(node, nodeCache.Get(node.Name), now, full), "status", ct);
                Interlocked.Increment(ref statusReports);
                node.NextStatusReport = Next(node.NextStatusReport, options.StatusReportFrequency, now);
            }
        }
        catch (KubeApiException e)
        {
            LogHeartbeatFailed(logger, node.Name, e.Message);
            node.NextLeaseRenewal = now + TimeSpan.FromSeconds(1);
        }
    }

    private async Task RenewAsync(SimulatedNode node, DateTimeOffset now, CancellationToken ct)
    {
        try
        {
            node.Lease = node.Lease is null
                ? await client.CreateAsync(NodeManifests.Lease(node, now), ct)
                : await client.UpdateAsync(NodeManifests.Renewed(node.Lease, now), ct);
        }
        catch (KubeApiException e) when (e.IsAlreadyExists || e.IsConflict)
        {
            // Someone else wrote it (or an earlier run left it): take the current one and renew that.
            var current = await client.GetAsync<V1Lease>(NodeManifests.LeaseNamespace, node.Name, ct);
            node.Lease = await client.UpdateAsync(NodeManifests.Renewed(current, now), ct);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            node.Lease = await client.CreateAsync(NodeManifests.Lease(node, now), ct);
        }

        Interlocked.Increment(ref renewals);
    }

    internal static bool IsStopped(V1Node node) =>
        node.Metadata?.Annotations?.TryGetValue(NodeAnnotations.Stopped, out var value) == true && value == "true";

    // The next due time keeps the node's place in the spread; after a long pause it restarts from now.
    private static DateTimeOffset Next(DateTimeOffset previous, TimeSpan interval, DateTimeOffset now)
    {
        var next = previous + interval;
        return next > now ? next : now + interval;
    }

    private static DateTimeOffset DueAt(SimulatedNode node) =>
        node.StatusChanged ? DateTimeOffset.MinValue : (node.NextLeaseRenewal < node.NextStatusReport ? node.NextLeaseRenewal : node.NextStatusReport);

    private void Enqueue(SimulatedNode node)
    {
        var at = DueAt(node);
        if (at != DateTimeOffset.MaxValue)
        {
            due.Enqueue(node, at);
        }
    }

    private void Wake()
    {
        TaskCompletionSource previous;
        lock (gate)
        {
            previous = wake;
            wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        previous.TrySetResult();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "heartbeat of node {Node} failed: {Error}")]
    private static partial void LogHeartbeatFailed(ILogger logger, string node, string error);
}
