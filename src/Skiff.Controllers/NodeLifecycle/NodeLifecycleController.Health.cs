using k8s.Models;
using Skiff.Client;
using Skiff.Controllers.Pods;

namespace Skiff.Controllers.NodeLifecycle;

/// <summary>The health pass: heartbeats read, silent nodes marked Unknown, taint decisions and pods marked not ready (upstream's monitorNodeHealth).</summary>
public sealed partial class NodeLifecycleController
{
    // The conditions a silent node's kubelet can no longer vouch for; NetworkUnavailable belongs to the network
    // plugin, which upstream leaves alone too.
    private static readonly string[] KubeletConditions = ["Ready", "MemoryPressure", "DiskPressure", "PIDPressure"];

    private const string DisruptionExclusionLabel = "node.kubernetes.io/exclude-disruption";

    private async Task MonitorNodeHealthAsync(CancellationToken ct)
    {
        var all = nodes.Cache.List();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in all)
        {
            var name = node.Metadata.Name;
            seen.Add(name);
            ZoneOf(node);
            if (knownNodes.TryAdd(name, node))
            {
                // A node new to this controller (or every node after a restart) starts without NoExecute taints, as upstream.
                events.Normal(node, "RegisteredNode", $"Node {name} event: Registered Node {name} in Controller");
                await MarkNodeAsReachableAsync(node, ct);
            }
        }

        foreach (var (name, gone) in knownNodes.Where(k => !seen.Contains(k.Key)).ToList())
        {
            events.Normal(gone, "RemovingNode", $"Node {name} event: Removing Node {name} from Controller");
            knownNodes.Remove(name);
            healths.TryRemove(name, out _);
        }

        var readyByZone = new Dictionary<string, List<V1NodeCondition?>>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(all, new ParallelOptions { MaxDegreeOfParallelism = NodeWorkers, CancellationToken = ct }, async (cached, token) =>
        {
            if (await UpdateNodeHealthAsync(cached, token) is not { } outcome)
            {
                return;
            }

            var (node, observed, current) = outcome;
            if (node.Metadata.Labels?.ContainsKey(DisruptionExclusionLabel) != true)
            {
                lock (readyByZone)
                {
                    var zone = NodeZones.KeyOf(node);
                    if (!readyByZone.TryGetValue(zone, out var list))
                    {
                        readyByZone[zone] = list = [];
                    }

                    list.Add(current);
                }
            }

            var name = node.Metadata.Name;
            if (current is not null)
            {
                await ProcessTaintBasedEvictionAsync(node, observed, token);
                var markPods = false;
                if (current.Status != "True" && observed.Status == "True")
                {
                    events.Normal(node, "NodeNotReady", $"Node {name} status is now: NodeNotReady");
                    markPods = true;
                }
                else if (nodesToRetry.ContainsKey(name) && observed.Status != "True")
                {
                    markPods = true;
                }

                if (markPods && !await MarkPodsNotReadyAsync(pods.Cache.ByIndex(PodIndexes.ByNodeName, name), name, token))
                {
                    nodesToRetry[name] = true; // retried in the next pass
                    return;
                }
            }

            nodesToRetry.TryRemove(name, out _);
        });

