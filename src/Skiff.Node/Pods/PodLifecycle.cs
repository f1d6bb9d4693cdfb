using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Skiff.Client;
using Skiff.Client.Events;
using Skiff.Client.Informers;
using Skiff.Client.WorkQueues;
using Skiff.Node.Expressions;
using Skiff.Node.Registration;
using Skiff.Node.Stages;
using Skiff.Node.Usage;

namespace Skiff.Node.Pods;

/// <summary>
/// The pod side of the simulated kubelets: every pod bound to one of the process's nodes is driven through the
/// stages of a <see cref="StageSet"/>. A pod's key is queued on each change; a worker finds the stages that match
/// it, remembers when each became due (the delay counts from when the stage first matched), and applies the one
/// due first, or waits for it. Pods on a stopped node are left as they are until it starts again.
/// </summary>
public sealed partial class PodLifecycle : IStageEnvironment
{
    private const string NodeNameIndex = "skiff-node-name";

    private readonly IKubeClient client;
    private readonly SharedInformer<V1Pod> pods;
    private readonly IReadOnlyDictionary<string, SimulatedNode> nodes;
    private readonly StageSet stages;
    private readonly EventRecorder? events;
    private readonly SimulatedUsage usage;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly int workers;
    private readonly WorkQueue<string> queue;
    private readonly ExpressionFunctions functions;
    private readonly Random random;
    private readonly ConcurrentDictionary<string, PodProgress> progress = new(StringComparer.Ordinal);

    /// <param name="client">Where statuses and deletions are written.</param>
    /// <param name="pods">The shared pod informer.</param>
    /// <param name="nodes">The nodes this process simulates, by name.</param>
    /// <param name="stages">The lifecycle.</param>
    /// <param name="events">Where the stages' events go (null: none are recorded).</param>
    /// <param name="usage">Where running pods' simulated resource use is kept.</param>
    /// <param name="time">The clock for delays and timestamps.</param>
    /// <param name="logger">Where failed writes are reported.</param>
    /// <param name="workers">Pods processed at once.</param>
    /// <param name="random">Jitter source (a seeded one in tests).</param>
    public PodLifecycle(IKubeClient client, SharedInformer<V1Pod> pods, IReadOnlyDictionary<string, SimulatedNode> nodes, StageSet stages,
        EventRecorder? events, SimulatedUsage usage, TimeProvider time, ILogger logger, int workers, Random? random = null)
    {
        this.client = client;
        this.pods = pods;
        this.nodes = nodes;
        this.stages = stages;
        this.events = events;
        this.usage = usage;
        this.time = time;
        this.logger = logger;
        this.workers = workers;
        this.random = random ?? Random.Shared;
        functions = new ExpressionFunctions(time, this);
        queue = new WorkQueue<string>("skiff-kubelet-pods", time);
        pods.Cache.TryAddIndex(NodeNameIndex, pod => string.IsNullOrEmpty(pod.Spec?.NodeName) ? [] : [pod.Spec.NodeName]);
        pods.AddHandler(new ResourceEventHandler<V1Pod>
        {
            OnAdd = Enqueue,
            OnUpdate = (_, current) => Enqueue(current),
            OnDelete = Forget,
        });
    }

    /// <summary>Stages applied so far (all pods).</summary>
    public long StagesApplied => Interlocked.Read(ref applied);

    private long applied;

    public async Task RunAsync(CancellationToken ct)
    {
        await pods.WaitForSyncAsync(ct);
        await QueueWorkers.RunAsync(queue, workers, SyncAsync, logger, ct);
    }

    /// <summary>A node started again: look at its pods (stages that fell due while it was stopped apply now).</summary>
    public void NodeStarted(SimulatedNode node)
    {
        foreach (var pod in pods.Cache.ByIndex(NodeNameIndex, node.Name))
        {
            queue.Add(ObjectKey.Of(pod));
        }
    }

    string? IStageEnvironment.NodeIP(JsonNode pod) => NodeOf(pod)?.NodeIP;

    string? IStageEnvironment.PodIP(JsonNode pod)
    {
        var uid = pod["metadata"]?["uid"]?.GetValue<string>();
        return NodeOf(pod) is { } node && uid is not null ? node.Addresses.Allocate(uid) : null;
    }

    object? IStageEnvironment.Setting(JsonNode pod, string name) => NodeOf(pod)?.Settings.Setting(name);

    /// <summary>Evaluates and, when due, applies the pod's next stage.</summary>
    private async Task SyncAsync(string key, CancellationToken ct)
    {
        var pod = pods.Cache.Get(key);
        if (pod is null || !nodes.TryGetValue(pod.Spec?.NodeName ?? "", out var node))
        {
            progress.TryRemove(key, out _);
            return;
        }

        if (node.Stopped)
        {
            return; // frozen: no stage runs on a stopped node
        }

        var state = progress.GetOrAdd(key, _ => new PodProgress());
        if (state.Uid != pod.Metadata.Uid)
        {
            state.Reset(pod.Metadata.Uid);
        }

        if (state.WrittenFrom == pod.Metadata.ResourceVersion)
        {
            return; // our last write is not in the cache yet: wait for it rather than act on the old state
        }

        TrackUsage(pod, node);
        var context = new EvaluationContext(JsonNode.Parse(KubernetesJson.Serialize(pod))!, functions);
        var now = time.GetUtcNow();
        var (next, dueAt) = Choose(state, context, now);
        if (next is null)
        {
            return;
        }

        if (dueAt > now)
        {
            queue.AddAfter(key, dueAt - now);
            return;
        }

        next.BindVariables(context);
        var outcome = next.Apply(context);
        await WriteAsync(pod, outcome, state, ct);
        state.Due.Remove(next.Name);
        Interlocked.Increment(ref applied);
        if (events is not null)
        {
            foreach (var e in outcome.Events)
            {
                if (e.Type == "Warning")
                {
                    events.Warning(pod, e.Reason, e.Message);
                }
                else
                {
                    events.Normal(pod, e.Reason, e.Message);
                }
            }
        }
    }

