using Skiff.Scheduler.Cache;

namespace Skiff.Scheduler.Framework;

/// <summary>Runs when no node passed the filters (upstream's preemption lives here); its message joins the FitError's.</summary>
public interface IPostFilterPlugin : IPlugin
{
    Status PostFilter(CycleState state, PodInfo pod, NodeToStatus filtered);
}
