using k8s.Models;
using Skiff.Scheduler.Cache;
using Skiff.Scheduler.Framework;

namespace Skiff.Scheduler;

/// <summary>
/// Informer events: pods without a node go to the queue, bound pods and nodes to the cache, and changes that may
/// help waiting pods become cluster events for the queue (only changes that matter: a node's heartbeat is none).
/// </summary>
public sealed partial class Scheduler
{
    private static bool IsAssigned(V1Pod pod) => !string.IsNullOrEmpty(pod.Spec?.NodeName);

    /// <summary>Succeeded and Failed pods hold no resources (upstream's informer does not even list them).</summary>
    private static bool IsTerminal(V1Pod pod) => pod.Status?.Phase is "Succeeded" or "Failed";

    private bool IsResponsibleFor(V1Pod pod) => (pod.Spec?.SchedulerName ?? SchedulerProfile.DefaultSchedulerName) == SchedulerName;

    private void PodAdded(V1Pod pod)
    {
        if (IsTerminal(pod))
        {
            return;
        }

        if (IsAssigned(pod))
        {
            Cache.AddOrUpdatePod(pod);
            Queue.MoveAllToActiveOrBackoffQueue(ClusterEvent.AssignedPodAdd);
        }
        else if (IsResponsibleFor(pod))
        {
            Queue.Add(pod);
        }
    }

    private void PodUpdated(V1Pod old, V1Pod pod)
    {
        if (!IsAssigned(pod))
        {
            if (IsTerminal(pod) || !IsResponsibleFor(pod))
            {
                Queue.Delete(pod);
            }
            else
            {
                Queue.Update(old, pod);
            }

            return;
        }

        if (!IsAssigned(old))
        {
            // Bound (by us or by someone else): it leaves the queue and counts on its node from now on.
            Queue.Delete(pod);
            if (!IsTerminal(pod))
            {
                Cache.AddOrUpdatePod(pod);
                Queue.MoveAllToActiveOrBackoffQueue(ClusterEvent.AssignedPodAdd);
            }

            return;
        }

        if (IsTerminal(pod))
        {
            Cache.RemovePod(pod.Metadata.Uid);
            Queue.MoveAllToActiveOrBackoffQueue(ClusterEvent.AssignedPodDelete);
            return;
        }

        Cache.AddOrUpdatePod(pod);
        var action = AssignedPodChange(old, pod);
        if (action != ActionType.None)
        {
            Queue.MoveAllToActiveOrBackoffQueue(new ClusterEvent(EventResource.AssignedPod, action, "AssignedPodUpdate"));
        }
    }

    private void PodDeleted(V1Pod pod)
    {
        if (IsAssigned(pod))
        {
            Cache.RemovePod(pod.Metadata.Uid);
            Queue.MoveAllToActiveOrBackoffQueue(ClusterEvent.AssignedPodDelete);
        }
        else
        {
            Queue.Delete(pod);
        }
    }

    private void NodeAdded(V1Node node)
    {
        Cache.AddOrUpdateNode(node);
        Queue.MoveAllToActiveOrBackoffQueue(ClusterEvent.NodeAdd);
    }

    private void NodeUpdated(V1Node old, V1Node node)
    {
        Cache.AddOrUpdateNode(node);
        var action = NodeChange(old, node);
        if (action != ActionType.None)
        {
            Queue.MoveAllToActiveOrBackoffQueue(new ClusterEvent(EventResource.Node, action, "NodeUpdate"));
        }
    }

    private void NodeDeleted(V1Node node)
    {
        Cache.RemoveNode(node.Metadata.Name);
        Queue.MoveAllToActiveOrBackoffQueue(ClusterEvent.NodeDelete);
    }

    /// <summary>
    /// Which scheduling properties of a node changed, as upstream's nodeSchedulingPropertiesChange: allocatable,
    /// labels, taints (spec.unschedulable counts as a taint), and conditions by type and status (heartbeat times do
    /// not count, so status updates of healthy nodes move nothing).
    /// </summary>
    public static ActionType NodeChange(V1Node old, V1Node node)
    {
        var action = ActionType.None;
        if (!QuantitiesEqual(old.Status?.Allocatable, node.Status?.Allocatable))
        {
            action |= ActionType.UpdateNodeAllocatable;
        }

        if (!LabelsEqual(old.Metadata.Labels, node.Metadata.Labels))
        {
            action |= ActionType.UpdateNodeLabel;
        }

        if (old.Spec?.Unschedulable != node.Spec?.Unschedulable || !TaintsEqual(old.Spec?.Taints, node.Spec?.Taints))
        {
            action |= ActionType.UpdateNodeTaint;
        }

        if (!ConditionsEqual(old.Status?.Conditions, node.Status?.Conditions))
        {
            action |= ActionType.UpdateNodeCondition;
        }

        return action;
    }

    private static ActionType AssignedPodChange(V1Pod old, V1Pod pod)
    {
        var action = ActionType.None;
        if (!LabelsEqual(old.Metadata.Labels, pod.Metadata.Labels))
        {
            action |= ActionType.UpdatePodLabel;
        }

        var before = PodResources.Requests(old.Spec, nonZeroDefaults: false);
        var after = PodResources.Requests(pod.Spec, nonZeroDefaults: false);
        if (after.MilliCpu < before.MilliCpu || after.MemoryBytes < before.MemoryBytes || after.EphemeralStorageBytes < before.EphemeralStorageBytes)
        {
            action |= ActionType.UpdatePodScaleDown;
        }

        return action;
    }

    private static bool QuantitiesEqual(IDictionary<string, ResourceQuantity>? a, IDictionary<string, ResourceQuantity>? b)
    {
        if ((a?.Count ?? 0) != (b?.Count ?? 0))
        {
            return false;
        }

        return a is null || b is null || a.All(pair => b.TryGetValue(pair.Key, out var value) && value.ToDecimal() == pair.Value.ToDecimal());
    }

    private static bool TaintsEqual(IList<V1Taint>? a, IList<V1Taint>? b)
    {
        if ((a?.Count ?? 0) != (b?.Count ?? 0))
        {
            return false;
        }

        for (var i = 0; i < (a?.Count ?? 0); i++)
        {
            if (a![i].Key != b![i].Key || a[i].Value != b[i].Value || a[i].Effect != b[i].Effect)
            {
                return false;
            }
        }

        return true;
    }

    private static bool ConditionsEqual(IList<V1NodeCondition>? a, IList<V1NodeCondition>? b)
    {
        if ((a?.Count ?? 0) != (b?.Count ?? 0))
        {
            return false;
        }

        for (var i = 0; i < (a?.Count ?? 0); i++)
        {
            if (a![i].Type != b![i].Type || a[i].Status != b[i].Status)
            {
                return false;
            }
        }

        return true;
    }
}
