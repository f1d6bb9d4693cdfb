using System.Runtime.CompilerServices;
using k8s.Models;
using Skiff.Scheduler.Cache;
using Skiff.Scheduler.Framework;
using Skiff.Scheduler.Matching;

namespace Skiff.Scheduler.Plugins;

/// <summary>Filter: a cordoned node (spec.unschedulable) takes only pods that tolerate node.kubernetes.io/unschedulable:NoSchedule.</summary>
public sealed class NodeUnschedulable : IFilterPlugin, IEnqueueExtensions
{
    public const string PluginName = "NodeUnschedulable";
    public const string ErrReasonUnschedulable = "node(s) were unschedulable";
    public const string UnschedulableTaintKey = "node.kubernetes.io/unschedulable";

    private static readonly Status Rejected = Status.Unresolvable(ErrReasonUnschedulable);
    private static readonly V1Taint UnschedulableTaint = new() { Key = UnschedulableTaintKey, Effect = Tolerations.NoSchedule };

    public string Name => PluginName;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Status Filter(CycleState state, PodInfo pod, NodeInfo node) =>
        !node.Unschedulable || Tolerations.AnyTolerates(pod.Tolerations, UnschedulableTaint) ? Status.Success : Rejected;

    /// <summary>Uncordoning is seen as a taint change, as upstream classifies it.</summary>
    public IReadOnlyList<ClusterEvent> EventsToRegister() =>
        [new(EventResource.Node, ActionType.Add | ActionType.UpdateNodeTaint, "NodeAddOrTaintChange")];
}
