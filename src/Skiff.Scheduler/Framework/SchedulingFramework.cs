using System.Runtime.CompilerServices;
using Skiff.Scheduler.Cache;

namespace Skiff.Scheduler.Framework;

/// <summary>
/// One profile's plugins, run extension point by extension point as upstream's frameworkImpl: PreFilter (may skip,
/// reject or narrow the nodes), Filter per node (first rejection wins), PostFilter when nothing fits, PreScore,
/// Score per node with NormalizeScore and the profile's weights.
/// </summary>
public sealed class SchedulingFramework
{
    private readonly List<IPreEnqueuePlugin> preEnqueue = [];
    private readonly List<IPreFilterPlugin> preFilter = [];
    private readonly List<IFilterPlugin> filter = [];
    private readonly List<IPostFilterPlugin> postFilter = [];
    private readonly List<IPreScorePlugin> preScore = [];
    private readonly List<(IScorePlugin Plugin, int Weight)> score = [];
    private readonly List<IEnqueueExtensions> enqueueExtensions = [];

    public SchedulingFramework(SchedulerProfile profile, IEnumerable<IPlugin> plugins)
    {
        Profile = profile;
        var weights = profile.Plugins.ToDictionary(p => p.Name, p => p.Weight, StringComparer.Ordinal);
        foreach (var plugin in plugins)
        {
            Add(plugin, weights.GetValueOrDefault(plugin.Name, 1));
        }
    }

    public SchedulerProfile Profile { get; }

    public bool HasFilterPlugins => filter.Count > 0;

    public bool HasScorePlugins => score.Count > 0;

    public IReadOnlyList<IEnqueueExtensions> EnqueueExtensions => enqueueExtensions;

    /// <summary>Whether the pod may enter the active queue; the rejecting plugin's name comes with a rejection.</summary>
    public (Status Status, string? Plugin) RunPreEnqueuePlugins(PodInfo pod)
    {
        foreach (var plugin in preEnqueue)
        {
            var status = plugin.PreEnqueue(pod);
            if (!status.IsSuccess)
            {
                return (status, plugin.Name);
            }
        }

        return (Status.Success, null);
    }

    /// <summary>
    /// Runs every PreFilter plugin. Skip excludes the plugin's Filter for this cycle; Unresolvable stops at once;
    /// Unschedulable is kept while the rest still run (their state is needed for preemption). Node sets from
    /// several plugins are intersected, and an empty intersection rejects the pod.
    /// </summary>
    public (Status Status, string? Plugin, IReadOnlySet<string>? NodeNames, IReadOnlyList<string> NarrowingPlugins) RunPreFilterPlugins(
        CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes)
    {
        HashSet<string>? nodeNames = null;
        var narrowing = new List<string>();
        (Status Status, string? Plugin) rejected = (Status.Success, null);
        foreach (var plugin in preFilter)
        {
            var result = plugin.PreFilter(state, pod, nodes);
            var status = result.Status;
            if (status.Code == StatusCode.Skip)
            {
                state.SkipFilterPlugins.Add(plugin.Name);
                continue;
            }

            if (!status.IsSuccess)
            {
                if (status.Code == StatusCode.UnschedulableAndUnresolvable)
                {
                    return (status, plugin.Name, null, []);
                }

                if (status.Code == StatusCode.Unschedulable)
                {
                    rejected = (status, plugin.Name);
                    continue;
                }

                return (Status.Error($"running PreFilter plugin \"{plugin.Name}\": {status.Message}"), plugin.Name, null, []);
            }

            if (result.NodeNames is { } names)
            {
                narrowing.Add(plugin.Name);
                nodeNames = nodeNames is null ? new HashSet<string>(names, StringComparer.Ordinal) : [.. nodeNames.Where(names.Contains)];
                if (nodeNames.Count == 0)
                {
                    narrowing.Sort(StringComparer.Ordinal);
                    var message = narrowing.Count == 1
                        ? $"node(s) didn't satisfy plugin {narrowing[0]}"
                        : $"node(s) didn't satisfy plugin(s) [{string.Join(' ', narrowing)}] simultaneously";
                    return (Status.Unresolvable(message), plugin.Name, nodeNames, narrowing);
                }
            }
        }

        narrowing.Sort(StringComparer.Ordinal);
        return (rejected.Status, rejected.Plugin, nodeNames, narrowing);
    }