        await HandleDisruptionAsync(readyByZone, all, ct);
        await NoExecuteTaintingPassAsync(ct);
    }

    /// <summary>
    /// <see cref="TryUpdateNodeHealthAsync"/>, retried from a fresh read when the status write conflicts. Null when
    /// the node is gone or every attempt failed (then nothing is decided about it in this pass).
    /// </summary>
    private async Task<(V1Node Node, V1NodeCondition Observed, V1NodeCondition? Current)?> UpdateNodeHealthAsync(V1Node cached, CancellationToken ct)
    {
        // The cached node is only read; it is copied once it must change (a healthy node costs no copy per pass).
        var node = cached;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TryUpdateNodeHealthAsync(node, ct);
            }
            catch (KubeApiException e) when (!e.IsNotFound && attempt < HealthUpdateAttempts)
            {
                try
                {
                    node = await client.GetAsync<V1Node>(null, cached.Metadata.Name, ct);
                }
                catch (KubeApiException again) when (again.IsNotFound)
                {
                    return null;
                }
            }
            catch (KubeApiException e)
            {
                LogHealthUpdateFailed(logger, cached.Metadata.Name, e.Message);
                return null;
            }
        }
    }

    /// <summary>
    /// Upstream's tryUpdateNodeHealth: refreshes the node's probe timestamp from a new Ready heartbeat or a renewed
    /// Lease, and once the probe is older than the grace period sets every kubelet condition to Unknown (on a copy:
    /// the node passed in may be the cache's). Returns the node as it is now, the Ready condition as the node posted
    /// it (observed) and as it is now (current; null if there is none yet).
    /// </summary>
    /// <remarks>
    /// Example with the defaults: a Lease renewed at 10:00:00 and seen by the pass at 10:00:03 sets the probe to
    /// 10:00:03; with no renewal after that, the pass at 10:00:43 finds 10:00:43 &gt; 10:00:03 + 40 s and marks the
    /// node Unknown, while the pass at 10:00:38 still left it alone.
    /// </remarks>
    private async Task<(V1Node Node, V1NodeCondition Observed, V1NodeCondition? Current)> TryUpdateNodeHealthAsync(V1Node node, CancellationToken ct)
    {
        var name = node.Metadata.Name;
        var now = time.GetUtcNow();
        healths.TryGetValue(name, out var health);
        var current = ConditionOf(node, "Ready");
        V1NodeCondition observed;
        TimeSpan grace;
        var created = new DateTimeOffset(DateTime.SpecifyKind(node.Metadata.CreationTimestamp ?? now.UtcDateTime, DateTimeKind.Utc));
        if (current is null)
        {
            // Never posted: judged from the node's creation, with the longer startup grace.
            observed = new V1NodeCondition
            {
                Type = "Ready",
                Status = "Unknown",
                LastHeartbeatTime = node.Metadata.CreationTimestamp,
                LastTransitionTime = node.Metadata.CreationTimestamp,
            };
            grace = options.NodeStartupGracePeriod;
            health = health is null ? new NodeHealth(created, created, null, null) : health with { Ready = null };
        }
        else
        {
            observed = CopyOf(current);
            grace = options.NodeMonitorGracePeriod;
        }

        var saved = health?.Ready;
        if (health is null)
        {
            health = new NodeHealth(now, now, CopyOrNull(current), null);
        }
        else if (saved is null && current is not null)
        {
            // The controller restarted and finds a node that already reports: start its clock now.
            health = new NodeHealth(now, now, CopyOf(current), null);
        }
        else if (saved is not null && current is null)
        {
            health = new NodeHealth(now, now, null, null);
        }
        else if (saved is not null && current is not null && saved.LastHeartbeatTime != current.LastHeartbeatTime)
        {
            var transition = saved.LastTransitionTime != current.LastTransitionTime ? now : health.ReadyTransitionTimestamp;
            health = new NodeHealth(now, transition, CopyOf(current), null);
        }

        // A renewed Lease proves the kubelet alive even when it posts no status: upstream's cheap heartbeat.
        var lease = leases.Cache.Get(NodeLeaseNamespace, name);
        if (lease?.Spec?.RenewTime is { } renewed && (health.LeaseRenewTime is not { } last || last < renewed))
        {
            health = health with { ProbeTimestamp = now, LeaseRenewTime = renewed };
        }

        try
        {
            if (now > health.ProbeTimestamp + grace)
            {
                var stamp = Now();
                node = Copy(node);
                node.Status ??= new V1NodeStatus();
                var conditions = node.Status.Conditions ?? [];
                foreach (var type in KubeletConditions)
                {
                    var condition = conditions.FirstOrDefault(c => c.Type == type);
                    if (condition is null)
                    {
                        conditions.Add(new V1NodeCondition
                        {
                            Type = type,
                            Status = "Unknown",
                            Reason = "NodeStatusNeverUpdated",
                            Message = "Kubelet never posted node status.",
                            LastHeartbeatTime = node.Metadata.CreationTimestamp,
                            LastTransitionTime = stamp,
                        });
                    }
                    else if (condition.Status != "Unknown")
                    {
                        condition.Status = "Unknown";
                        condition.Reason = "NodeStatusUnknown";
                        condition.Message = "Kubelet stopped posting node status.";
                        condition.LastTransitionTime = stamp;
                    }
                }

                node.Status.Conditions = conditions;
                current = ConditionOf(node, "Ready");
                if (!SameCondition(current, observed))
                {
                    node = await client.UpdateStatusAsync(node, ct);
                    current = ConditionOf(node, "Ready");
                    health = health with { ReadyTransitionTimestamp = now, Ready = CopyOrNull(current) };
                }
            }
        }
        finally
        {
            healths[name] = health;
        }

        return (node, observed, current);
    }

    private static bool SameCondition(V1NodeCondition? a, V1NodeCondition b) =>
        a is not null && a.Type == b.Type && a.Status == b.Status && a.Reason == b.Reason && a.Message == b.Message &&
        a.LastHeartbeatTime == b.LastHeartbeatTime && a.LastTransitionTime == b.LastTransitionTime;

    private static V1NodeCondition CopyOf(V1NodeCondition c) => new()
    {
        Type = c.Type,
        Status = c.Status,
        Reason = c.Reason,
        Message = c.Message,
        LastHeartbeatTime = c.LastHeartbeatTime,
        LastTransitionTime = c.LastTransitionTime,
    };

    private static V1NodeCondition? CopyOrNull(V1NodeCondition? c) => c is null ? null : CopyOf(c);

    /// <summary>
    /// Upstream's MarkPodsNotReady: the Ready condition of each pod on the node turns False (pods without one are
    /// left alone), with a NodeNotReady warning on the pod. False if some write failed (retried in the next pass).
    /// </summary>
    private async Task<bool> MarkPodsNotReadyAsync(IReadOnlyList<V1Pod> onNode, string nodeName, CancellationToken ct)
    {
        var succeeded = true;
        foreach (var cached in onNode)
        {
            if (cached.Spec?.NodeName != nodeName || cached.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready") is not { } ready)
            {
                continue;
            }

            var pod = Copy(cached);
            var notReady = new V1PodCondition
            {
                Type = "Ready",
                Status = "False",
                Reason = ready.Reason,
                Message = ready.Message,
                LastProbeTime = ready.LastProbeTime,
                LastTransitionTime = ready.LastTransitionTime,
            };
            if (!PodConditions.Set(pod.Status, notReady, Now()))
            {
                continue;
            }

            try
            {
                await client.UpdateStatusAsync(pod, ct);
                events.Warning(pod, "NodeNotReady", "Node is not ready");
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
                // Already deleted: nothing left to mark.
            }
            catch (KubeApiException e)
            {
                LogMarkPodFailed(logger, ObjectKey.Of(pod), nodeName, e.Message);
                succeeded = false;
            }
        }

        return succeeded;
    }

    /// <summary>A pod newly bound to a node that is not Ready is marked not ready too (upstream's podUpdated).</summary>
    private void PodChanged(V1Pod? old, V1Pod pod)
    {
        if (!string.IsNullOrEmpty(pod.Spec?.NodeName) && old?.Spec?.NodeName != pod.Spec.NodeName)
        {
            podQueue.Add(ObjectKey.Of(pod));
        }
    }

    private async Task ProcessPodAsync(string key, CancellationToken ct)
    {
        if (pods.Cache.Get(key) is not { } pod || pod.Spec?.NodeName is not { Length: > 0 } nodeName)
        {
            return;
        }

        // Nothing known of the node yet: the health pass handles the pod with the node.
        if (!healths.TryGetValue(nodeName, out var health) || health.Ready is not { } ready || nodes.Cache.Get(null, nodeName) is null)
        {
            return;
        }

        if (ready.Status != "True" && !await MarkPodsNotReadyAsync([pod], nodeName, ct))
        {
            throw new InvalidOperationException($"could not mark pod {key} not ready"); // retried with backoff
        }
    }
}
