using System.Runtime.CompilerServices;
using k8s.Models;
using Skiff.Scheduler.Cache;
using Skiff.Scheduler.Framework;
using Skiff.Scheduler.Matching;

namespace Skiff.Scheduler.Plugins;

/// <summary>
/// Filter: the pod must tolerate every NoSchedule and NoExecute taint of the node. Score: fewer untolerated
/// PreferNoSchedule taints is better (normalized in reverse).
/// </summary>
public sealed class TaintToleration : IFilterPlugin, IPreScorePlugin, INormalizeScorePlugin, IEnqueueExtensions
{
    public const string PluginName = "TaintToleration";

    private const string PreScoreKey = "PreScore" + PluginName;

    public string Name => PluginName;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Status Filter(CycleState state, PodInfo pod, NodeInfo node)
    {
        if (node.Taints.Count == 0)
        {
            return Status.Success;
        }

        var taint = Tolerations.FirstUntoleratedHardTaint(node.Taints, pod.Tolerations);
        return taint is null ? Status.Success : Status.Unresolvable($"node(s) had untolerated taint {{{taint.Key}: {taint.Value}}}");
    }

    /// <summary>Only tolerations that can apply to PreferNoSchedule taints (that effect, or any effect) count for scoring.</summary>
    public Status PreScore(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> feasibleNodes)
    {
        var preferNoSchedule = pod.Tolerations.Where(t => string.IsNullOrEmpty(t.Effect) || t.Effect == Tolerations.PreferNoSchedule).ToList();
        state.Write(PreScoreKey, preferNoSchedule);
        return Status.Success;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public (long Score, Status Status) Score(CycleState state, PodInfo pod, NodeInfo node)
    {
        if (node.Taints.Count == 0)
        {
            return (0, Status.Success);
        }

        var tolerations = state.Read<List<V1Toleration>>(PreScoreKey) ?? [];
        long untolerated = 0;
        foreach (var taint in node.Taints)
        {
            if (taint.Effect == Tolerations.PreferNoSchedule && !Tolerations.AnyTolerates(tolerations, taint))
            {
                untolerated++;
            }
        }

        return (untolerated, Status.Success);
    }

    public Status NormalizeScore(CycleState state, PodInfo pod, NodeScore[] scores)
    {
        ScoreNormalization.Default(ScoreNormalization.MaxNodeScore, reverse: true, scores);
        return Status.Success;
    }

    public IReadOnlyList<ClusterEvent> EventsToRegister() =>
        [new(EventResource.Node, ActionType.Add | ActionType.UpdateNodeTaint, "NodeAddOrTaintChange")];
}
