using Skiff.Scheduler.Cache;

namespace Skiff.Scheduler.Framework;

/// <summary>
/// Runs once per scheduling cycle before any node is filtered: computes what Filter needs (into the cycle state),
/// may reject the pod outright, answer Skip (Filter is then not run for this pod), or narrow the candidate nodes.
/// </summary>
public interface IPreFilterPlugin : IPlugin
{
    PreFilterResult PreFilter(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes);
}
