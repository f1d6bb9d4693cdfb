using Skiff.Scheduler.Cache;

namespace Skiff.Scheduler.Framework;

/// <summary>A score plugin whose raw scores (counts, weights) are mapped onto 0..100 once every node is scored (upstream's ScoreExtensions).</summary>
public interface INormalizeScorePlugin : IScorePlugin
{
    Status NormalizeScore(CycleState state, PodInfo pod, NodeScore[] scores);
}
