using Skiff.Scheduler.Cache;
using Skiff.Scheduler.Framework;

namespace Skiff.Scheduler.Plugins;

/// <summary>Filter: the host ports the pod's containers ask for must be free on the node.</summary>
public sealed class NodePorts : IPreFilterPlugin, IFilterPlugin, IEnqueueExtensions
{
    public const string PluginName = "NodePorts";
    public const string ErrReason = "node(s) didn't have free ports for the requested pod ports";

    private static readonly Status Rejected = Status.Unschedulable(ErrReason);

    public string Name => PluginName;

    public PreFilterResult PreFilter(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes) =>
        pod.HostPorts.Count == 0 ? PreFilterResult.Skip : PreFilterResult.Success;

    public Status Filter(CycleState state, PodInfo pod, NodeInfo node)
    {
        foreach (var port in pod.HostPorts)
        {
            if (node.UsedPorts.Conflicts(port))
            {
                return Rejected;
            }
        }

        return Status.Success;
    }

    public IReadOnlyList<ClusterEvent> EventsToRegister() => [ClusterEvent.AssignedPodDelete, ClusterEvent.NodeAdd];
}
