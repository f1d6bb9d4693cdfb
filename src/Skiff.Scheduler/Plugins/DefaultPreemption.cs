using Skiff.Scheduler.Cache;
using Skiff.Scheduler.Framework;

namespace Skiff.Scheduler.Plugins;

/// <summary>
/// PostFilter: upstream's preemption, as far as its verdict goes. It works out, per node the filters rejected as
/// Unschedulable, whether removing lower-priority pods would make room, and reports upstream's message
/// ("preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod."). Skiff does not evict
/// victims or nominate nodes.
/// </summary>
public sealed class DefaultPreemption : IPostFilterPlugin
{
    public const string PluginName = "DefaultPreemption";
    public const string NoVictims = "No preemption victims found for incoming pod";
    public const string NotHelpful = "Preemption is not helpful for scheduling";

    private readonly FrameworkHandle handle;

    public DefaultPreemption(FrameworkHandle handle) => this.handle = handle;

    public string Name => PluginName;

    public Status PostFilter(CycleState state, PodInfo pod, NodeToStatus filtered)
    {
        var status = Preempt(state, pod, filtered);
        return status.Reasons.Count > 0 ? Status.Of(status.Code, "preemption: " + status.Message) : status;
    }

    private Status Preempt(CycleState state, PodInfo pod, NodeToStatus filtered)
    {
        if (pod.Pod.Spec.PreemptionPolicy == "Never")
        {
            return Status.Unschedulable("not eligible due to preemptionPolicy=Never.");
        }

        var allNodes = handle.Nodes.Nodes;
        if (allNodes.Count == 0)
        {
            return Status.Error("no nodes available");
        }

        // Only nodes rejected as Unschedulable can be helped by removing pods; the rest are "not helpful".
        var diagnosis = new Diagnosis();
        diagnosis.NodeToStatus.AbsentNodesStatus = Status.Unresolvable(NotHelpful);
        var candidates = 0;
        foreach (var node in allNodes)
        {
            if (filtered.Get(node.Name).Code != StatusCode.Unschedulable)
            {
                continue;
            }

            var victims = node.Pods.Count(p => p.Priority < pod.Priority);
            if (victims == 0)
            {
                diagnosis.NodeToStatus.Set(node.Name, Status.Unresolvable(NoVictims));
                continue;
            }

            var without = node.CopyKeeping(p => p.Priority >= pod.Priority);
            var (fit, _) = handle.Framework?.RunFilterPlugins(state, pod, without) ?? (Status.Success, null);
            if (fit.IsSuccess)
            {
                candidates++;
            }
            else
            {
                diagnosis.NodeToStatus.Set(node.Name, fit);
            }
        }

        if (candidates > 0)
        {
            return Status.Unschedulable($"{candidates} node(s) would fit after evicting lower-priority pods, but Skiff's scheduler does not preempt.");
        }

        return Status.Unschedulable(new FitError(allNodes.Count, diagnosis).Message);
    }
}
