using k8s.Models;
using Skiff.Client;
using Skiff.Client.Informers;
using Skiff.Controllers.Ownership;

namespace Skiff.Controllers.Deployment;

/// <summary>
/// One sync of one deployment, as upstream's syncDeployment: claim ReplicaSets, then (in this order of precedence)
/// a deleted deployment only gets its status, a paused one or a scaling event is scaled, and otherwise the
/// strategy rolls out.
/// </summary>
public sealed partial class DeploymentController
{
    private async Task SyncAsync(string key, CancellationToken ct)
    {
        if (deployments.Cache.Get(key) is not { } cached)
        {
            return; // deleted: its ReplicaSets go through the garbage collector
        }

        var d = Copy(cached);
        if (d.Spec?.Selector is not { } selector || (selector.MatchLabels?.Count ?? 0) + (selector.MatchExpressions?.Count ?? 0) == 0)
        {
            events.Warning(d, "SelectingAll", "This deployment is selecting all pods. A non-empty selector is required.");
            if ((d.Status?.ObservedGeneration ?? 0) < (d.Metadata.Generation ?? 0))
            {
                (d.Status ??= new V1DeploymentStatus()).ObservedGeneration = d.Metadata.Generation;
                await WriteStatusAsync(d, ct);
            }

            return;
        }

        var rsList = await ClaimReplicaSetsAsync(d, ct);
        if (d.Metadata.DeletionTimestamp is not null)
        {
            var (newRS, oldRSs) = await GetAllReplicaSetsAndSyncRevisionAsync(d, rsList, createIfNotExisted: false, ct);
            await SyncDeploymentStatusAsync(AllOf(oldRSs, newRS), newRS, d, ct);
            return;
        }

        // A Progressing condition of Unknown while paused keeps a long pause from counting against the deadline.
        await CheckPausedConditionsAsync(d, ct);
        if (d.Spec.Paused == true || await IsScalingEventAsync(d, rsList, ct))
        {
            await ScaleAndSyncStatusAsync(d, rsList, ct);
            return;
        }

        switch (d.Spec.Strategy?.Type)
        {
            case RollingUpdateBounds.Recreate:
                await RolloutRecreateAsync(d, rsList, PodsByReplicaSet(d, rsList), ct);
                break;
            case RollingUpdateBounds.RollingUpdate:
                await RolloutRollingAsync(d, rsList, ct);
                break;
            default:
                throw new InvalidOperationException($"unexpected deployment strategy type: {d.Spec.Strategy?.Type}");
        }
    }

    /// <summary>
    /// The ReplicaSets this deployment controls, adopting matching orphans and releasing the ones that stopped
    /// matching (upstream's getReplicaSetsForDeployment).
    /// </summary>
    private async Task<List<V1ReplicaSet>> ClaimReplicaSetsAsync(V1Deployment d, CancellationToken ct)
    {
        var candidates = replicaSets.Cache.ByIndex(ObjectCache<V1ReplicaSet>.OwnerUidIndex, d.Metadata.Uid)
            .Concat(replicaSets.Cache.ByIndex(OrphanReplicaSets, d.Metadata.NamespaceProperty ?? ""))
            .DistinctBy(rs => rs.Metadata.Uid);
        var claims = new ReplicaSetClaims(client, d, SelectorOf(d), token => StillSameDeploymentAsync(d, token));
        return await claims.ClaimAsync(candidates, ct);
    }

    /// <summary>Adoption is allowed only if the API (not the cache) still has this very deployment, not being deleted.</summary>
    private async Task<bool> StillSameDeploymentAsync(V1Deployment d, CancellationToken ct)
    {
        try
        {
            var fresh = await client.GetAsync<V1Deployment>(d.Metadata.NamespaceProperty, d.Metadata.Name, ct);
            return fresh.Metadata.Uid == d.Metadata.Uid && fresh.Metadata.DeletionTimestamp is null;
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            return false;
        }
    }

    /// <summary>Upstream's checkPausedConditions: Progressing Unknown with DeploymentPaused / DeploymentResumed.</summary>
    private async Task CheckPausedConditionsAsync(V1Deployment d, CancellationToken ct)
    {
        if (!DeploymentStatusCalculator.HasProgressDeadline(d))
        {
            return;
        }

        var condition = DeploymentConditions.Get(d.Status, DeploymentConditions.Progressing);
        if (condition?.Reason == DeploymentConditions.TimedOutReason)
        {
            return; // a reported lack of progress is not overwritten by a pause
        }

        var pausedReported = condition?.Reason == DeploymentConditions.PausedDeployReason;
        var paused = d.Spec.Paused == true;
        if (paused == pausedReported)
        {
            return;
        }

        var status = d.Status ??= new V1DeploymentStatus();
        DeploymentConditions.Set(status, paused
            ? DeploymentConditions.New(DeploymentConditions.Progressing, "Unknown", DeploymentConditions.PausedDeployReason, "Deployment is paused", Now)
            : DeploymentConditions.New(DeploymentConditions.Progressing, "Unknown", DeploymentConditions.ResumedDeployReason, "Deployment is resumed", Now));
        await WriteStatusAsync(d, ct);
    }

    /// <summary>
    /// Upstream's isScalingEvent: spec.replicas differs from the desired-replicas annotation of an active
    /// ReplicaSet, so the deployment was scaled rather than given a new template.
    /// </summary>
    private async Task<bool> IsScalingEventAsync(V1Deployment d, List<V1ReplicaSet> rsList, CancellationToken ct)
    {
        var (newRS, oldRSs) = await GetAllReplicaSetsAndSyncRevisionAsync(d, rsList, createIfNotExisted: false, ct);
        var replicas = RollingUpdateBounds.Replicas(d);
        return ReplicaSetCounts.Active(AllOf(oldRSs, newRS))
            .Any(rs => DeploymentRevisions.DesiredReplicas(rs) is { } desired && desired != replicas);
    }

    /// <summary>Writes the deployment's status (and its annotations, which the status endpoint takes for deployments).</summary>
    private async Task WriteStatusAsync(V1Deployment d, CancellationToken ct)
    {
        var written = await client.UpdateStatusAsync(Copy(d), ct);
        // Later writes of this sync build on this one rather than conflicting with it.
        d.Metadata.ResourceVersion = written.Metadata.ResourceVersion;
    }

    private static List<V1ReplicaSet?> AllOf(IEnumerable<V1ReplicaSet> oldRSs, V1ReplicaSet? newRS) => [.. oldRSs, newRS];
}
