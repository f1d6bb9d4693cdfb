using Skiff.Scheduler.Cache;

namespace Skiff.Scheduler.Framework;

/// <summary>Ranks one feasible node; after normalization every score is within 0..100 and is multiplied by the plugin's weight.</summary>
public interface IScorePlugin : IPlugin
{
    (long Score, Status Status) Score(CycleState state, PodInfo pod, NodeInfo node);
}
