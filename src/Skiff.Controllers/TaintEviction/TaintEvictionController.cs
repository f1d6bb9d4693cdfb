using System.Collections.Concurrent;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Skiff.Api.Taints;
using Skiff.Client;
using Skiff.Client.Events;
using Skiff.Client.Informers;
using Skiff.Client.WorkQueues;
using Skiff.Controllers.Pods;

namespace Skiff.Controllers.TaintEviction;

/// <summary>
/// Upstream's taint eviction controller: deletes the pods of a node with NoExecute taints, at once when a pod does
/// not tolerate them, else when its toleration runs out (<see cref="EvictionDeadline"/>); a taint that goes away, or a
/// pod that comes to tolerate it forever, cancels the pending eviction. The owners of evicted pods replace them.
/// </summary>
public sealed partial class TaintEvictionController : IController
{
    // Upstream's UpdateWorkerSize and the attempts of its deletePodHandler.
    private const int Workers = 8;
    private const int DeleteAttempts = 5;

    private readonly IKubeClient client;
    private readonly SharedInformer<V1Node> nodes;
    private readonly SharedInformer<V1Pod> pods;
    private readonly EventRecorder events;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly WorkQueue<string> queue;

    // Pod key -> when it will be evicted, for the pods waiting out a toleration.
    private readonly ConcurrentDictionary<string, DateTimeOffset> scheduled = new(StringComparer.Ordinal);

    // Taints without timeAdded (set by hand) count from when this controller first saw them.
    private readonly ConcurrentDictionary<string, DateTimeOffset> firstSeen = new(StringComparer.Ordinal);

    public TaintEvictionController(IKubeClient client, InformerFactory informers, EventRecorder events, TimeProvider time, ILogger logger)
    {
        this.client = client;
        this.events = events;
        this.time = time;
        this.logger = logger;
        nodes = informers.For<V1Node>();
        pods = informers.For<V1Pod>();
        PodIndexes.Ensure(pods.Cache);
        queue = new WorkQueue<string>("noexec_taint_pod", new DefaultControllerRateLimiter<string>(time), time);
        nodes.AddHandler(new ResourceEventHandler<V1Node>
        {
            OnAdd = node => NodeChanged(null, node),
            OnUpdate = NodeChanged,
            OnDelete = node => NodeChanged(node, null),
        });
        pods.AddHandler(new ResourceEventHandler<V1Pod>
        {
            OnAdd = pod => PodChanged(null, pod),
            OnUpdate = PodChanged,
            OnDelete = PodDeleted,
        });
    }

    public string Name => "taint-eviction-controller";

    /// <summary>When the pod with this key is due to be evicted, if an eviction is pending (tests read it).</summary>
    internal DateTimeOffset? ScheduledEvictionOf(string podKey) => scheduled.TryGetValue(podKey, out var at) ? at : null;

    public async Task RunAsync(CancellationToken ct)
    {
        await Task.WhenAll(nodes.WaitForSyncAsync(ct), pods.WaitForSyncAsync(ct));
        await QueueWorkers.RunAsync(queue, Workers, SyncAsync, logger, ct);
    }

    private async Task SyncAsync(string key, CancellationToken ct)
    {
        if (pods.Cache.Get(key) is not { } pod)
        {
            scheduled.TryRemove(key, out _);
            return;
        }

        if (pod.Metadata.DeletionTimestamp is not null)
        {
            scheduled.TryRemove(key, out _); // already going
            return;
        }

        var nodeName = pod.Spec?.NodeName;
        var taints = string.IsNullOrEmpty(nodeName) ? [] : NoExecuteTaints(nodes.Cache.Get(null, nodeName));
        var deadline = taints.Count == 0 ? null : EvictionDeadline.Of(taints, pod.Spec?.Tolerations, taint => AddedAt(nodeName!, taint));
        if (deadline is not { } due)
        {
            Cancel(key, pod);
            return;
        }

        var now = time.GetUtcNow();
        if (due > now)
        {
            scheduled[key] = due;
            queue.AddAfter(key, due - now); // looked at again then, with whatever taints and tolerations hold by that time
            return;
        }

        scheduled.TryRemove(key, out _);
        await EvictAsync(pod, ct);
    }

    /// <summary>
    /// Upstream's addConditionAndDeletePod: the DisruptionTarget condition (reason DeletionByTaintManager), then a
    /// deletion with the pod's own grace period, pinned to its uid so a namesake created meanwhile survives.
    /// </summary>
    private async Task EvictAsync(V1Pod pod, CancellationToken ct)
    {
        var ns = pod.Metadata.NamespaceProperty;
        var name = pod.Metadata.Name;
        events.Normal(pod, "TaintManagerEviction", $"Marking for deletion Pod {ns}/{name}");
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var fresh = await client.GetAsync<V1Pod>(ns, name, ct);
                if (fresh.Metadata.Uid != pod.Metadata.Uid)
                {
                    return;
                }

                var disruption = new V1PodCondition
                {
                    Type = "DisruptionTarget",
                    Status = "True",
                    Reason = "DeletionByTaintManager",
                    Message = "Taint manager: deleting due to NoExecute taint",
                };
                if (PodConditions.Set(fresh.Status ??= new V1PodStatus(), disruption, Now()))
                {
                    await client.UpdateStatusAsync(fresh, ct);
                }

                await client.DeleteAsync<V1Pod>(ns, name, new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = pod.Metadata.Uid } }, ct);
                return;
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
                return;
            }
            catch (KubeApiException e) when (e.IsConflict && attempt < DeleteAttempts)
            {
                // Written in between (or re-created): read it again.
            }
        }
    }

    /// <summary>Forgets a pending eviction, telling the pod when there was one (upstream's cancelWorkWithEvent).</summary>
    private void Cancel(string key, V1Pod pod)
    {
        if (scheduled.TryRemove(key, out _))
        {
            events.Normal(pod, "TaintManagerEviction", $"Cancelling deletion of Pod {pod.Metadata.NamespaceProperty}/{pod.Metadata.Name}");
        }
    }

    private DateTimeOffset AddedAt(string nodeName, V1Taint taint)
    {
        if (taint.TimeAdded is { } added)
        {
            return new DateTimeOffset(DateTime.SpecifyKind(added, DateTimeKind.Utc));
        }

        return firstSeen.GetOrAdd(TaintId(nodeName, taint), _ => time.GetUtcNow());
    }

    private static List<V1Taint> NoExecuteTaints(V1Node? node) =>
        node?.Spec?.Taints?.Where(t => t.Effect == NodeTaints.NoExecute).ToList() ?? [];

    private static string TaintId(string nodeName, V1Taint taint) => $"{nodeName}\0{taint.Key}\0{taint.Value}\0{taint.Effect}";

    private DateTime Now()
    {
        var now = time.GetUtcNow().UtcDateTime;
        return new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
    }
}
