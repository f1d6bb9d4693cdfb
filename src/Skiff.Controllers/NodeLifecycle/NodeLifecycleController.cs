using System.Collections.Concurrent;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Skiff.Client;
using Skiff.Client.Events;
using Skiff.Client.Informers;
using Skiff.Client.WorkQueues;
using Skiff.Controllers.Pods;

namespace Skiff.Controllers.NodeLifecycle;

/// <summary>
/// Upstream's node lifecycle controller: watches node heartbeats (Lease renewals and the Ready condition), marks a
/// silent node's conditions Unknown, taints nodes by their conditions (NoSchedule at once; NoExecute not-ready or
/// unreachable through a rate-limited queue per zone, which the taint eviction controller turns into evictions),
/// and marks the pods of a node that stops being Ready as not Ready.
/// </summary>
public sealed partial class NodeLifecycleController : IController
{
    /// <summary>Where kubelets (and Skiff's simulated nodes) renew one Lease per node, named after the node.</summary>
    public const string NodeLeaseNamespace = "kube-node-lease";

    // Upstream's nodeUpdateWorkerSize, podUpdateWorkerSize and NodeHealthUpdateRetry.
    private const int NodeWorkers = 8;
    private const int PodWorkers = 4;
    private const int HealthUpdateAttempts = 5;

    private readonly IKubeClient client;
    private readonly SharedInformer<V1Node> nodes;
    private readonly SharedInformer<V1Lease> leases;
    private readonly SharedInformer<V1Pod> pods;
    private readonly EventRecorder events;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly ControllerOptions options;
    private readonly WorkQueue<string> nodeQueue;
    private readonly WorkQueue<string> podQueue;
    private readonly ConcurrentDictionary<string, NodeHealth> healths = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> nodesToRetry = new(StringComparer.Ordinal);

    // Touched by the health pass only, which never runs twice at once.
    private readonly Dictionary<string, V1Node> knownNodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ZoneState> zoneStates = new(StringComparer.Ordinal);

    // Zones' tainters are read by the pass's parallel node updates and by the tainting pass.
    private readonly ConcurrentDictionary<string, ZoneTainter> tainters = new(StringComparer.Ordinal);
    private long healthPasses;

    public NodeLifecycleController(IKubeClient client, InformerFactory informers, EventRecorder events, TimeProvider time,
        ILogger logger, ControllerOptions options)
    {
        this.client = client;
        this.events = events;
        this.time = time;
        this.logger = logger;
        this.options = options;
        nodes = informers.For<V1Node>();
        leases = informers.For<V1Lease>();
        pods = informers.For<V1Pod>();
        PodIndexes.Ensure(pods.Cache);
        nodeQueue = new WorkQueue<string>("node_lifecycle_controller", new DefaultControllerRateLimiter<string>(time), time);
        podQueue = new WorkQueue<string>("node_lifecycle_controller_pods", new DefaultControllerRateLimiter<string>(time), time);
        nodes.AddHandler(new ResourceEventHandler<V1Node>
        {
            OnAdd = node => nodeQueue.Add(node.Metadata.Name),
            OnUpdate = (_, node) => nodeQueue.Add(node.Metadata.Name),
            OnDelete = node => nodesToRetry.TryRemove(node.Metadata.Name, out _),
        });
        pods.AddHandler(new ResourceEventHandler<V1Pod>
        {
            OnAdd = pod => PodChanged(null, pod),
            OnUpdate = PodChanged,
        });
    }

    public string Name => "node-lifecycle-controller";

    /// <summary>How many health passes have finished (tests wait for the pass that follows a clock step).</summary>
    internal long HealthPasses => Interlocked.Read(ref healthPasses);

    public async Task RunAsync(CancellationToken ct)
    {
        await Task.WhenAll(nodes.WaitForSyncAsync(ct), leases.WaitForSyncAsync(ct), pods.WaitForSyncAsync(ct));
        await Task.WhenAll(
            QueueWorkers.RunAsync(nodeQueue, NodeWorkers, ProcessNodeAsync, logger, ct),
            QueueWorkers.RunAsync(podQueue, PodWorkers, ProcessPodAsync, logger, ct),
            MonitorAsync(ct));
    }

    /// <summary>The health pass every --node-monitor-period, the first one at once.</summary>
    private async Task MonitorAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(options.NodeMonitorPeriod, time);
        do
        {
            try
            {
                await MonitorNodeHealthAsync(ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                LogHealthPassFailed(logger, e);
            }

            Interlocked.Increment(ref healthPasses);
        }
        while (await timer.WaitForNextTickAsync(ct));
    }

    /// <summary>Object timestamps carry whole seconds.</summary>
    private DateTime Now()
    {
        var now = time.GetUtcNow().UtcDateTime;
        return new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
    }

    private static V1NodeCondition? ConditionOf(V1Node node, string type) =>
        node.Status?.Conditions?.FirstOrDefault(c => c.Type == type);

    private static T Copy<T>(T obj) => KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(obj));

    [LoggerMessage(Level = LogLevel.Error, Message = "Node health pass failed")]
    private static partial void LogHealthPassFailed(ILogger logger, Exception e);

    [LoggerMessage(Level = LogLevel.Error, Message = "Updating the health of node {Node} failed, skipping it in this pass (no pods will be evicted): {Error}")]
    private static partial void LogHealthUpdateFailed(ILogger logger, string node, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not change the taints of node {Node}; trying again in the next pass")]
    private static partial void LogTaintSwapFailed(ILogger logger, string node);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not mark pod {Pod} on node {Node} not ready: {Error}")]
    private static partial void LogMarkPodFailed(ILogger logger, string pod, string node, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Controller detected that all Nodes are not-Ready. Entering master disruption mode")]
    private static partial void LogEnteringDisruptionMode(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Controller detected that some Nodes are Ready. Exiting master disruption mode")]
    private static partial void LogExitingDisruptionMode(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Controller detected that zone {Zone} is now in state {State}")]
    private static partial void LogZoneState(ILogger logger, string zone, ZoneState state);
}
