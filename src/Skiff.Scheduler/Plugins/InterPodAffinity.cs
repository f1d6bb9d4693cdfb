using System.Runtime.CompilerServices;
using Skiff.Scheduler.Cache;
using Skiff.Scheduler.Framework;

namespace Skiff.Scheduler.Plugins;

/// <summary>
/// Pod affinity and anti-affinity. Filter: the node's domain (by each term's topologyKey) must hold a pod the
/// incoming pod's required affinity selects, none its required anti-affinity selects, and no existing pod whose
/// required anti-affinity selects the incoming pod. Score: preferred terms of both sides, and existing pods'
/// required affinity (weight 1), add or subtract per domain.
/// </summary>
public sealed class InterPodAffinity : IPreFilterPlugin, IFilterPlugin, IPreScorePlugin, INormalizeScorePlugin, IEnqueueExtensions
{
    public const string PluginName = "InterPodAffinity";
    public const string ErrReasonExistingAntiAffinityRulesNotMatch = "node(s) didn't satisfy existing pods anti-affinity rules";
    public const string ErrReasonAffinityRulesNotMatch = "node(s) didn't match pod affinity rules";
    public const string ErrReasonAntiAffinityRulesNotMatch = "node(s) didn't match pod anti-affinity rules";

    /// <summary>upstream's hardPodAffinityWeight default.</summary>
    public const int HardPodAffinityWeight = 1;

    private const string PreFilterKey = "PreFilter" + PluginName;
    private const string PreScoreKey = "PreScore" + PluginName;

    private static readonly Status AffinityNotMatched = Status.Unresolvable(ErrReasonAffinityRulesNotMatch);
    private static readonly Status AntiAffinityNotMatched = Status.Unschedulable(ErrReasonAntiAffinityRulesNotMatch);
    private static readonly Status ExistingAntiAffinityNotMatched = Status.Unschedulable(ErrReasonExistingAntiAffinityRulesNotMatch);

    private readonly FrameworkHandle handle;

    public InterPodAffinity(FrameworkHandle handle) => this.handle = handle;

    public string Name => PluginName;

