using System.Runtime.CompilerServices;
namespace Skiff.Scheduler.Framework;

/// <summary>Score bounds and upstream's helper.DefaultNormalizeScore.</summary>
public static class ScoreNormalization
{
    public const long MaxNodeScore = 100;
    public const long MinNodeScore = 0;

    /// <summary>
    /// Scales raw scores so the highest becomes <paramref name="max"/> (integer division, as upstream); with
    /// <paramref name="reverse"/>, fewer is better (the highest raw score gets 0). All zero stays zero, or becomes
    /// max when reversed.
    /// </summary>
    /// <example>Raw [2, 1, 0] reversed with max 100: the highest is 2, so 100·2/2 = 100 → 0, 100·1/2 = 50 → 50, 0 → 100.</example>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Default(long max, bool reverse, NodeScore[] scores)
    {
        long highest = 0;
        foreach (var score in scores)
        {
            highest = Math.Max(highest, score.Score);
        }

        if (highest == 0)
        {
            if (reverse)
            {
                for (var i = 0; i < scores.Length; i++)
                {
                    scores[i].Score = max;
                }
            }

            return;
        }

        for (var i = 0; i < scores.Length; i++)
        {
            var scaled = max * scores[i].Score / highest;
            scores[i].Score = reverse ? max - scaled : scaled;
        }
    }
}
