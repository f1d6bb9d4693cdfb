using Skiff.Node.Configuration;
using Skiff.Node.Heartbeats;
using Skiff.Node.Stages;

namespace Skiff.Node;

/// <summary>What the simulator runs: which nodes, which pod lifecycle, how often they beat, and how many pod workers.</summary>
/// <param name="Config">The node groups.</param>
/// <param name="Stages">The pod lifecycle (the embedded one unless --stage-config replaces it).</param>
/// <param name="Heartbeats">Lease and status timing.</param>
/// <param name="PodWorkers">Pods processed at once.</param>
/// <param name="RecordEvents">Whether the stages' kubelet events (Pulled, Created, Started, BackOff, ...) are written.</param>
public sealed record NodeSimulatorOptions(
    NodeConfig Config,
    StageSet Stages,
    HeartbeatOptions Heartbeats,
    int PodWorkers = 8,
    bool RecordEvents = true)
{
    /// <summary>N default nodes with the embedded lifecycle.</summary>
    public static NodeSimulatorOptions ForNodes(int count) => new(NodeConfig.Default(count), StageSet.DefaultPodLifecycle, HeartbeatOptions.Default);
}
