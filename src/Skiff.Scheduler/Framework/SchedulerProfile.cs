namespace Skiff.Scheduler.Framework;

/// <summary>
/// A scheduling profile: the scheduler name it serves, its plugins in upstream's order (filters run in this order and
/// stop at the first rejection) with their score weights, and percentageOfNodesToScore (0: adaptive).
/// </summary>
public sealed record SchedulerProfile(string SchedulerName, IReadOnlyList<PluginWeight> Plugins, int PercentageOfNodesToScore = 0)
{
    public const string DefaultSchedulerName = "default-scheduler";

    /// <summary>
    /// kube-scheduler 1.32's default plugins and weights (getDefaultPlugins) as far as Skiff has them: the volume
    /// plugins and ImageLocality are left out because simulated nodes have no volumes or images.
    /// </summary>
    public static SchedulerProfile Default { get; } = new(DefaultSchedulerName,
    [
        new("SchedulingGates"),
        new("NodeUnschedulable"),
        new("NodeName"),
        new("TaintToleration", 3),
        new("NodeAffinity", 2),
        new("NodePorts"),
        new("NodeResourcesFit", 1),
        new("PodTopologySpread", 2),
        new("InterPodAffinity", 2),
        new("DefaultPreemption"),
        new("NodeResourcesBalancedAllocation", 1),
    ]);
}
