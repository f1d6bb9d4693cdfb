using Skiff.Scheduler.Cache;

namespace Skiff.Scheduler.Framework;

/// <summary>
/// What plugins get from the scheduler: the node view (all nodes, not just the ones being filtered), the other
/// objects they read, and the framework itself (preemption re-runs the filters on a node without its victims).
/// </summary>
public sealed class FrameworkHandle(SchedulerCache nodes, IClusterLister cluster)
{
    public SchedulerCache Nodes { get; } = nodes;

    public IClusterLister Cluster { get; } = cluster;

    /// <summary>The framework built from this handle's plugins (set once they are all created).</summary>
    public SchedulingFramework? Framework { get; internal set; }
}
