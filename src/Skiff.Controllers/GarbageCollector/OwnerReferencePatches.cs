using System.Text.Json.Nodes;
using k8s.Models;

namespace Skiff.Controllers.GarbageCollector;

/// <summary>
/// The strategic merge patches the garbage collector sends to a dependent's ownerReferences (a list merged by
/// uid). Each carries the dependent's uid, as upstream's do, so that the patch is meant for that very object.
/// </summary>
internal static class OwnerReferencePatches
{
    /// <summary>Removes the references to the given owners (upstream's GenerateDeleteOwnerRefStrategicMergeBytes).</summary>
    public static string Remove(string dependentUid, IEnumerable<string> ownerUids)
    {
        var references = new JsonArray();
        foreach (var uid in ownerUids)
        {
            references.Add(new JsonObject { ["$patch"] = "delete", ["uid"] = uid });
        }

        return Patch(dependentUid, references);
    }

    /// <summary>Sets blockOwnerDeletion to false on every blocking reference, so that no owner waits for this dependent.</summary>
    public static string Unblock(string dependentUid, IEnumerable<V1OwnerReference> references)
    {
        var unblocked = new JsonArray();
        foreach (var reference in references.Where(r => r.BlockOwnerDeletion == true))
        {
            var entry = new JsonObject
            {
                ["apiVersion"] = reference.ApiVersion,
                ["kind"] = reference.Kind,
                ["name"] = reference.Name,
                ["uid"] = reference.Uid,
            };
            if (reference.Controller is { } controller)
            {
                entry["controller"] = controller;
            }

            entry["blockOwnerDeletion"] = false;
            unblocked.Add(entry);
        }

        return Patch(dependentUid, unblocked);
    }

    private static string Patch(string dependentUid, JsonArray references) =>
        new JsonObject
        {
            ["metadata"] = new JsonObject { ["ownerReferences"] = references, ["uid"] = dependentUid },
        }.ToJsonString();
}
