using Skiff.Scheduler.Cache;

namespace Skiff.Scheduler.Framework;

/// <summary>Says whether the pod can run on one node; called for many nodes per cycle, so it must be cheap and allocation-free.</summary>
public interface IFilterPlugin : IPlugin
{
    Status Filter(CycleState state, PodInfo pod, NodeInfo node);
}
