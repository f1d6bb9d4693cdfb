using k8s.Models;

namespace Skiff.Scheduler.Matching;

/// <summary>Taint and toleration matching, as upstream's v1 helpers (Toleration.ToleratesTaint, FindMatchingUntoleratedTaint).</summary>
public static class Tolerations
{
    public const string NoSchedule = "NoSchedule";
    public const string NoExecute = "NoExecute";
    public const string PreferNoSchedule = "PreferNoSchedule";

    /// <summary>
    /// An empty effect matches every effect, an empty key (with Exists) every key; the operator Exists ignores the
    /// value, Equal (also the empty operator) requires the same value.
    /// </summary>
    public static bool Tolerates(V1Toleration toleration, V1Taint taint)
    {
        if (!string.IsNullOrEmpty(toleration.Effect) && toleration.Effect != taint.Effect)
        {
            return false;
        }

        if (!string.IsNullOrEmpty(toleration.Key) && toleration.Key != taint.Key)
        {
            return false;
        }

        return toleration.OperatorProperty switch
        {
            null or "" or "Equal" => (toleration.Value ?? "") == (taint.Value ?? ""),
            "Exists" => true,
            _ => false,
        };
    }

    public static bool AnyTolerates(IReadOnlyList<V1Toleration> tolerations, V1Taint taint)
    {
        foreach (var toleration in tolerations)
        {
            if (Tolerates(toleration, taint))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The first NoSchedule or NoExecute taint none of the tolerations tolerates, or null.</summary>
    public static V1Taint? FirstUntoleratedHardTaint(IReadOnlyList<V1Taint> taints, IReadOnlyList<V1Toleration> tolerations)
    {
        foreach (var taint in taints)
        {
            if (taint.Effect is NoSchedule or NoExecute && !AnyTolerates(tolerations, taint))
            {
                return taint;
            }
        }

        return null;
    }
}
