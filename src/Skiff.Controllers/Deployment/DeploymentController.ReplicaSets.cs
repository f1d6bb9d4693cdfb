using System.Globalization;
using k8s.Models;
using Skiff.Client;
using Skiff.Controllers.Ownership;

namespace Skiff.Controllers.Deployment;

/// <summary>
/// Finding, creating and resizing the deployment's ReplicaSets (upstream's getAllReplicaSetsAndSyncRevision,
/// getNewReplicaSet and scaleReplicaSet).
/// </summary>
public sealed partial class DeploymentController
{
    /// <summary>
    /// The new ReplicaSet (the one with the deployment's template; created when asked and missing) and all the old
    /// ones. The new one's revision becomes max(old revisions) + 1 and is copied to the deployment.
    /// </summary>
    private async Task<(V1ReplicaSet? NewRS, List<V1ReplicaSet> OldRSs)> GetAllReplicaSetsAndSyncRevisionAsync(V1Deployment d,
        List<V1ReplicaSet> rsList, bool createIfNotExisted, CancellationToken ct)
    {
        var existing = FindNewReplicaSet(d, rsList);
        var oldRSs = rsList.Where(rs => rs.Metadata.Uid != existing?.Metadata.Uid).ToList();
        var newRS = await GetNewReplicaSetAsync(d, existing, oldRSs, createIfNotExisted, ct);
        if (newRS is not null)
        {
            Replace(rsList, newRS);
        }

        return (newRS, oldRSs);
    }

    /// <summary>
    /// Upstream's FindNewReplicaSet: the oldest ReplicaSet whose template equals the deployment's apart from the
    /// pod-template-hash label (several can match after a hash change; the oldest wins, deterministically).
    /// </summary>
    public static V1ReplicaSet? FindNewReplicaSet(V1Deployment d, IEnumerable<V1ReplicaSet> rsList)
    {
        var wanted = PodTemplateHash.Canonical(d.Spec?.Template, withoutHashLabel: true);
        return rsList.OrderBy(rs => rs, Comparer<V1ReplicaSet>.Create(ReplicaSetOrder.ByCreation))
            .FirstOrDefault(rs => PodTemplateHash.Canonical(rs.Spec?.Template, withoutHashLabel: true).AsSpan().SequenceEqual(wanted));
    }

    private async Task<V1ReplicaSet?> GetNewReplicaSetAsync(V1Deployment d, V1ReplicaSet? existing, List<V1ReplicaSet> oldRSs,
        bool createIfNotExisted, CancellationToken ct)
    {
        var newRevision = DeploymentRevisions.MaxRevision(oldRSs) + 1;
        if (existing is not null)
        {
            var copy = Copy(existing);
            var annotationsUpdated = DeploymentRevisions.SetNewReplicaSetAnnotations(d, copy, newRevision, exists: true);
            if (annotationsUpdated || (copy.Spec.MinReadySeconds ?? 0) != (d.Spec.MinReadySeconds ?? 0))
            {
                copy.Spec.MinReadySeconds = d.Spec.MinReadySeconds;
                // The deployment's revision follows in the sync this update triggers.
                return await client.UpdateAsync(copy, ct);
            }

            var needsUpdate = DeploymentRevisions.SetDeploymentRevision(d,
                existing.Metadata.Annotations?.TryGetValue(DeploymentRevisions.RevisionAnnotation, out var revision) == true ? revision : "");
            if (DeploymentStatusCalculator.HasProgressDeadline(d) && DeploymentConditions.Get(d.Status, DeploymentConditions.Progressing) is null)
            {
                // Progress was not tracked before (a deadline was just set): count from the first sight of the new set.
                DeploymentConditions.Set(d.Status ??= new V1DeploymentStatus(), DeploymentConditions.New(DeploymentConditions.Progressing, "True",
                    DeploymentConditions.FoundNewRSReason, $"Found new replica set \"{existing.Metadata.Name}\"", Now));
                needsUpdate = true;
            }

            if (needsUpdate)
            {
                await WriteStatusAsync(d, ct);
            }

            return existing;
        }

        if (!createIfNotExisted)
        {
            return null;
        }

        var created = await CreateNewReplicaSetAsync(d, oldRSs, newRevision, ct);
        return created;
    }

