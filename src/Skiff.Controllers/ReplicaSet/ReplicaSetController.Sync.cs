using k8s.Models;
using Skiff.Api.Selectors;
using Skiff.Client;
using Skiff.Client.Informers;
using Skiff.Controllers.Ownership;
using Skiff.Controllers.Pods;

namespace Skiff.Controllers.ReplicaSet;

/// <summary>One sync of one owner: claim pods, create or delete the difference, write the status.</summary>
public sealed partial class ReplicaSetController<TOwner>
{
    private async Task SyncAsync(string key, CancellationToken ct)
    {
        var owner = owners.Cache.Get(key);
        if (owner is null)
        {
            expectations.DeleteExpectations(key);
            return;
        }

        var view = kind.View(owner);
        var needsSync = expectations.SatisfiedExpectations(key);
        var selector = SelectorOf(view);
        var claims = new PodClaims(client, view, kind.ApiVersion, kind.Kind, selector, token => StillSameOwnerAsync(view, token));
        var active = await claims.ClaimAsync(Candidates(view).Where(PodState.IsActive), ct);

        Exception? manageError = null;
        if (needsSync && view.Metadata.DeletionTimestamp is null)
        {
            manageError = await ManageReplicasAsync(key, owner, view, active, ct);
        }

        var status = ReplicaSetStatusCalculator.Calculate(view, active, manageError, time.GetUtcNow().UtcDateTime);
        var updated = await UpdateStatusAsync(owner, view, status, ct);
        var minReadySeconds = view.Spec?.MinReadySeconds ?? 0;
        if (manageError is null && updated is not null && minReadySeconds > 0 &&
            updated.Status?.ReadyReplicas == (updated.Spec?.Replicas ?? 1) &&
            updated.Status?.AvailableReplicas != (updated.Spec?.Replicas ?? 1))
        {
            queue.AddAfter(key, TimeSpan.FromSeconds(minReadySeconds));
        }

        if (manageError is not null)
        {
            throw manageError; // retried with backoff, as upstream
        }
    }

    /// <summary>The pods a sync looks at: those this owner controls plus the namespace's orphans (others' pods are never claimed).</summary>
    private IEnumerable<V1Pod> Candidates(V1ReplicaSet view) =>
        pods.Cache.ByIndex(PodIndexes.ByController, view.Metadata.Uid)
            .Concat(pods.Cache.ByIndex(PodIndexes.Orphans, view.Metadata.NamespaceProperty ?? ""));

    /// <summary>Adoption is allowed only if the API (not the cache) still has this very owner, not being deleted.</summary>
    private async Task<bool> StillSameOwnerAsync(V1ReplicaSet view, CancellationToken ct)
    {
        try
        {
            var fresh = kind.View(await client.GetAsync<TOwner>(view.Metadata.NamespaceProperty, view.Metadata.Name, ct));
            return fresh.Metadata.Uid == view.Metadata.Uid && fresh.Metadata.DeletionTimestamp is null;
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            return false;
        }
    }

    /// <summary>
    /// Writes the status unless nothing changed; on a conflict reads the owner again and retries once (upstream's
    /// statusUpdateRetries). Returns the owner's view after the write (or as it was), null if it is gone.
    /// </summary>
    private async Task<V1ReplicaSet?> UpdateStatusAsync(TOwner owner, V1ReplicaSet view, V1ReplicaSetStatus status, CancellationToken ct)
    {
        status.ObservedGeneration = view.Metadata.Generation;
        if (ReplicaSetStatusCalculator.Same(view.Status, status))
        {
            return view;
        }

        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await kind.UpdateStatusAsync(client, owner, status, ct);
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
                return null;
            }
            catch (KubeApiException e) when (e.IsConflict && attempt == 0)
            {
                owner = await client.GetAsync<TOwner>(owner.Metadata.NamespaceProperty, owner.Metadata.Name, ct);
                status.ObservedGeneration = owner.Metadata.Generation;
            }
        }
    }
}
