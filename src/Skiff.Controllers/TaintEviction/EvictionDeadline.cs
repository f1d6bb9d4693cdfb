using k8s.Models;
using Skiff.Api.Taints;

namespace Skiff.Controllers.TaintEviction;

/// <summary>
/// When a pod must leave a node with NoExecute taints: at once if it does not tolerate one of them, otherwise when
/// the first toleration runs out, counted from the time its taint was added; never if every matching toleration has
/// no tolerationSeconds.
/// </summary>
public static class EvictionDeadline
{
    /// <summary>The answer for a pod that does not tolerate a taint: evict now.</summary>
    public static readonly DateTimeOffset Immediately = DateTimeOffset.MinValue;

    /// <summary>
    /// For each taint, the pod's first toleration that matches it (upstream's GetMatchingTolerations) decides: its
    /// tolerationSeconds after the taint's addition, or forever without seconds; the earliest of these wins.
    /// </summary>
    /// <remarks>
    /// Example: node.kubernetes.io/unreachable added at 10:00:00, tolerated for 300 s (the default toleration), ends
    /// at 10:05:00; example.com/maintenance added at 10:02:00 and tolerated for 60 s ends at 10:03:00, so the pod goes
    /// at 10:03:00. A toleration of 0 s or less ends when its taint was added, which is already past.
    /// </remarks>
    /// <returns><see cref="Immediately"/> when some taint is not tolerated, null when every taint is tolerated forever.</returns>
    public static DateTimeOffset? Of(IReadOnlyList<V1Taint> noExecuteTaints, IList<V1Toleration>? tolerations, Func<V1Taint, DateTimeOffset> addedAt)
    {
        DateTimeOffset? earliest = null;
        foreach (var taint in noExecuteTaints)
        {
            if (TolerationMatch.FirstTolerating(tolerations, taint) is not { } toleration)
            {
                return Immediately;
            }

            if (toleration.TolerationSeconds is not { } seconds)
            {
                continue;
            }

            var end = addedAt(taint) + TimeSpan.FromSeconds(Math.Max(seconds, 0));
            if (earliest is null || end < earliest)
            {
                earliest = end;
            }
        }

        return earliest;
    }
}