    /// <summary>Runs the Filter plugins on one node until one rejects it; the rejecting plugin's name comes with the status.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public (Status Status, string? Plugin) RunFilterPlugins(CycleState state, PodInfo pod, NodeInfo node)
    {
        foreach (var plugin in filter)
        {
            if (state.SkipFilterPlugins.Count > 0 && state.SkipFilterPlugins.Contains(plugin.Name))
            {
                continue;
            }

            var status = plugin.Filter(state, pod, node);
            if (!status.IsSuccess)
            {
                return status.IsRejected
                    ? (status, plugin.Name)
                    : (Status.Error($"running \"{plugin.Name}\" filter plugin: {status.Message}"), plugin.Name);
            }
        }

        return (Status.Success, null);
    }

    /// <summary>Runs PostFilter plugins until one succeeds; their rejection messages are joined, as upstream's RunPostFilterPlugins.</summary>
    public (Status Status, string? Plugin) RunPostFilterPlugins(CycleState state, PodInfo pod, NodeToStatus filtered)
    {
        var reasons = new List<string>();
        string? rejector = null;
        foreach (var plugin in postFilter)
        {
            var status = plugin.PostFilter(state, pod, filtered);
            if (status.IsSuccess || status.Code == StatusCode.UnschedulableAndUnresolvable)
            {
                return (status, plugin.Name);
            }

            if (!status.IsRejected)
            {
                return (Status.Error(status.Message), plugin.Name);
            }

            reasons.AddRange(status.Reasons);
            rejector ??= plugin.Name;
        }

        return (Status.Unschedulable([.. reasons]), rejector);
    }

    public Status RunPreScorePlugins(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> feasibleNodes)
    {
        foreach (var plugin in preScore)
        {
            var status = plugin.PreScore(state, pod, feasibleNodes);
            if (status.Code == StatusCode.Skip)
            {
                state.SkipScorePlugins.Add(plugin.Name);
            }
            else if (!status.IsSuccess)
            {
                return Status.Error($"running PreScore plugin \"{plugin.Name}\": {status.Message}");
            }
        }

        return Status.Success;
    }

    /// <summary>
    /// Every score plugin (except those that skipped) scores every node; scores are normalized per plugin, must then
    /// lie within 0..100, and are summed with the plugin weights into one total per node (same order as the nodes).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public (long[] Totals, Status Status) RunScorePlugins(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes)
    {
        var totals = new long[nodes.Count];
        var scores = new NodeScore[nodes.Count];
        foreach (var (plugin, weight) in score)
        {
            if (state.SkipScorePlugins.Count > 0 && state.SkipScorePlugins.Contains(plugin.Name))
            {
                continue;
            }

            for (var i = 0; i < nodes.Count; i++)
            {
                var (value, status) = plugin.Score(state, pod, nodes[i]);
                if (!status.IsSuccess)
                {
                    return (totals, Status.Error($"running Score plugin \"{plugin.Name}\": {status.Message}"));
                }

                scores[i] = new NodeScore(nodes[i].Name, value);
            }

            if (plugin is INormalizeScorePlugin normalizer)
            {
                var status = normalizer.NormalizeScore(state, pod, scores);
                if (!status.IsSuccess)
                {
                    return (totals, Status.Error($"running Normalize on Score plugins \"{plugin.Name}\": {status.Message}"));
                }
            }

            for (var i = 0; i < nodes.Count; i++)
            {
                var value = scores[i].Score;
                if (value is > ScoreNormalization.MaxNodeScore or < ScoreNormalization.MinNodeScore)
                {
                    return (totals, Status.Error($"plugin \"{plugin.Name}\" returns an invalid score {value}, it should in the range of [0, 100] after normalizing"));
                }

                totals[i] += value * weight;
            }
        }

        return (totals, Status.Success);
    }

    private void Add(IPlugin plugin, int weight)
    {
        if (plugin is IPreEnqueuePlugin e)
        {
            preEnqueue.Add(e);
        }

        if (plugin is IPreFilterPlugin pf)
        {
            preFilter.Add(pf);
        }

        if (plugin is IFilterPlugin f)
        {
            filter.Add(f);
        }

        if (plugin is IPostFilterPlugin post)
        {
            postFilter.Add(post);
        }

        if (plugin is IPreScorePlugin ps)
        {
            preScore.Add(ps);
        }

        if (plugin is IScorePlugin s)
        {
            score.Add((s, weight));
        }

        if (plugin is IEnqueueExtensions extensions)
        {
            enqueueExtensions.Add(extensions);
        }
    }
}
