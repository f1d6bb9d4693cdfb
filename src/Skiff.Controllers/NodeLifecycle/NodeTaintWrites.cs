using System.Globalization;
using System.Text.Json.Nodes;
using k8s.Models;
using Skiff.Api.Taints;
using Skiff.Client;

namespace Skiff.Controllers.NodeLifecycle;

/// <summary>
/// Adds and removes taints on a node through the API, as upstream's SwapNodeControllerTaint: added taints carry
/// timeAdded, the write is pinned to the resourceVersion it was computed from and recomputed from a fresh read on a
/// conflict (a kubelet's status update or a user's `kubectl taint` in between must not be lost).
/// </summary>
internal static class NodeTaintWrites
{
    private const int Attempts = 5;

    /// <summary>
    /// Makes <paramref name="add"/> present and <paramref name="remove"/> absent (matched by key and effect).
    /// A taint already present with the same value keeps its timeAdded. Returns false when the node is gone or every
    /// attempt conflicted.
    /// </summary>
    public static async Task<bool> SwapAsync(IKubeClient client, V1Node node, IReadOnlyList<V1Taint> add, IReadOnlyList<V1Taint> remove,
        DateTime now, CancellationToken ct)
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            if (attempt > 0)
            {
                try
                {
                    node = await client.GetAsync<V1Node>(null, node.Metadata.Name, ct);
                }
                catch (KubeApiException e) when (e.IsNotFound)
                {
                    return false;
                }
            }

            var current = node.Spec?.Taints ?? [];
            var next = current.Where(t => !remove.Any(r => TolerationMatch.SameTaint(r, t))).ToList();
            foreach (var taint in add)
            {
                var index = next.FindIndex(t => TolerationMatch.SameTaint(t, taint));
                if (index >= 0 && (next[index].Value ?? "") == (taint.Value ?? ""))
                {
                    continue;
                }

                var added = new V1Taint { Key = taint.Key, Value = taint.Value, Effect = taint.Effect, TimeAdded = now };
                if (index >= 0)
                {
                    next[index] = added;
                }
                else
                {
                    next.Add(added);
                }
            }

            if (next.Count == current.Count && next.Zip(current).All(pair => ReferenceEquals(pair.First, pair.Second)))
            {
                return true; // nothing to change
            }

            try
            {
                await client.PatchAsync<V1Node>(null, node.Metadata.Name, PatchKind.Merge, Patch(node.Metadata.ResourceVersion, next), null, ct);
                return true;
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
                return false;
            }
            catch (KubeApiException e) when (e.IsConflict)
            {
                // Changed since it was read: compute the taints again from the node as it is now.
            }
        }

        return false;
    }

    /// <summary>A merge patch replacing spec.taints (a list without a merge key is replaced whole), pinned to a resourceVersion.</summary>
    private static string Patch(string? resourceVersion, List<V1Taint> taints)
    {
        JsonNode? list = null;
        if (taints.Count > 0)
        {
            var array = new JsonArray();
            foreach (var taint in taints)
            {
                var item = new JsonObject { ["key"] = taint.Key };
                if (!string.IsNullOrEmpty(taint.Value))
                {
                    item["value"] = taint.Value;
                }

                item["effect"] = taint.Effect;
                if (taint.TimeAdded is { } added)
                {
                    item["timeAdded"] = added.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
                }

                array.Add(item);
            }

            list = array;
        }

        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion },
            ["spec"] = new JsonObject { ["taints"] = list },
        };
        return patch.ToJsonString();
    }
}
