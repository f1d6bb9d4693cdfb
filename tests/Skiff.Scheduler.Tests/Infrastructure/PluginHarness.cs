using k8s.Models;
using Skiff.Scheduler.Cache;
using Skiff.Scheduler.Framework;

namespace Skiff.Scheduler.Tests.Infrastructure;

/// <summary>
/// A cache filled with nodes and bound pods plus a cluster lister, for calling plugins the way the framework does:
/// PreFilter then Filter per node, PreScore then Score per node then NormalizeScore.
/// </summary>
public sealed class PluginHarness
{
    public PluginHarness(params V1Node[] nodes)
    {
        foreach (var node in nodes)
        {
            Cache.AddOrUpdateNode(node);
        }

        Handle = new FrameworkHandle(Cache, Cluster);
    }

    public SchedulerCache Cache { get; } = new();

    public StaticClusterLister Cluster { get; } = new();

    public FrameworkHandle Handle { get; }

    public IReadOnlyList<NodeInfo> Nodes => Cache.Nodes;

    public PluginHarness WithPods(params V1Pod[] pods)
    {
        foreach (var pod in pods)
        {
            Cache.AddOrUpdatePod(pod);
        }

        return this;
    }

    public NodeInfo NodeInfo(string name) => Cache.Get(name) ?? throw new ArgumentException($"no node {name}", nameof(name));

    /// <summary>Runs PreFilter (unless it skips) and Filter on every node; the status per node name.</summary>
    public Dictionary<string, Status> Filter(IPlugin plugin, V1Pod pod, CycleState? state = null)
    {
        state ??= new CycleState();
        var info = PodInfo.Of(pod);
        if (plugin is IPreFilterPlugin preFilter)
        {
            var result = preFilter.PreFilter(state, info, Nodes);
            if (result.Status.Code == StatusCode.Skip)
            {
                return Nodes.ToDictionary(n => n.Name, _ => Status.Success);
            }

            if (!result.Status.IsSuccess)
            {
                return Nodes.ToDictionary(n => n.Name, _ => result.Status);
            }
        }

        return Nodes.ToDictionary(n => n.Name, n => ((IFilterPlugin)plugin).Filter(state, info, n));
    }

    /// <summary>Runs PreScore (a Skip gives every node 0), Score on every node and NormalizeScore; the final score per node name.</summary>
    public Dictionary<string, long> Score(IScorePlugin plugin, V1Pod pod, IReadOnlyList<NodeInfo>? feasible = null)
    {
        var state = new CycleState();
        var info = PodInfo.Of(pod);
        feasible ??= Nodes;
        if (plugin is IPreScorePlugin preScore)
        {
            var status = preScore.PreScore(state, info, feasible);
            if (status.Code == StatusCode.Skip)
            {
                return feasible.ToDictionary(n => n.Name, _ => 0L);
            }

            Assert.True(status.IsSuccess, status.ToString());
        }

        var scores = feasible.Select(n =>
        {
            var (value, status) = plugin.Score(state, info, n);
            Assert.True(status.IsSuccess, status.ToString());
            return new NodeScore(n.Name, value);
        }).ToArray();
        if (plugin is INormalizeScorePlugin normalizer)
        {
            Assert.True(normalizer.NormalizeScore(state, info, scores).IsSuccess);
        }

        return scores.ToDictionary(s => s.Name, s => s.Score);
    }
}
