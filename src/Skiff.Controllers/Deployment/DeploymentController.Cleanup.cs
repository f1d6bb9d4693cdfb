using k8s.Models;
using Skiff.Client;

namespace Skiff.Controllers.Deployment;

/// <summary>Old ReplicaSets beyond revisionHistoryLimit (upstream's cleanupDeployment).</summary>
public sealed partial class DeploymentController
{
    /// <summary>
    /// Deletes the oldest revisions beyond spec.revisionHistoryLimit, but only ReplicaSets that are fully scaled
    /// down (spec and status 0, status caught up with the spec) and not already being deleted.
    /// </summary>
    /// <example>Limit 2, old revisions 1..5 all at 0: revisions 1, 2 and 3 are deleted; 4 and 5 stay for rollbacks.</example>
    private async Task CleanupOldReplicaSetsAsync(IReadOnlyList<V1ReplicaSet> oldRSs, V1Deployment d, CancellationToken ct)
    {
        if (!DeploymentStatusCalculator.HasRevisionHistoryLimit(d))
        {
            return;
        }

        var cleanable = oldRSs.Where(rs => rs.Metadata.DeletionTimestamp is null).ToList();
        var surplus = cleanable.Count - d.Spec.RevisionHistoryLimit!.Value;
        if (surplus <= 0)
        {
            return;
        }

        cleanable.Sort(ReplicaSetOrder.ByRevision);
        foreach (var rs in cleanable.Take(surplus))
        {
            if ((rs.Status?.Replicas ?? 0) != 0 || ReplicaSetCounts.Spec(rs) != 0 ||
                (rs.Metadata.Generation ?? 0) > (rs.Status?.ObservedGeneration ?? 0))
            {
                continue;
            }

            try
            {
                await client.DeleteAsync<V1ReplicaSet>(rs.Metadata.NamespaceProperty, rs.Metadata.Name, null, ct);
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
                // Gone already.
            }
        }
    }
}
