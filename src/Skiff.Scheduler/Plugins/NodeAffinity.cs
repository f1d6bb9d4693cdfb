using System.Runtime.CompilerServices;
using Skiff.Scheduler.Cache;
using Skiff.Scheduler.Framework;
using Skiff.Scheduler.Matching;

namespace Skiff.Scheduler.Plugins;

/// <summary>
/// Filter: the node must match the pod's nodeSelector and required node affinity (a term pinning metadata.name
/// narrows the candidates before filtering). Score: the sum of the weights of the preferred terms the node matches.
/// </summary>
public sealed class NodeAffinity : IPreFilterPlugin, IFilterPlugin, IPreScorePlugin, INormalizeScorePlugin, IEnqueueExtensions
{
    public const string PluginName = "NodeAffinity";
    public const string ErrReasonPod = "node(s) didn't match Pod's node affinity/selector";
    public const string ErrReasonConflict = "pod affinity terms conflict";

    private const string PreFilterKey = "PreFilter" + PluginName;
    private const string PreScoreKey = "PreScore" + PluginName;

    private static readonly Status Rejected = Status.Unresolvable(ErrReasonPod);

    public string Name => PluginName;

    public PreFilterResult PreFilter(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes)
    {
        var required = pod.Pod.Spec.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution;
        if (required is null && pod.Pod.Spec.NodeSelector is null)
        {
            return PreFilterResult.Skip;
        }

        state.Write(PreFilterKey, RequiredNodeAffinity.Of(pod.Pod));
        if (required?.NodeSelectorTerms is not { Count: > 0 } terms)
        {
            return PreFilterResult.Success;
        }

        // Terms are ORed: only when every term pins metadata.name can the candidates be narrowed to those names.
        HashSet<string>? names = null;
        foreach (var term in terms)
        {
            HashSet<string>? termNames = null;
            foreach (var field in term.MatchFields ?? [])
            {
                if (field.Key == "metadata.name" && field.OperatorProperty == "In")
                {
                    var values = new HashSet<string>(field.Values ?? [], StringComparer.Ordinal);
                    termNames = termNames is null ? values : [.. termNames.Where(values.Contains)];
                }
            }

            if (termNames is null)
            {
                return PreFilterResult.Success;
            }

            names = names is null ? termNames : [.. names.Union(termNames)];
        }

        return names is { Count: 0 } ? new PreFilterResult(Status.Unresolvable(ErrReasonConflict)) : new PreFilterResult(Status.Success, names);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Status Filter(CycleState state, PodInfo pod, NodeInfo node)
    {
        var required = state.Read<RequiredNodeAffinity>(PreFilterKey) ?? RequiredNodeAffinity.Of(pod.Pod);
        return required.Matches(node) ? Status.Success : Rejected;
    }

    public Status PreScore(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> feasibleNodes)
    {
        var preferred = pod.Pod.Spec.Affinity?.NodeAffinity?.PreferredDuringSchedulingIgnoredDuringExecution;
        if (preferred is not { Count: > 0 })
        {
            return Status.Skip;
        }

        state.Write(PreScoreKey, preferred.Select(p => (Term: new NodeSelectorTerm(p.Preference), p.Weight)).ToList());
        return Status.Success;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public (long Score, Status Status) Score(CycleState state, PodInfo pod, NodeInfo node)
    {
        var preferred = state.Read<List<(NodeSelectorTerm Term, int Weight)>>(PreScoreKey);
        if (preferred is null)
        {
            return (0, Status.Success);
        }

        long total = 0;
        foreach (var (term, weight) in preferred)
        {
            if (weight != 0 && term.Matches(node.Name, node.Labels))
            {
                total += weight;
            }
        }

        return (total, Status.Success);
    }

    public Status NormalizeScore(CycleState state, PodInfo pod, NodeScore[] scores)
    {
        ScoreNormalization.Default(ScoreNormalization.MaxNodeScore, reverse: false, scores);
        return Status.Success;
    }

    public IReadOnlyList<ClusterEvent> EventsToRegister() =>
        [new(EventResource.Node, ActionType.Add | ActionType.UpdateNodeLabel, "NodeAddOrLabelChange")];
}