    /// <summary>
    /// Creates the new ReplicaSet `&lt;deployment&gt;-&lt;hash&gt;`. If that name is taken by a ReplicaSet with another
    /// template (a hash collision), status.collisionCount goes up, which changes the next hash, and the sync fails
    /// to be retried.
    /// </summary>
    private async Task<V1ReplicaSet> CreateNewReplicaSetAsync(V1Deployment d, List<V1ReplicaSet> oldRSs, long newRevision, CancellationToken ct)
    {
        var template = Copy(d.Spec.Template);
        var hash = PodTemplateHash.Compute(d.Spec.Template, d.Status?.CollisionCount);
        template.Metadata ??= new V1ObjectMeta();
        template.Metadata.Labels = new Dictionary<string, string>(template.Metadata.Labels ?? new Dictionary<string, string>())
        {
            [PodTemplateHash.Label] = hash,
        };
        var selector = Copy(d.Spec.Selector);
        selector.MatchLabels = new Dictionary<string, string>(selector.MatchLabels ?? new Dictionary<string, string>())
        {
            [PodTemplateHash.Label] = hash,
        };
        var newRS = new V1ReplicaSet
        {
            ApiVersion = ApiVersion,
            Kind = "ReplicaSet",
            Metadata = new V1ObjectMeta
            {
                Name = $"{d.Metadata.Name}-{hash}", // deterministic, so a repeated creation is idempotent
                NamespaceProperty = d.Metadata.NamespaceProperty,
                OwnerReferences = [ControllerRef.For(d, ApiVersion, Kind)],
                Labels = new Dictionary<string, string>(template.Metadata.Labels),
            },
            Spec = new V1ReplicaSetSpec { Replicas = 0, MinReadySeconds = d.Spec.MinReadySeconds, Selector = selector, Template = template },
        };
        var replicas = RollingScaling.NewReplicaSetSize(d, AllOf(oldRSs, newRS), newRS);
        newRS.Spec.Replicas = replicas;
        DeploymentRevisions.SetNewReplicaSetAnnotations(d, newRS, newRevision, exists: false);

        V1ReplicaSet created;
        var alreadyExisted = false;
        try
        {
            created = await client.CreateAsync(newRS, ct);
        }
        catch (KubeApiException e) when (e.IsAlreadyExists)
        {
            // A slow cache or a quick resync may make us create it twice; only a different template is a collision.
            var found = replicaSets.Cache.Get(d.Metadata.NamespaceProperty, $"{d.Metadata.Name}-{hash}");
            if (found is null)
            {
                throw;
            }

            if (ControllerRef.Of(found)?.Uid != d.Metadata.Uid || !PodTemplateHash.EqualIgnoreHash(d.Spec.Template, found.Spec?.Template))
            {
                var status = d.Status ??= new V1DeploymentStatus();
                status.CollisionCount = (status.CollisionCount ?? 0) + 1;
                await WriteStatusAsync(d, ct);
                LogHashCollision(ObjectKey.Of(d), status.CollisionCount.Value);
                throw;
            }

            created = found;
            alreadyExisted = true;
        }
        catch (KubeApiException e) when (e.Status.Details?.Causes?.Any(c => c.Reason == "NamespaceTerminating") == true)
        {
            throw;
        }
        catch (KubeApiException e)
        {
            var message = $"Failed to create new replica set \"{newRS.Metadata.Name}\": {e.Message}";
            if (DeploymentStatusCalculator.HasProgressDeadline(d))
            {
                DeploymentConditions.Set(d.Status ??= new V1DeploymentStatus(), DeploymentConditions.New(DeploymentConditions.Progressing, "False",
                    DeploymentConditions.FailedRSCreateReason, message, Now));
                try
                {
                    await WriteStatusAsync(d, ct);
                }
                catch (KubeApiException)
                {
                    // The creation failure is the bigger problem; it is what the sync reports.
                }
            }

            events.Warning(d, DeploymentConditions.FailedRSCreateReason, message);
            throw;
        }

        if (!alreadyExisted && replicas > 0)
        {
            events.Normal(d, "ScalingReplicaSet", $"Scaled up replica set {created.Metadata.Name} from 0 to {replicas}");
        }

        var needsUpdate = DeploymentRevisions.SetDeploymentRevision(d, newRevision.ToString(CultureInfo.InvariantCulture));
        if (!alreadyExisted && DeploymentStatusCalculator.HasProgressDeadline(d))
        {
            DeploymentConditions.Set(d.Status ??= new V1DeploymentStatus(), DeploymentConditions.New(DeploymentConditions.Progressing, "True",
                DeploymentConditions.NewReplicaSetReason, $"Created new replica set \"{created.Metadata.Name}\"", Now));
            needsUpdate = true;
        }

        if (needsUpdate)
        {
            await WriteStatusAsync(d, ct);
        }

        return created;
    }

