namespace Skiff.Controllers;

/// <summary>Settings of the controller manager, named after upstream's kube-controller-manager flags.</summary>
/// <param name="ReplicaSetWorkers">--concurrent-replicaset-syncs (upstream default 5).</param>
/// <param name="ReplicationControllerWorkers">--concurrent-rc-syncs (upstream default 5).</param>
/// <param name="GarbageCollectorWorkers">--concurrent-gc-syncs (upstream default 20).</param>
/// <param name="NamespaceWorkers">--concurrent-namespace-syncs (upstream default 10).</param>
public sealed record ControllerOptions(
    int ReplicaSetWorkers = 5,
    int ReplicationControllerWorkers = 5,
    int GarbageCollectorWorkers = 20,
    int NamespaceWorkers = 10)
{
    /// <summary>
    /// How long the namespace controller waits after seeing a namespace's deletion before emptying it: upstream's
    /// namespaceDeletionGracePeriod (5 s), which lets creations that passed the namespace check just before land first.
    /// </summary>
    public TimeSpan NamespaceDeletionDelay { get; init; } = TimeSpan.FromSeconds(5);
}
