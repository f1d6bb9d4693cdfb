using k8s.Models;

namespace Skiff.Api.Taints;

/// <summary>Upstream's Toleration.ToleratesTaint and the lookups built on it (k8s.io/api/core/v1 toleration.go).</summary>
public static class TolerationMatch
{
    /// <summary>
    /// An empty effect matches every effect and an empty key every key (with operator Exists); operator Equal (or
    /// empty) also compares the values, Exists ignores them; an unknown operator tolerates nothing.
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

    /// <summary>The first toleration (in the pod's order) that tolerates the taint, as upstream's GetMatchingTolerations picks it.</summary>
    public static V1Toleration? FirstTolerating(IEnumerable<V1Toleration>? tolerations, V1Taint taint)
    {
        foreach (var toleration in tolerations ?? [])
        {
            if (Tolerates(toleration, taint))
            {
                return toleration;
            }
        }

        return null;
    }

    /// <summary>Taints are the same taint when key and effect match (upstream's MatchTaint); value and timeAdded may differ.</summary>
    public static bool SameTaint(V1Taint a, V1Taint b) => a.Key == b.Key && a.Effect == b.Effect;
}
