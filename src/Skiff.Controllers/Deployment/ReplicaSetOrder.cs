using k8s.Models;

namespace Skiff.Controllers.Deployment;

/// <summary>Upstream's ReplicaSet sort orders (controller_utils.go and the deployment util).</summary>
public static class ReplicaSetOrder
{
    /// <summary>Oldest first; equal timestamps by name.</summary>
    public static int ByCreation(V1ReplicaSet a, V1ReplicaSet b)
    {
        var byTime = Nullable.Compare(a.Metadata.CreationTimestamp, b.Metadata.CreationTimestamp);
        return byTime != 0 ? byTime : string.CompareOrdinal(a.Metadata.Name, b.Metadata.Name);
    }

    /// <summary>Largest first; equal sizes oldest first (scaling down takes from the old ones first).</summary>
    public static int BySizeOlder(V1ReplicaSet a, V1ReplicaSet b)
    {
        var bySize = ReplicaSetCounts.Spec(b).CompareTo(ReplicaSetCounts.Spec(a));
        return bySize != 0 ? bySize : ByCreation(a, b);
    }

    /// <summary>Largest first; equal sizes newest first (scaling up gives to the new ones first).</summary>
    public static int BySizeNewer(V1ReplicaSet a, V1ReplicaSet b)
    {
        var bySize = ReplicaSetCounts.Spec(b).CompareTo(ReplicaSetCounts.Spec(a));
        return bySize != 0 ? bySize : ByCreation(b, a);
    }

    /// <summary>Lowest revision first; equal or unreadable revisions oldest first.</summary>
    public static int ByRevision(V1ReplicaSet a, V1ReplicaSet b)
    {
        if (!DeploymentRevisions.TryRevision(a, out var first) || !DeploymentRevisions.TryRevision(b, out var second) || first == second)
        {
            return ByCreation(a, b);
        }

        return first.CompareTo(second);
    }
}
