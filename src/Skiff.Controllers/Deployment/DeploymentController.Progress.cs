using k8s.Models;
using Skiff.Client;

namespace Skiff.Controllers.Deployment;

/// <summary>Writing a rollout's status, and looking at it again when its progress deadline falls due.</summary>
public sealed partial class DeploymentController
{
    /// <summary>
    /// Upstream's syncRolloutStatus: the status with the Progressing condition estimated by
    /// <see cref="RolloutProgress.Status"/>, written if it changed; if nothing changed, the deployment is queued
    /// again for when its deadline would pass, since no event may come to wake it.
    /// </summary>
    private async Task SyncRolloutStatusAsync(IReadOnlyList<V1ReplicaSet?> allRSs, V1ReplicaSet? newRS, V1Deployment d, CancellationToken ct)
    {
        var status = RolloutProgress.Status(allRSs, newRS, d, Now);
        if (DeploymentStatusCalculator.Same(d.Status, status))
        {
            switch (RolloutProgress.RequeueAfter(d, status, Now))
            {
                case { } after when after == TimeSpan.Zero:
                    queue.AddRateLimited(ObjectKey.Of(d));
                    break;
                case { } after:
                    queue.AddAfter(ObjectKey.Of(d), after);
                    break;
            }

            return;
        }

        d.Status = status;
        await WriteStatusAsync(d, ct);
    }
}
