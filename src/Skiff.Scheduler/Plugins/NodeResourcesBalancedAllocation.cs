using System.Runtime.CompilerServices;
using Skiff.Scheduler.Cache;
using Skiff.Scheduler.Framework;

namespace Skiff.Scheduler.Plugins;

/// <summary>
/// Score: nodes whose cpu and memory would be used in similar proportions score higher, as upstream's
/// NodeResourcesBalancedAllocation (real requests, the pod included; 1.32 scores best-effort pods too).
/// </summary>
public sealed class NodeResourcesBalancedAllocation : IScorePlugin
{
    public const string PluginName = "NodeResourcesBalancedAllocation";

    public string Name => PluginName;

    /// <summary>
    /// Each fraction is requested/allocatable capped at 1; with two resources the standard deviation is half their
    /// difference; the score is (1 − std) · 100, truncated.
    /// </summary>
    /// <example>
    /// cpu 3000m of 4000m (0.75) and memory 2 GiB of 8 GiB (0.25) after adding the pod: std = |0.75 − 0.25|/2 = 0.25,
    /// score = (1 − 0.25)·100 = 75. Equal fractions score 100.
    /// </example>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public (long Score, Status Status) Score(CycleState state, PodInfo pod, NodeInfo node)
    {
        Span<double> fractions = stackalloc double[2];
        var count = 0;
        if (node.Allocatable.MilliCpu > 0)
        {
            fractions[count++] = Math.Min(1.0, (double)(node.Requested.MilliCpu + pod.Requests.MilliCpu) / node.Allocatable.MilliCpu);
        }

        if (node.Allocatable.MemoryBytes > 0)
        {
            fractions[count++] = Math.Min(1.0, (double)(node.Requested.MemoryBytes + pod.Requests.MemoryBytes) / node.Allocatable.MemoryBytes);
        }

        var std = count == 2 ? Math.Abs((fractions[0] - fractions[1]) / 2) : 0;
        return ((long)((1 - std) * ScoreNormalization.MaxNodeScore), Status.Success);
    }
}
