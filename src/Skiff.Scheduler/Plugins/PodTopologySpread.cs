using System.Runtime.CompilerServices;
using k8s.Models;
using Skiff.Api.Selectors;
using Skiff.Scheduler.Cache;
using Skiff.Scheduler.Framework;
using Skiff.Scheduler.Matching;

namespace Skiff.Scheduler.Plugins;

/// <summary>
/// Spreads matching pods over topology domains (nodes, zones). Filter: a DoNotSchedule constraint rejects a node
/// whose domain would exceed maxSkew over the least-loaded domain. Score: ScheduleAnyway constraints favor domains
/// with fewer matching pods. Pods without constraints of their own get upstream's system defaults (hostname maxSkew 3,
/// zone maxSkew 5, ScheduleAnyway) over the pods selected by their services and controller.
/// </summary>
public sealed class PodTopologySpread : IPreFilterPlugin, IFilterPlugin, IPreScorePlugin, INormalizeScorePlugin, IEnqueueExtensions
{
    public const string PluginName = "PodTopologySpread";
    public const string ErrReasonConstraintsNotMatch = "node(s) didn't match pod topology spread constraints";
    public const string ErrReasonNodeLabelNotMatch = ErrReasonConstraintsNotMatch + " (missing required label)";
    public const string HostnameLabel = "kubernetes.io/hostname";
    public const string ZoneLabel = "topology.kubernetes.io/zone";

    private const string PreFilterKey = "PreFilter" + PluginName;
    private const string PreScoreKey = "PreScore" + PluginName;
    private const string DoNotSchedule = "DoNotSchedule";
    private const string ScheduleAnyway = "ScheduleAnyway";

    private static readonly Status MissingLabel = Status.Unresolvable(ErrReasonNodeLabelNotMatch);
    private static readonly Status SkewTooHigh = Status.Unschedulable(ErrReasonConstraintsNotMatch);

    /// <summary>Upstream's systemDefaultConstraints.</summary>
    private static readonly V1TopologySpreadConstraint[] SystemDefaultConstraints =
    [
        new() { TopologyKey = HostnameLabel, WhenUnsatisfiable = ScheduleAnyway, MaxSkew = 3 },
        new() { TopologyKey = ZoneLabel, WhenUnsatisfiable = ScheduleAnyway, MaxSkew = 5 },
    ];

    private readonly FrameworkHandle handle;

    public PodTopologySpread(FrameworkHandle handle) => this.handle = handle;

    public string Name => PluginName;

    public PreFilterResult PreFilter(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes)
    {
        List<Constraint> constraints;
        try
        {
            constraints = ConstraintsOf(pod, DoNotSchedule);
        }
        catch (SelectorParseException e)
        {
            return new PreFilterResult(Status.Error($"obtaining pod's hard topology spread constraints: {e.Message}"));
        }

        if (constraints.Count == 0)
        {
            return PreFilterResult.Skip;
        }

        var required = RequiredNodeAffinity.Of(pod.Pod);
        var counts = constraints.Select(_ => new Dictionary<string, int>(StringComparer.Ordinal)).ToArray();
        foreach (var node in handle.Nodes.Nodes)
        {
            if (!HasAllKeys(node.Labels, constraints))
            {
                continue;
            }

            for (var i = 0; i < constraints.Count; i++)
            {
                var constraint = constraints[i];
                if (!constraint.Includes(pod, node, required))
                {
                    continue;
                }

                var value = node.Labels[constraint.TopologyKey];
                counts[i][value] = counts[i].GetValueOrDefault(value) + CountMatching(node, constraint.Selector, pod.Namespace);
            }
        }

        // The global minimum per constraint; with fewer domains than minDomains it is 0.
        var minimums = new int[constraints.Count];
        for (var i = 0; i < constraints.Count; i++)
        {
            minimums[i] = counts[i].Count < constraints[i].MinDomains ? 0 : counts[i].Count == 0 ? int.MaxValue : counts[i].Values.Min();
        }

        state.Write(PreFilterKey, new FilterState(constraints, counts, minimums));
        return PreFilterResult.Success;
    }

    /// <summary>
    /// Upstream's judging criterion: matching pods in the node's domain + 1 if the pod matches its own selector −
    /// the global minimum over domains must not exceed maxSkew. With fewer domains than minDomains the minimum is 0.
    /// </summary>
    /// <example>
    /// maxSkew 1, zones a (2 matching pods) and b (0): on a node in zone a the skew is 2 + 1 − 0 = 3 > 1 (rejected);
    /// in zone b it is 0 + 1 − 0 = 1 (fits).
    /// </example>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Status Filter(CycleState state, PodInfo pod, NodeInfo node)
    {
        if (state.Read<FilterState>(PreFilterKey) is not { } filterState)
        {
            return Status.Error($"reading \"{PreFilterKey}\" from cycleState: not found");
        }

        for (var i = 0; i < filterState.Constraints.Count; i++)
        {
            var constraint = filterState.Constraints[i];
            if (!node.Labels.TryGetValue(constraint.TopologyKey, out var value))
            {
                return MissingLabel;
            }

            var self = constraint.Selector.Matches(pod.Labels) ? 1 : 0;
            var skew = (long)filterState.Counts[i].GetValueOrDefault(value) + self - filterState.Minimums[i];
            if (skew > constraint.MaxSkew)
            {
                return SkewTooHigh;
            }
        }

        return Status.Success;
    }