    public PreFilterResult PreFilter(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes)
    {
        if (pod.ParseError is { } error)
        {
            return new PreFilterResult(Status.Unresolvable($"parsing pod: {error}"));
        }

        var namespaceLabels = handle.Cluster.NamespaceLabels(pod.Namespace);
        var filterState = new FilterState(
            [.. pod.RequiredAffinityTerms.Select(ResolveNamespaces)],
            [.. pod.RequiredAntiAffinityTerms.Select(ResolveNamespaces)]);

        // Existing pods whose required anti-affinity selects the incoming pod forbid their domains.
        foreach (var node in handle.Nodes.HavePodsWithRequiredAntiAffinity)
        {
            foreach (var existing in node.PodsWithRequiredAntiAffinity)
            {
                foreach (var term in existing.RequiredAntiAffinityTerms)
                {
                    if (node.Labels.TryGetValue(term.TopologyKey, out var value) && term.Matches(pod, namespaceLabels))
                    {
                        Increment(filterState.ExistingAntiAffinity, term.TopologyKey, value);
                    }
                }
            }
        }

        if (filterState.Affinity.Count > 0 || filterState.AntiAffinity.Count > 0)
        {
            foreach (var node in handle.Nodes.Nodes)
            {
                foreach (var existing in node.Pods)
                {
                    // Existing pods' namespaces were resolved into the incoming terms, so no namespace labels are needed.
                    CountTerms(filterState.Affinity, filterState.AffinityCounts, existing, node);
                    CountTerms(filterState.AntiAffinity, filterState.AntiAffinityCounts, existing, node);
                }
            }
        }

        if (filterState.ExistingAntiAffinity.Count == 0 && filterState.Affinity.Count == 0 && filterState.AntiAffinity.Count == 0)
        {
            return PreFilterResult.Skip;
        }

        state.Write(PreFilterKey, filterState);
        return PreFilterResult.Success;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Status Filter(CycleState state, PodInfo pod, NodeInfo node)
    {
        if (state.Read<FilterState>(PreFilterKey) is not { } filterState)
        {
            return Status.Error($"reading \"{PreFilterKey}\" from cycleState: not found");
        }

        if (!SatisfiesAffinity(filterState, pod, node))
        {
            return AffinityNotMatched;
        }

        foreach (var term in filterState.AntiAffinity)
        {
            if (node.Labels.TryGetValue(term.TopologyKey, out var value) && filterState.AntiAffinityCounts.GetValueOrDefault((term.TopologyKey, value)) > 0)
            {
                return AntiAffinityNotMatched;
            }
        }

        if (filterState.ExistingAntiAffinity.Count > 0)
        {
            foreach (var (key, value) in node.Labels)
            {
                if (filterState.ExistingAntiAffinity.GetValueOrDefault((key, value)) > 0)
                {
                    return ExistingAntiAffinityNotMatched;
                }
            }
        }

        return Status.Success;
    }

    public Status PreScore(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> feasibleNodes)
    {
        if (feasibleNodes.Count == 0)
        {
            return Status.Skip;
        }

        var hasPreferred = pod.PreferredAffinityTerms.Count > 0 || pod.PreferredAntiAffinityTerms.Count > 0;

        // Unless the pod has preferred terms of its own, only pods with affinity terms can move a score.
        var nodes = hasPreferred ? handle.Nodes.Nodes : handle.Nodes.HavePodsWithAffinity;
        var preferredAffinity = pod.PreferredAffinityTerms.Select(t => t with { Term = ResolveNamespaces(t.Term) }).ToList();
        var preferredAntiAffinity = pod.PreferredAntiAffinityTerms.Select(t => t with { Term = ResolveNamespaces(t.Term) }).ToList();
        var namespaceLabels = handle.Cluster.NamespaceLabels(pod.Namespace);
        var scores = new Dictionary<(string Key, string Value), long>();
        foreach (var node in nodes)
        {
            if (node.Labels.Count == 0)
            {
                continue;
            }

            foreach (var existing in hasPreferred ? node.Pods : node.PodsWithAffinity)
            {
                // The incoming pod's terms, selecting existing pods (their namespaces already resolved).
                AddScores(scores, preferredAffinity, existing, null, node, +1);
                AddScores(scores, preferredAntiAffinity, existing, null, node, -1);

                // The existing pod's terms, selecting the incoming pod.
                foreach (var term in existing.RequiredAffinityTerms)
                {
                    AddScore(scores, term, HardPodAffinityWeight, pod, namespaceLabels, node, +1);
                }

                AddScores(scores, existing.PreferredAffinityTerms, pod, namespaceLabels, node, +1);
                AddScores(scores, existing.PreferredAntiAffinityTerms, pod, namespaceLabels, node, -1);
            }
        }

        if (scores.Count == 0)
        {
            return Status.Skip;
        }

        var byKey = new Dictionary<string, Dictionary<string, long>>(StringComparer.Ordinal);
        foreach (var ((key, value), points) in scores)
        {
            if (!byKey.TryGetValue(key, out var values))
            {
                values = new Dictionary<string, long>(StringComparer.Ordinal);
                byKey[key] = values;
            }

            values[value] = points;
        }

        state.Write(PreScoreKey, new ScoreState(byKey));
        return Status.Success;
    }

    /// <summary>The sum of the domain scores over every (key, value) label of the node that some term scored.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public (long Score, Status Status) Score(CycleState state, PodInfo pod, NodeInfo node)
    {
        if (state.Read<ScoreState>(PreScoreKey) is not { } scoreState)
        {
            return (0, Status.Error($"reading \"{PreScoreKey}\" from cycleState: not found"));
        }

        long score = 0;
        foreach (var (key, values) in scoreState.Scores)
        {
            if (node.Labels.TryGetValue(key, out var value))
            {
                score += values.GetValueOrDefault(value);
            }
        }

        return (score, Status.Success);
    }

    /// <summary>
    /// Min-max scaling to 0..100 (scores can be negative): (raw − min) / (max − min) · 100, truncated; all equal is 0.
    /// </summary>
    /// <example>Raw [−5, 0, 15]: min −5, range 20, so 0, 25, 100.</example>
    public Status NormalizeScore(CycleState state, PodInfo pod, NodeScore[] scores)
    {
        if (state.Read<ScoreState>(PreScoreKey) is null)
        {
            return Status.Success;
        }

        var min = long.MaxValue;
        var max = long.MinValue;
        foreach (var entry in scores)
        {
            min = Math.Min(min, entry.Score);
            max = Math.Max(max, entry.Score);
        }

        var range = max - min;
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i].Score = range > 0 ? (long)(ScoreNormalization.MaxNodeScore * ((double)(scores[i].Score - min) / range)) : 0;
        }

