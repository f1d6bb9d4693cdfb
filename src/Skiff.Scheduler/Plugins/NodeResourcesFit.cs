using System.Runtime.CompilerServices;
using System.Globalization;
using Skiff.Scheduler.Cache;
using Skiff.Scheduler.Framework;

namespace Skiff.Scheduler.Plugins;

/// <summary>
/// Filter: the pod's requests must fit in what the node's allocatable leaves after the pods counted on it, and one
/// more pod must be allowed. Score (upstream's default LeastAllocated strategy): emptier nodes score higher.
/// </summary>
public sealed class NodeResourcesFit : IFilterPlugin, IScorePlugin, IEnqueueExtensions
{
    public const string PluginName = "NodeResourcesFit";

    private static readonly Status TooManyPods = Status.Unschedulable("Too many pods");
    private static readonly Status InsufficientCpu = Status.Unschedulable("Insufficient cpu");
    private static readonly Status InsufficientMemory = Status.Unschedulable("Insufficient memory");

    public string Name => PluginName;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Status Filter(CycleState state, PodInfo pod, NodeInfo node)
    {
        var reasons = InsufficientResources(pod.Requests, node);
        return reasons switch
        {
            null => Status.Success,
            ["Too many pods"] => TooManyPods,
            ["Insufficient cpu"] => InsufficientCpu,
            ["Insufficient memory"] => InsufficientMemory,
            _ => Status.Unschedulable([.. reasons]),
        };
    }

    /// <summary>
    /// Upstream's fitsRequest: one reason per resource that does not fit, in the order pods, cpu, memory,
    /// ephemeral-storage, then scalar resources; null when everything fits. A resource the pod does not request
    /// never fails, even on an overcommitted node.
    /// </summary>
    /// <example>
    /// A node with 4 cpu allocatable and pods requesting 3.5 cpu on it: a pod asking for 600m does not fit
    /// (600 > 4000 − 3500 = 500) and gets "Insufficient cpu"; one asking for 500m fits.
    /// </example>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static List<string>? InsufficientResources(ResourceVector request, NodeInfo node)
    {
        List<string>? reasons = null;
        var allocatable = node.Allocatable;
        var requested = node.Requested;
        if (node.Pods.Count + 1 > allocatable.AllowedPodNumber)
        {
            (reasons ??= []).Add("Too many pods");
        }

        if (request.MilliCpu > 0 && request.MilliCpu > allocatable.MilliCpu - requested.MilliCpu)
        {
            (reasons ??= []).Add("Insufficient cpu");
        }

        if (request.MemoryBytes > 0 && request.MemoryBytes > allocatable.MemoryBytes - requested.MemoryBytes)
        {
            (reasons ??= []).Add("Insufficient memory");
        }

        if (request.EphemeralStorageBytes > 0 && request.EphemeralStorageBytes > allocatable.EphemeralStorageBytes - requested.EphemeralStorageBytes)
        {
            (reasons ??= []).Add("Insufficient ephemeral-storage");
        }

        if (request.Scalars is not null)
        {
            foreach (var (name, amount) in request.Scalars.OrderBy(s => s.Key, StringComparer.Ordinal))
            {
                if (amount > 0 && amount > allocatable.ScalarOrZero(name) - requested.ScalarOrZero(name))
                {
                    (reasons ??= []).Add(string.Create(CultureInfo.InvariantCulture, $"Insufficient {name}"));
                }
            }
        }

        return reasons;
    }

    /// <summary>
    /// LeastAllocated: per resource (cpu and memory, weight 1 each) (allocatable − requested) · 100 / allocatable,
    /// counting the pod itself and the non-zero defaults for request-less containers; averaged by weight.
    /// </summary>
    /// <example>
    /// A node with 4000m cpu and 8 GiB memory already counting 1000m and 2 GiB; the pod counts 1000m and 2 GiB:
    /// cpu (4000 − 2000)·100/4000 = 50, memory (8 − 4)·100/8 = 50, score (50 + 50)/2 = 50.
    /// </example>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public (long Score, Status Status) Score(CycleState state, PodInfo pod, NodeInfo node)
    {
        long total = 0;
        long weights = 0;
        if (node.Allocatable.MilliCpu > 0)
        {
            total += LeastRequested(node.NonZeroMilliCpu + pod.NonZeroMilliCpu, node.Allocatable.MilliCpu);
            weights++;
        }

        if (node.Allocatable.MemoryBytes > 0)
        {
            total += LeastRequested(node.NonZeroMemory + pod.NonZeroMemory, node.Allocatable.MemoryBytes);
            weights++;
        }

        return (weights == 0 ? 0 : total / weights, Status.Success);
    }

    public IReadOnlyList<ClusterEvent> EventsToRegister() =>
    [
        new(EventResource.AssignedPod, ActionType.Delete | ActionType.UpdatePodScaleDown, "AssignedPodDeleteOrScaleDown"),
        new(EventResource.Node, ActionType.Add | ActionType.UpdateNodeAllocatable, "NodeAddOrAllocatableChange"),
    ];

    private static long LeastRequested(long requested, long capacity) =>
        capacity == 0 || requested > capacity ? 0 : (capacity - requested) * ScoreNormalization.MaxNodeScore / capacity;
}
