using Skiff.Scheduler.Cache;
using Skiff.Scheduler.Framework;

namespace Skiff.Scheduler.Plugins;

/// <summary>PreEnqueue: a pod with spec.schedulingGates waits outside the active queue until every gate is removed.</summary>
public sealed class SchedulingGates : IPreEnqueuePlugin, IEnqueueExtensions
{
    public const string PluginName = "SchedulingGates";

    public string Name => PluginName;

    public Status PreEnqueue(PodInfo pod) =>
        pod.Pod.Spec.SchedulingGates is { Count: > 0 } gates
            ? Status.Unresolvable($"waiting for scheduling gates: [{string.Join(' ', gates.Select(g => g.Name))}]")
            : Status.Success;

    public IReadOnlyList<ClusterEvent> EventsToRegister() =>
        [new(EventResource.UnscheduledPod, ActionType.UpdatePodSchedulingGatesEliminated, "UnscheduledPodUpdateGates")];
}