    /// <summary>Upstream's scaleReplicaSetAndRecordEvent: nothing to do when the size is already right.</summary>
    private async Task<(bool Scaled, V1ReplicaSet ReplicaSet)> ScaleIfNeededAsync(V1ReplicaSet rs, int size, V1Deployment d, CancellationToken ct) =>
        ReplicaSetCounts.Spec(rs) == size ? (false, rs) : await ScaleReplicaSetAsync(rs, size, d, ct);

    /// <summary>
    /// Upstream's scaleReplicaSet: sets spec.replicas and the desired/max-replicas annotations (written if either
    /// changed) and records ScalingReplicaSet for a size change. Returns whether the size changed and the
    /// ReplicaSet as written.
    /// </summary>
    private async Task<(bool Scaled, V1ReplicaSet ReplicaSet)> ScaleReplicaSetAsync(V1ReplicaSet rs, int size, V1Deployment d, CancellationToken ct)
    {
        var replicas = RollingUpdateBounds.Replicas(d);
        var maxReplicas = replicas + RollingUpdateBounds.MaxSurge(d);
        var oldSize = ReplicaSetCounts.Spec(rs);
        var sizeChanges = oldSize != size;
        if (!sizeChanges && !DeploymentRevisions.ReplicasAnnotationsNeedUpdate(rs, replicas, maxReplicas))
        {
            return (false, rs);
        }

        var copy = Copy(rs);
        copy.Spec.Replicas = size;
        DeploymentRevisions.SetReplicasAnnotations(copy, replicas, maxReplicas);
        var updated = await client.UpdateAsync(copy, ct);
        if (sizeChanges)
        {
            var direction = oldSize < size ? "up" : "down";
            events.Normal(d, "ScalingReplicaSet", $"Scaled {direction} replica set {updated.Metadata.Name} from {oldSize} to {size}");
        }

        return (sizeChanges, updated);
    }

    /// <summary>Upstream's syncDeploymentStatus: the plain status (no progress estimate), written if it changed.</summary>
    private async Task SyncDeploymentStatusAsync(IReadOnlyList<V1ReplicaSet?> allRSs, V1ReplicaSet? newRS, V1Deployment d, CancellationToken ct)
    {
        var status = DeploymentStatusCalculator.Calculate(allRSs, newRS, d, Now);
        if (DeploymentStatusCalculator.Same(d.Status, status))
        {
            return;
        }

        d.Status = status;
        await WriteStatusAsync(d, ct);
    }

    /// <summary>Puts the written version of a ReplicaSet in place of the one read, so later steps of the sync see it.</summary>
    private static void Replace(List<V1ReplicaSet> sets, V1ReplicaSet updated)
    {
        var index = sets.FindIndex(rs => rs.Metadata.Uid == updated.Metadata.Uid);
        if (index >= 0)
        {
            sets[index] = updated;
        }
    }
}