    /// <summary>
    /// The matching stage due first. A stage keeps the due time it got when it first matched for as long as it
    /// keeps matching, so a relative delay ("start after 2 s") is not pushed back by unrelated changes.
    /// </summary>
    private (Stage? Stage, DateTimeOffset DueAt) Choose(PodProgress state, EvaluationContext context, DateTimeOffset now)
    {
        Stage? best = null;
        var bestDue = DateTimeOffset.MaxValue;
        var matching = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var stage in stages.Matching("Pod", context))
        {
            if (!state.Due.TryGetValue(stage.Name, out var dueAt))
            {
                dueAt = now + stage.DelayFor(context, random);
            }

            matching[stage.Name] = dueAt;
            if (dueAt < bestDue)
            {
                best = stage;
                bestDue = dueAt;
            }
        }

        state.Due = matching;
        return (best, bestDue);
    }

    private async Task WriteAsync(V1Pod pod, StageOutcome outcome, PodProgress state, CancellationToken ct)
    {
        var meta = pod.Metadata;
        try
        {
            if (outcome.Delete)
            {
                await client.DeleteAsync<V1Pod>(meta.NamespaceProperty, meta.Name,
                    new V1DeleteOptions { GracePeriodSeconds = 0, Preconditions = new V1Preconditions { Uid = meta.Uid } }, ct);
                state.WrittenFrom = meta.ResourceVersion;
            }
            else if (outcome.StatusPatch is { } patch)
            {
                var written = await client.PatchAsync<V1Pod>(meta.NamespaceProperty, meta.Name, PatchKind.StrategicMerge, patch.ToJsonString(), "status", ct);
                // An unchanged pod brings no event; only a real change is worth waiting for.
                state.WrittenFrom = written.Metadata.ResourceVersion == meta.ResourceVersion ? null : meta.ResourceVersion;
            }
        }
        catch (KubeApiException e) when (e.IsNotFound || e.IsConflict)
        {
            // Gone, or replaced by another pod of the same name (uid precondition): nothing to do for this one.
            LogPodGone(logger, ObjectKey.Of(pod), outcome.Stage.Name);
        }
    }

    private void TrackUsage(V1Pod pod, SimulatedNode node)
    {
        var running = pod.Status?.ContainerStatuses?.FirstOrDefault()?.State?.Running;
        if (running?.StartedAt is { } startedAt && pod.Metadata.DeletionTimestamp is null)
        {
            usage.Running(pod, new DateTimeOffset(DateTime.SpecifyKind(startedAt, DateTimeKind.Utc)), node.Settings.CpuUsageMillicores, node.Settings.MemoryUsageBytes);
        }
        else
        {
            usage.Stopped(pod.Metadata.NamespaceProperty, pod.Metadata.Name);
        }
    }

    private void Enqueue(V1Pod pod)
    {
        if (pod.Spec?.NodeName is { } nodeName && nodes.TryGetValue(nodeName, out var node))
        {
            if (pod.Status?.PodIP is { Length: > 0 } ip && pod.Metadata.Uid is { } uid)
            {
                node.Addresses.Claim(uid, ip); // an address from an earlier run stays this pod's
            }

            queue.Add(ObjectKey.Of(pod));
        }
    }

    private void Forget(V1Pod pod)
    {
        if (pod.Spec?.NodeName is { } nodeName && nodes.TryGetValue(nodeName, out var node) && pod.Metadata.Uid is { } uid)
        {
            node.Addresses.Release(uid);
        }

        usage.Stopped(pod.Metadata.NamespaceProperty, pod.Metadata.Name);
        progress.TryRemove(ObjectKey.Of(pod), out _);
    }

    private SimulatedNode? NodeOf(JsonNode pod) =>
        pod["spec"]?["nodeName"]?.GetValue<string>() is { } name && nodes.TryGetValue(name, out var node) ? node : null;

    [LoggerMessage(Level = LogLevel.Debug, Message = "pod {Pod} changed under stage {Stage}; looking again")]
    private static partial void LogPodGone(ILogger logger, string pod, string stage);

    /// <summary>Per pod: which stages match since when, and the version our last write was based on.</summary>
    private sealed class PodProgress
    {
        public string? Uid { get; private set; }

        public Dictionary<string, DateTimeOffset> Due { get; set; } = new(StringComparer.Ordinal);

        public string? WrittenFrom { get; set; }

        public void Reset(string? uid)
        {
            Uid = uid;
            Due = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
            WrittenFrom = null;
        }
    }
}