    public Status PreScore(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> feasibleNodes)
    {
        var allNodes = handle.Nodes.Nodes;
        if (allNodes.Count == 0)
        {
            return Status.Skip;
        }

        List<Constraint> constraints;
        try
        {
            constraints = ConstraintsOf(pod, ScheduleAnyway);
        }
        catch (SelectorParseException e)
        {
            return Status.Error($"obtaining pod's soft topology spread constraints: {e.Message}");
        }

        if (constraints.Count == 0)
        {
            return Status.Skip;
        }

        // Only the pod's own constraints require every topology key: with system defaults a node without a zone
        // label still gets hostname spreading.
        var requireAllTopologies = pod.Pod.Spec.TopologySpreadConstraints is { Count: > 0 };
        var scoreState = new ScoreState(constraints);
        var domainCount = new int[constraints.Count];
        var unlabelledCount = new bool[constraints.Count];
        foreach (var node in feasibleNodes)
        {
            if (requireAllTopologies && !HasAllKeys(node.Labels, constraints))
            {
                scoreState.IgnoredNodes.Add(node.Name);
                continue;
            }

            for (var i = 0; i < constraints.Count; i++)
            {
                var key = constraints[i].TopologyKey;
                if (key == HostnameLabel)
                {
                    continue; // counted per node in Score
                }

                var present = node.Labels.TryGetValue(key, out var value);
                value ??= "";
                if (present && value.Length == 0)
                {
                    // A node labelled with the empty value shares the "" domain with nodes lacking the label.
                    unlabelledCount[i] = true;
                }

                if (scoreState.Counts[i].TryAdd(value, 0))
                {
                    domainCount[i]++;
                }
            }
        }

        for (var i = 0; i < constraints.Count; i++)
        {
            var size = constraints[i].TopologyKey == HostnameLabel ? feasibleNodes.Count - scoreState.IgnoredNodes.Count : domainCount[i];
            scoreState.Weights[i] = Math.Log(size + 2);
        }

        var required = RequiredNodeAffinity.Of(pod.Pod);
        foreach (var node in allNodes)
        {
            if (requireAllTopologies && !HasAllKeys(node.Labels, constraints))
            {
                continue;
            }

            for (var i = 0; i < constraints.Count; i++)
            {
                var constraint = constraints[i];
                if (constraint.TopologyKey == HostnameLabel || !constraint.Includes(pod, node, required))
                {
                    continue;
                }

                // Score reads domain counts only for nodes that carry the key, so nodes without it are counted only
                // when some node carries the key with the empty value (upstream counts them regardless).
                if (!node.Labels.TryGetValue(constraint.TopologyKey, out var value) && !unlabelledCount[i])
                {
                    continue;
                }

                value ??= "";
                if (scoreState.Counts[i].TryGetValue(value, out var count))
                {
                    scoreState.Counts[i][value] = count + CountMatching(node, constraint.Selector, pod.Namespace);
                }
            }
        }

        state.Write(PreScoreKey, scoreState);
        return Status.Success;
    }

    /// <summary>
    /// For each constraint whose key the node carries: matching pods in its domain × the constraint's weight
    /// (ln(domains + 2)) + maxSkew − 1; summed and rounded. Fewer is better (normalized in reverse).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public (long Score, Status Status) Score(CycleState state, PodInfo pod, NodeInfo node)
    {
        if (state.Read<ScoreState>(PreScoreKey) is not { } scoreState)
        {
            return (0, Status.Error($"reading \"{PreScoreKey}\" from cycleState: not found"));
        }

        if (scoreState.IgnoredNodes.Contains(node.Name))
        {
            return (0, Status.Success);
        }

        double score = 0;
        for (var i = 0; i < scoreState.Constraints.Count; i++)
        {
            var constraint = scoreState.Constraints[i];
            if (!node.Labels.TryGetValue(constraint.TopologyKey, out var value))
            {
                continue;
            }

            long count = constraint.TopologyKey == HostnameLabel
                ? CountMatching(node, constraint.Selector, pod.Namespace)
                : scoreState.Counts[i].GetValueOrDefault(value);
            score += (count * scoreState.Weights[i]) + (constraint.MaxSkew - 1);
        }

        return ((long)Math.Round(score, MidpointRounding.AwayFromZero), Status.Success);
    }