        return Status.Success;
    }

    public IReadOnlyList<ClusterEvent> EventsToRegister() =>
    [
        new(EventResource.AssignedPod, ActionType.All, "AssignedPodChange"),
        new(EventResource.Node, ActionType.Add | ActionType.UpdateNodeLabel, "NodeAddOrLabelChange"),
        ClusterEvent.NamespaceChange,
    ];

    /// <summary>
    /// Affinity holds when every term's domain on this node holds a selected pod. The first pod of a group whose
    /// affinity selects itself would wait forever, so when no pod anywhere matches and the pod matches all its own
    /// terms, any node carrying every topology key will do.
    /// </summary>
    private static bool SatisfiesAffinity(FilterState filterState, PodInfo pod, NodeInfo node)
    {
        var podsExist = true;
        foreach (var term in filterState.Affinity)
        {
            if (!node.Labels.TryGetValue(term.TopologyKey, out var value))
            {
                return false;
            }

            if (filterState.AffinityCounts.GetValueOrDefault((term.TopologyKey, value)) <= 0)
            {
                podsExist = false;
            }
        }

        if (podsExist)
        {
            return true;
        }

        return filterState.AffinityCounts.Count == 0 && filterState.Affinity.All(t => t.Matches(pod, null));
    }

    /// <summary>A term with a namespace selector gets the names of the namespaces it selects now (upstream's mergeAffinityTermNamespacesIfNotEmpty).</summary>
    private AffinityTerm ResolveNamespaces(AffinityTerm term)
    {
        if (term.NamespaceSelector.IsEverything || term.NamespaceSelector.IsNothing)
        {
            return term;
        }

        var names = new HashSet<string>(term.Namespaces, StringComparer.Ordinal);
        foreach (var ns in handle.Cluster.Namespaces())
        {
            if (term.NamespaceSelector.Matches(ns.Metadata.Labels))
            {
                names.Add(ns.Metadata.Name);
            }
        }

        return term.WithNamespaces(names);
    }

    private static void CountTerms(List<AffinityTerm> terms, Dictionary<(string, string), int> counts, PodInfo existing, NodeInfo node)
    {
        foreach (var term in terms)
        {
            if (node.Labels.TryGetValue(term.TopologyKey, out var value) && term.Matches(existing, null))
            {
                Increment(counts, term.TopologyKey, value);
            }
        }
    }

    private static void AddScores(Dictionary<(string, string), long> scores, IEnumerable<WeightedAffinityTerm> terms, PodInfo selected,
        IDictionary<string, string>? namespaceLabels, NodeInfo node, int sign)
    {
        foreach (var (term, weight) in terms)
        {
            AddScore(scores, term, weight, selected, namespaceLabels, node, sign);
        }
    }

    private static void AddScore(Dictionary<(string, string), long> scores, AffinityTerm term, int weight, PodInfo selected,
        IDictionary<string, string>? namespaceLabels, NodeInfo node, int sign)
    {
        if (term.Matches(selected, namespaceLabels) && node.Labels.TryGetValue(term.TopologyKey, out var value))
        {
            var key = (term.TopologyKey, value);
            scores[key] = scores.GetValueOrDefault(key) + (sign * weight);
        }
    }

    private static void Increment(Dictionary<(string, string), int> counts, string key, string value) =>
        counts[(key, value)] = counts.GetValueOrDefault((key, value)) + 1;

    private sealed class FilterState(List<AffinityTerm> affinity, List<AffinityTerm> antiAffinity)
    {
        public List<AffinityTerm> Affinity { get; } = affinity;

        public List<AffinityTerm> AntiAffinity { get; } = antiAffinity;

        public Dictionary<(string, string), int> AffinityCounts { get; } = [];

        public Dictionary<(string, string), int> AntiAffinityCounts { get; } = [];

        public Dictionary<(string, string), int> ExistingAntiAffinity { get; } = [];
    }

    /// <summary>Points per topology key, then per value of that key.</summary>
    private sealed record ScoreState(Dictionary<string, Dictionary<string, long>> Scores);
}
