using System.Runtime.CompilerServices;
using Skiff.Scheduler.Cache;
using Skiff.Scheduler.Framework;

namespace Skiff.Scheduler.Plugins;

/// <summary>Filter: a pod that names a node (spec.nodeName) fits only that node.</summary>
public sealed class NodeName : IFilterPlugin, IEnqueueExtensions
{
    public const string PluginName = "NodeName";
    public const string ErrReason = "node(s) didn't match the requested node name";

    private static readonly Status Rejected = Status.Unresolvable(ErrReason);

    public string Name => PluginName;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Status Filter(CycleState state, PodInfo pod, NodeInfo node)
    {
        var wanted = pod.Pod.Spec.NodeName;
        return string.IsNullOrEmpty(wanted) || wanted == node.Name ? Status.Success : Rejected;
    }

    public IReadOnlyList<ClusterEvent> EventsToRegister() => [ClusterEvent.NodeAdd];
}
