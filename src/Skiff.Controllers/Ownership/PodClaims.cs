using System.Text.Json;
using k8s.Models;
using Skiff.Api.Selectors;
using Skiff.Client;

namespace Skiff.Controllers.Ownership;

/// <summary>
/// Upstream's ControllerRefManager for pods: a controller keeps the pods it owns that still match its selector,
/// adopts matching orphans (patching in its controller reference) and releases owned pods that stopped matching
/// (patching the reference out). An owner being deleted adopts nothing and releases nothing.
/// </summary>
public sealed class PodClaims(IKubeClient client, V1ReplicaSet owner, string apiVersion, string kind, LabelSelector selector,
    Func<CancellationToken, Task<bool>> canAdopt)
{
    private bool? adoptionAllowed;

    /// <summary>The pods that are (now) this owner's.</summary>
    public async Task<List<V1Pod>> ClaimAsync(IEnumerable<V1Pod> candidates, CancellationToken ct)
    {
        var claimed = new List<V1Pod>();
        var ownerUid = owner.Metadata.Uid;
        var ownerDeleting = owner.Metadata.DeletionTimestamp is not null;
        foreach (var pod in candidates)
        {
            var matches = selector.Matches(pod.Metadata?.Labels);
            var controller = ControllerRef.Of(pod);
            if (controller is not null)
            {
                if (controller.Uid != ownerUid)
                {
                    continue; // someone else's
                }

                if (matches)
                {
                    claimed.Add(pod);
                }
                else if (!ownerDeleting)
                {
                    await ReleaseAsync(pod, ct);
                }

                continue;
            }

            if (ownerDeleting || !matches || pod.Metadata?.DeletionTimestamp is not null)
            {
                continue;
            }

            if (await AdoptAsync(pod, ct) is { } adopted)
            {
                claimed.Add(adopted);
            }
        }

        return claimed;
    }

    private async Task<V1Pod?> AdoptAsync(V1Pod pod, CancellationToken ct)
    {
        // Checked once per sync against the API, not the cache: an owner deleted and recreated under the same name
        // must not adopt with a stale uid (upstream's RecheckDeletionTimestamp).
        adoptionAllowed ??= await canAdopt(ct);
        if (adoptionAllowed == false)
        {
            return null;
        }

        var reference = ControllerRef.For(owner, apiVersion, kind);
        var patch = JsonSerializer.Serialize(new
        {
            metadata = new
            {
                ownerReferences = new[]
                {
                    new { apiVersion = reference.ApiVersion, kind = reference.Kind, name = reference.Name, uid = reference.Uid, controller = true, blockOwnerDeletion = true },
                },
                uid = pod.Metadata.Uid,
            },
        });
        try
        {
            return await client.PatchAsync<V1Pod>(pod.Metadata.NamespaceProperty, pod.Metadata.Name, PatchKind.StrategicMerge, patch, null, ct);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            return null; // gone meanwhile: nothing to adopt
        }
    }

    private async Task ReleaseAsync(V1Pod pod, CancellationToken ct)
    {
        var patch = JsonSerializer.Serialize(new
        {
            metadata = new
            {
                ownerReferences = new object[] { new Dictionary<string, string> { ["$patch"] = "delete", ["uid"] = owner.Metadata.Uid } },
                uid = pod.Metadata.Uid,
            },
        });
        try
        {
            await client.PatchAsync<V1Pod>(pod.Metadata.NamespaceProperty, pod.Metadata.Name, PatchKind.StrategicMerge, patch, null, ct);
        }
        catch (KubeApiException e) when (e.IsNotFound || e.Code == 422)
        {
            // Gone, or its uid changed (a new pod under the same name): there is nothing of ours left to release.
        }
    }
}
