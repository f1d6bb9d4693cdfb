namespace Skiff.Controllers;

/// <summary>Settings of the controller manager, named after upstream's kube-controller-manager flags.</summary>
/// <param name="ReplicaSetWorkers">--concurrent-replicaset-syncs (upstream default 5).</param>
/// <param name="ReplicationControllerWorkers">--concurrent-rc-syncs (upstream default 5).</param>
/// <param name="GarbageCollectorWorkers">--concurrent-gc-syncs (upstream default 20).</param>
/// <param name="NamespaceWorkers">--concurrent-namespace-syncs (upstream default 10).</param>
/// <param name="DeploymentWorkers">--concurrent-deployment-syncs (upstream default 5).</param>
public sealed record ControllerOptions(
    int ReplicaSetWorkers = 5,
    int ReplicationControllerWorkers = 5,
    int GarbageCollectorWorkers = 20,
    int NamespaceWorkers = 10,
    int DeploymentWorkers = 5)
{
    /// <summary>
    /// How long the namespace controller waits after seeing a namespace's deletion before emptying it: upstream's
    /// namespaceDeletionGracePeriod (5 s), which lets creations that passed the namespace check just before land first.
    /// </summary>
    public TimeSpan NamespaceDeletionDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>--node-monitor-period: how often the node lifecycle controller checks node heartbeats (upstream 5 s).</summary>
    public TimeSpan NodeMonitorPeriod { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// --node-monitor-grace-period: a node whose Lease and Ready condition have not been renewed for this long is
    /// marked Unknown and tainted unreachable (40 s, upstream's default before 1.32).
    /// </summary>
    public TimeSpan NodeMonitorGracePeriod { get; init; } = TimeSpan.FromSeconds(40);

    /// <summary>--node-startup-grace-period: the grace of a node that never posted a Ready condition (upstream 60 s).</summary>
    public TimeSpan NodeStartupGracePeriod { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>--node-eviction-rate: nodes per second that get NoExecute taints in a healthy zone (upstream 0.1).</summary>
    public double NodeEvictionRate { get; init; } = 0.1;

    /// <summary>--secondary-node-eviction-rate: the rate in a large, partially disrupted zone (upstream 0.01).</summary>
    public double SecondaryNodeEvictionRate { get; init; } = 0.01;

    /// <summary>--large-cluster-size-threshold: zones with more nodes use the secondary rate when disrupted (upstream 50).</summary>
    public int LargeClusterSizeThreshold { get; init; } = 50;

    /// <summary>--unhealthy-zone-threshold: the share of not-Ready nodes (at least 3) that makes a zone partially disrupted (upstream 0.55).</summary>
    public double UnhealthyZoneThreshold { get; init; } = 0.55;
}
