using System.Text.Json;
using k8s.Models;
using Skiff.Api.Selectors;
using Skiff.Client;

namespace Skiff.Controllers.Ownership;

/// <summary>
/// Upstream's ReplicaSetControllerRefManager, for a Deployment: it keeps the ReplicaSets it controls that still
/// match its selector, adopts matching orphans (patching in its controller reference) and releases controlled
/// ReplicaSets that stopped matching. A deployment being deleted adopts and releases nothing.
/// </summary>
public sealed class ReplicaSetClaims(IKubeClient client, V1Deployment owner, LabelSelector selector, Func<CancellationToken, Task<bool>> canAdopt)
{
    private bool? adoptionAllowed;

    /// <summary>The ReplicaSets that are (now) this deployment's.</summary>
    public async Task<List<V1ReplicaSet>> ClaimAsync(IEnumerable<V1ReplicaSet> candidates, CancellationToken ct)
    {
        var claimed = new List<V1ReplicaSet>();
        var ownerDeleting = owner.Metadata.DeletionTimestamp is not null;
        foreach (var rs in candidates)
        {
            var matches = selector.Matches(rs.Metadata?.Labels);
            if (ControllerRef.Of(rs) is { } controller)
            {
                if (controller.Uid != owner.Metadata.Uid)
                {
                    continue;
                }

                if (matches)
                {
                    claimed.Add(rs);
                }
                else if (!ownerDeleting)
                {
                    await ReleaseAsync(rs, ct);
                }

                continue;
            }

            if (ownerDeleting || !matches || rs.Metadata?.DeletionTimestamp is not null)
            {
                continue;
            }

            if (await AdoptAsync(rs, ct) is { } adopted)
            {
                claimed.Add(adopted);
            }
        }

        return claimed;
    }

    private async Task<V1ReplicaSet?> AdoptAsync(V1ReplicaSet rs, CancellationToken ct)
    {
        // Checked once per sync against the API: a deployment deleted and recreated under the same name must not
        // adopt with a stale uid (upstream's RecheckDeletionTimestamp).
        adoptionAllowed ??= await canAdopt(ct);
        if (adoptionAllowed == false)
        {
            return null;
        }

        var patch = JsonSerializer.Serialize(new
        {
            metadata = new
            {
                ownerReferences = new[]
                {
                    new { apiVersion = "apps/v1", kind = "Deployment", name = owner.Metadata.Name, uid = owner.Metadata.Uid, controller = true, blockOwnerDeletion = true },
                },
                uid = rs.Metadata.Uid,
            },
        });
        try
        {
            return await client.PatchAsync<V1ReplicaSet>(rs.Metadata.NamespaceProperty, rs.Metadata.Name, PatchKind.StrategicMerge, patch, null, ct);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            return null;
        }
    }

    private async Task ReleaseAsync(V1ReplicaSet rs, CancellationToken ct)
    {
        var patch = JsonSerializer.Serialize(new
        {
            metadata = new
            {
                ownerReferences = new object[] { new Dictionary<string, string> { ["$patch"] = "delete", ["uid"] = owner.Metadata.Uid } },
                uid = rs.Metadata.Uid,
            },
        });
        try
        {
            await client.PatchAsync<V1ReplicaSet>(rs.Metadata.NamespaceProperty, rs.Metadata.Name, PatchKind.StrategicMerge, patch, null, ct);
        }
        catch (KubeApiException e) when (e.IsNotFound || e.Code == 422)
        {
            // Gone, or a new ReplicaSet under the same name: nothing of ours left to release.
        }
    }
}
