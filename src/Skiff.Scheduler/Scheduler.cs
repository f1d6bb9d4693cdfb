using k8s.Models;
using Microsoft.Extensions.Logging;
using Skiff.Client;
using Skiff.Client.Events;
using Skiff.Client.Informers;
using Skiff.Scheduler.Cache;
using Skiff.Scheduler.Framework;
using Skiff.Scheduler.Queue;

namespace Skiff.Scheduler;

/// <summary>
/// The default scheduler: pods without a node whose schedulerName is the profile's wait in the scheduling queue; one
/// loop pops them one at a time, filters and scores nodes with the profile's plugins, assumes the pod on the chosen
/// node and binds it through pods/binding in the background (Scheduled event), or records why no node fits
/// (PodScheduled=False, reason Unschedulable, and a FailedScheduling event) and parks it until the cluster changes.
/// </summary>
public sealed partial class Scheduler
{
    /// <summary>The events' source and reporting component, as upstream's.</summary>
    public const string ComponentName = "default-scheduler";

    private readonly IKubeClient client;
    private readonly EventRecorder events;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly SchedulerOptions options;
    private readonly SharedInformer<V1Pod> pods;
    private readonly SharedInformer<V1Node> nodes;
    private readonly InformerClusterLister cluster;
    private readonly Random random;
    private readonly HashSet<Task> bindings = [];
    private readonly SemaphoreSlim bindingSlots;
    private int nextStartNodeIndex;

    public Scheduler(IKubeClient client, InformerFactory informers, EventRecorder events, TimeProvider time, ILogger logger,
        SchedulerOptions? options = null, Random? random = null)
    {
        this.client = client;
        this.events = events;
        this.time = time;
        this.logger = logger;
        this.options = options ?? new SchedulerOptions();
        this.random = random ?? Random.Shared;
        bindingSlots = new SemaphoreSlim(Math.Max(1, this.options.MaxConcurrentBindings));
        pods = informers.For<V1Pod>();
        nodes = informers.For<V1Node>();
        cluster = new InformerClusterLister(informers);
        Framework = PluginRegistry.InTree().Build(this.options.EffectiveProfile, new FrameworkHandle(Cache, cluster));
        Queue = new SchedulingQueue(Framework, time, this.options.EffectiveInitialBackoff, this.options.EffectiveMaxBackoff,
            this.options.EffectiveMaxInUnschedulable);
        pods.AddHandler(new ResourceEventHandler<V1Pod> { OnAdd = PodAdded, OnUpdate = PodUpdated, OnDelete = PodDeleted });
        nodes.AddHandler(new ResourceEventHandler<V1Node> { OnAdd = NodeAdded, OnUpdate = NodeUpdated, OnDelete = NodeDeleted });
        cluster.NamespaceInformer.AddHandler(new ResourceEventHandler<V1Namespace>
        {
            OnAdd = _ => Queue.MoveAllToActiveOrBackoffQueue(ClusterEvent.NamespaceChange),
            OnUpdate = (old, current) =>
            {
                if (!LabelsEqual(old.Metadata.Labels, current.Metadata.Labels))
                {
                    Queue.MoveAllToActiveOrBackoffQueue(ClusterEvent.NamespaceChange);
                }
            },
        });
    }

    public SchedulerCache Cache { get; } = new();

    public SchedulingQueue Queue { get; }

    public SchedulingFramework Framework { get; }

    private string SchedulerName => options.EffectiveProfile.SchedulerName;

    /// <summary>Waits for the informers' caches, then schedules until ct is cancelled (bindings in progress are awaited).</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        await Task.WhenAll(new IInformer[] { pods, nodes }.Concat(cluster.Informers).Select(i => i.WaitForSyncAsync(ct)));
        using var stop = ct.Register(Queue.Close);
        Queue.Run();
        try
        {
            while (await Queue.PopAsync(CancellationToken.None) is { } queued)
            {
                try
                {
                    await ScheduleOneAsync(queued, ct);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception e)
                {
                    LogCycleFailed(logger, e, queued.Pod.Key);
                    Queue.Done(queued.Pod.Key);
                }
            }
        }
        finally
        {
            Queue.Dispose();
            Task[] pending;
            lock (bindings)
            {
                pending = [.. bindings];
            }

            await Task.WhenAll(pending);
        }
    }

    private static bool LabelsEqual(IDictionary<string, string>? a, IDictionary<string, string>? b)
    {
        if ((a?.Count ?? 0) != (b?.Count ?? 0))
        {
            return false;
        }

        return a is null || b is null || a.All(pair => b.TryGetValue(pair.Key, out var value) && value == pair.Value);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "scheduling cycle of pod {Pod} failed")]
    private static partial void LogCycleFailed(ILogger logger, Exception e, string pod);

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not bind pod {Pod} to node {Node}: {Error}")]
    private static partial void LogBindFailed(ILogger logger, string pod, string node, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not update the PodScheduled condition of pod {Pod}: {Error}")]
    private static partial void LogConditionFailed(ILogger logger, string pod, string error);
}
