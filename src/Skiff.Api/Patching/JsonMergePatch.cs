using System.Text.Json.Nodes;

namespace Skiff.Api.Patching;

/// <summary>JSON Merge Patch (RFC 7386), as sent with <c>application/merge-patch+json</c> (kubectl scale, label, annotate, patch --type=merge).</summary>
public static class JsonMergePatch
{
    /// <summary>
    /// Applies <paramref name="patch"/> to <paramref name="target"/> and returns a new tree; neither input is mutated
    /// and the result shares no nodes with them. Objects merge recursively, <c>null</c> removes a member, anything
    /// else (arrays included) replaces the target value. A patch that is not an object replaces the whole target.
    /// </summary>
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target is JsonObject targetObject ? (JsonObject)targetObject.DeepClone() : new JsonObject();
        MergeInto(result, patchObject);
        return result;
    }

    private static JsonObject MergeInto(JsonObject target, JsonObject patch)
    {
        foreach (var (key, patchValue) in patch)
        {
            if (patchValue is null)
            {
                target.Remove(key);
            }
            else if (patchValue is JsonObject patchChild)
            {
                if (target.TryGetPropertyValue(key, out var existing) && existing is JsonObject targetChild)
                {
                    MergeInto(targetChild, patchChild);
                }
                else
                {
                    // Merging into an empty object drops the nulls nested in the patch, as the RFC requires.
                    target[key] = MergeInto(new JsonObject(), patchChild);
                }
            }
            else
            {
                target[key] = patchValue.DeepClone();
            }
        }

        return target;
    }
}
