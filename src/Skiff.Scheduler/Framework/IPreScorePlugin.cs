using Skiff.Scheduler.Cache;

namespace Skiff.Scheduler.Framework;

/// <summary>Runs once per cycle over the feasible nodes before scoring (shared counts go into the cycle state); Skip disables the plugin's Score for this pod.</summary>
public interface IPreScorePlugin : IPlugin
{
    Status PreScore(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> feasibleNodes);
}