    /// <summary>
    /// score = 100 · (max + min − raw) / max over the nodes not ignored; ignored nodes get 0, and all-zero raw
    /// scores all become 100.
    /// </summary>
    /// <example>Raw scores [3, 5, 4]: max 5, min 3, so 100·(8−3)/5 = 100, 100·(8−5)/5 = 60, 100·(8−4)/5 = 80.</example>
    public Status NormalizeScore(CycleState state, PodInfo pod, NodeScore[] scores)
    {
        if (state.Read<ScoreState>(PreScoreKey) is not { } scoreState)
        {
            return Status.Success;
        }

        var min = long.MaxValue;
        long max = 0;
        foreach (var entry in scores)
        {
            if (scoreState.IgnoredNodes.Contains(entry.Name))
            {
                continue;
            }

            min = Math.Min(min, entry.Score);
            max = Math.Max(max, entry.Score);
        }

        for (var i = 0; i < scores.Length; i++)
        {
            if (scoreState.IgnoredNodes.Contains(scores[i].Name))
            {
                scores[i].Score = 0;
            }
            else if (max == 0)
            {
                scores[i].Score = ScoreNormalization.MaxNodeScore;
            }
            else
            {
                scores[i].Score = ScoreNormalization.MaxNodeScore * (max + min - scores[i].Score) / max;
            }
        }

        return Status.Success;
    }

    public IReadOnlyList<ClusterEvent> EventsToRegister() =>
    [
        new(EventResource.AssignedPod, ActionType.Add | ActionType.Delete | ActionType.UpdatePodLabel, "AssignedPodChange"),
        new(EventResource.Node, ActionType.Add | ActionType.Delete | ActionType.UpdateNodeLabel | ActionType.UpdateNodeTaint, "NodeChange"),
    ];

    /// <summary>The pod's constraints with the given whenUnsatisfiable, or the system defaults when it declares none.</summary>
    private List<Constraint> ConstraintsOf(PodInfo pod, string action)
    {
        var own = pod.Pod.Spec.TopologySpreadConstraints;
        if (own is { Count: > 0 })
        {
            return [.. own.Where(c => c.WhenUnsatisfiable == action).Select(c => Constraint.Parse(c, pod.Labels))];
        }

        var defaults = SystemDefaultConstraints.Where(c => c.WhenUnsatisfiable == action).ToList();
        if (defaults.Count == 0)
        {
            return [];
        }

        var selector = OwnerSelector.Of(pod.Pod, handle.Cluster);
        return selector.IsEmpty ? [] : [.. defaults.Select(c => Constraint.Parse(c, pod.Labels) with { Selector = selector })];
    }

    private static bool HasAllKeys(IDictionary<string, string> labels, List<Constraint> constraints)
    {
        foreach (var constraint in constraints)
        {
            if (!labels.ContainsKey(constraint.TopologyKey))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Pods on the node in the namespace that the selector matches; terminating pods do not count (upstream #87621).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int CountMatching(NodeInfo node, PodSelector selector, string ns)
    {
        var count = 0;
        foreach (var pod in node.Pods)
        {
            if (!pod.IsTerminating && pod.Namespace == ns && selector.Matches(pod.Labels))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>A parsed constraint; nodeAffinityPolicy defaults to Honor and nodeTaintsPolicy to Ignore.</summary>
    private sealed record Constraint(int MaxSkew, string TopologyKey, PodSelector Selector, int MinDomains, bool HonorNodeAffinity, bool HonorTaints)
    {
        /// <summary>The selector is the constraint's labelSelector plus, for each matchLabelKeys key the pod has, key=its value.</summary>
        public static Constraint Parse(V1TopologySpreadConstraint c, IDictionary<string, string> podLabels)
        {
            var selector = LabelSelector.FromModel(c.LabelSelector);
            var keyed = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var key in c.MatchLabelKeys ?? [])
            {
                if (podLabels.TryGetValue(key, out var value))
                {
                    keyed[key] = value;
                }
            }

            return new Constraint(c.MaxSkew, c.TopologyKey ?? "", new PodSelector(LabelSelector.FromMap(keyed), selector),
                c.MinDomains ?? 1, c.NodeAffinityPolicy != "Ignore", c.NodeTaintsPolicy == "Honor");
        }

        /// <summary>Whether the node's domain counts for this constraint under the node inclusion policies.</summary>
        public bool Includes(PodInfo pod, NodeInfo node, RequiredNodeAffinity required) =>
            (!HonorNodeAffinity || required.Matches(node))
            && (!HonorTaints || Tolerations.FirstUntoleratedHardTaint(node.Taints, pod.Tolerations) is null);
    }

    private sealed record FilterState(List<Constraint> Constraints, Dictionary<string, int>[] Counts, int[] Minimums);

    private sealed class ScoreState(List<Constraint> constraints)
    {
        public List<Constraint> Constraints { get; } = constraints;

        public HashSet<string> IgnoredNodes { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, long>[] Counts { get; } = [.. constraints.Select(_ => new Dictionary<string, long>(StringComparer.Ordinal))];

        public double[] Weights { get; } = new double[constraints.Count];
    }
}
