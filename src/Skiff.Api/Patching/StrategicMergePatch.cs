using System.Text.Json.Nodes;

namespace Skiff.Api.Patching;

/// <summary>
/// Strategic merge patch (<c>application/strategic-merge-patch+json</c>) with the semantics of upstream
/// apimachinery <c>pkg/util/strategicpatch</c> on the server side: maps merge recursively, <c>null</c> deletes,
/// lists merge by the patch merge key of their field (from <see cref="PatchStrategyTable"/>, found by walking the
/// k8s.Models type) or are replaced wholesale, and the directives <c>$patch</c>, <c>$retainKeys</c>,
/// <c>$setElementOrder/</c> and <c>$deleteFromPrimitiveList/</c> are honoured and never left in the result.
/// </summary>
public static class StrategicMergePatch
{
    private const string PatchDirective = "$patch";
    private const string RetainKeysDirective = "$retainKeys";
    private const string SetElementOrderPrefix = "$setElementOrder";
    private const string DeleteFromPrimitiveListPrefix = "$deleteFromPrimitiveList";

    private const string BadJsonDocument = "invalid JSON document";
    private const string BadPrimitiveList = "invalid patch format of primitive list";
    private const string BadRetainKeys = "invalid patch format of retainKeys";
    private const string BadSetElementOrder = "invalid patch format of setElementOrder list";

    /// <summary>
    /// Applies <paramref name="patch"/> (a JSON object) to <paramref name="original"/> (the stored object's JSON; null
    /// means empty) using the patch strategies of <paramref name="modelType"/>, for example <c>typeof(V1Deployment)</c>.
    /// Both inputs are deep-cloned first and never mutated; the result shares no nodes with them. Throws
    /// <see cref="PatchException"/> (400 for malformed directives, 422 when the patch cannot be applied).
    /// Deviations from upstream, on purpose: <c>{"$patch":"delete"}</c> removes the map's field instead of leaving
    /// <c>{}</c>, and <c>{"$patch":"replace"}</c> on a field missing from the original still sets it.
    /// </summary>
    public static JsonNode? Apply(JsonNode? original, JsonNode patch, Type modelType)
    {
        ArgumentNullException.ThrowIfNull(modelType);
        if (patch is not JsonObject patchObject)
        {
            throw new PatchException(BadJsonDocument, PatchException.BadRequest);
        }

        var target = original switch
        {
            null => new JsonObject(),
            JsonObject obj => (JsonObject)obj.DeepClone(),
            _ => throw new PatchException(BadJsonDocument, PatchException.BadRequest),
        };

        // The patch clone is consumed (directives are removed as they are handled); its nodes are never moved into
        // the result, values are materialized as fresh nodes instead.
        var ownedPatch = (JsonObject)patchObject.DeepClone();
        return MergeObject(target, ownedPatch, ModelPatchSchema.For(modelType)) ?? new JsonObject();
    }

    /// <summary>
    /// Merges <paramref name="patch"/> into <paramref name="original"/> (mutated; null means "nothing there yet").
    /// Returns the same instance, a fresh object for <c>$patch: replace</c>, or null for <c>$patch: delete</c>.
    /// </summary>
    private static JsonObject? MergeObject(JsonObject? original, JsonObject patch, ModelPatchSchema? schema)
    {
        if (patch.TryGetPropertyValue(PatchDirective, out var directive))
        {
            switch (AsString(directive))
            {
                case "replace":
                    patch.Remove(PatchDirective);
                    return MergeObject(null, patch, schema);
                case "delete":
                    return null;
                default:
                    throw Unprocessable($"unknown patch type: {Describe(directive)} in map: {Describe(patch)}");
            }
        }

        original ??= [];
        ApplyRetainKeys(original, patch);
        ApplySetElementOrder(original, patch, schema);

        foreach (var (key, patchValue) in patch.ToArray())
        {
            if (key.StartsWith(DeleteFromPrimitiveListPrefix, StringComparison.Ordinal))
            {
                DeleteFromPrimitiveList(original, ExtractKey(key, DeleteFromPrimitiveListPrefix, BadPrimitiveList), patchValue);
                continue;
            }

            if (patchValue is null)
            {
                original.Remove(key);
                continue;
            }

            var field = schema?.Lookup(key) ?? default;
            original.TryGetPropertyValue(key, out var current);
            switch (current, patchValue)
            {
                case (JsonObject currentObject, JsonObject patchObject) when field.Strategy?.Replaces != true:
                    var merged = MergeObject(currentObject, patchObject, field.Schema);
                    if (merged is null)
                    {
                        original.Remove(key);
                    }
                    else if (!ReferenceEquals(merged, currentObject))
                    {
                        original[key] = merged;
                    }

                    break;
                case (JsonArray currentList, JsonArray patchList):
                    original[key] = MergeList(currentList, patchList, field);
                    break;
                default:
                    // Missing, null, a different kind, or a "replace" strategy map: the patch value wins.
                    SetOrRemove(original, key, Materialize(patchValue, field));
                    break;
            }
        }

        return original;
    }

    /// <summary>Merges two lists of a field and returns a fresh array; nodes of <paramref name="original"/> are moved into it.</summary>
    private static JsonArray MergeList(JsonArray original, JsonArray patch, ModelPatchSchema.Field field)
    {
        var elementField = new ModelPatchSchema.Field(field.Schema, null);
        if (field.Strategy?.Merges != true)
        {
            // Atomic list (no strategy, or an unknown field): the patch replaces it wholesale.
            return MaterializeElements(patch, elementField);
        }

        if (original.Count == 0 && patch.Count == 0)
        {
            return [];
        }

        if (!ElementsAreObjects(original, patch))
        {
            // Merge-strategy list of primitives: a set union, ordered as the patch asks.
            var union = new List<JsonNode?>();
            foreach (var item in original.Concat(patch))
            {
                if (MergeListOrdering.IndexOf(union, item, null) < 0)
                {
                    union.Add(item?.DeepClone());
                }
            }

            return ToArray(MergeListOrdering.Normalize(union, [.. patch], [.. original], null));
        }

        var mergeKey = field.Strategy.MergeKey
            ?? throw Unprocessable($"cannot merge lists without merge key for {field.Schema?.Name ?? "unknown type"}");
        var items = original.ToList();
        var patchItems = new List<JsonNode?>();
        var replace = false;
        foreach (var node in patch)
        {
            var patchItem = (JsonObject)node!;
            if (!patchItem.TryGetPropertyValue(PatchDirective, out var directive))
            {
                patchItems.Add(patchItem);
                continue;
            }

            switch (AsString(directive))
            {
                case "delete":
                    var keyValue = RequireMergeKey(patchItem, mergeKey);
                    items.RemoveAll(item => JsonNode.DeepEquals((item as JsonObject)?[mergeKey], keyValue));
                    break;
                case "replace":
                    // Keep scanning so every other directive element is still pruned.
                    replace = true;
                    break;
                case "merge":
                    throw Unprocessable("merging lists cannot yet be specified in the patch");
                default:
                    throw Unprocessable($"unknown patch type: {Describe(directive)} in map: {Describe(patchItem)}");
            }
        }

        if (replace)
        {
            original.Clear();
            return MaterializeElements(patchItems, elementField);
        }

        var serverOrder = items.ToList();
        foreach (var node in patchItems)
        {
            var patchItem = (JsonObject)node!;
            RequireMergeKey(patchItem, mergeKey);
            var index = MergeListOrdering.IndexOf(items, patchItem, mergeKey);
            if (index < 0)
            {
                if (Materialize(patchItem, elementField) is (true, var added))
                {
                    items.Add(added);
                }

                continue;
            }

            var merged = MergeObject(items[index] as JsonObject, patchItem, field.Schema);
            if (merged is null)
            {
                items.RemoveAt(index);
            }
            else
            {
                items[index] = merged;
            }
        }

        var ordered = MergeListOrdering.Normalize(items, patchItems, serverOrder, mergeKey);
        original.Clear();
        return ToArray(ordered);
    }

    /// <summary>
    /// Handles <c>$setElementOrder/field</c>: merges the field's list now (patch list and live list) and orders it by
    /// the directive, then by the live order for server-only items. Both keys leave the patch afterwards.
    /// </summary>
    private static void ApplySetElementOrder(JsonObject original, JsonObject patch, ModelPatchSchema? schema)
    {
        foreach (var directiveKey in patch.Select(p => p.Key).Where(IsSetElementOrder).ToList())
        {
            patch.Remove(directiveKey, out var orderNode);
            if (orderNode is not JsonArray order)
            {
                throw new PatchException(BadSetElementOrder, PatchException.BadRequest);
            }

            var key = ExtractKey(directiveKey, SetElementOrderPrefix, BadSetElementOrder);
            var originalList = ListOrNull(original, key);
            var patchList = ListOrNull(patch, key);
            var field = schema?.Lookup(key) ?? default;
            var mergeKey = ElementsAreObjects(originalList ?? [], patchList ?? []) ? field.Strategy?.MergeKey : null;
            ValidateOrder(patchList, order, mergeKey);

            if (originalList is null && patchList is null)
            {
                continue;
            }

            var serverOrder = originalList?.ToList() ?? [];
            var merged = patchList is null
                ? originalList!
                : MergeList(originalList ?? [], patchList, field);
            var items = merged.ToList();
            merged.Clear();
            original[key] = ToArray(MergeListOrdering.Normalize(items, [.. order], serverOrder, mergeKey));
            patch.Remove(key);
        }
    }

    /// <summary>Upstream check: the patch list must name its items in the same relative order as the directive.</summary>
    private static void ValidateOrder(JsonArray? patchList, JsonArray order, string? mergeKey)
    {
        if (patchList is null || patchList.Count == 0 || order.Count == 0)
        {
            return;
        }

        var nonDeleted = patchList
            .Where(item => mergeKey is null || AsString((item as JsonObject)?[PatchDirective]) != "delete")
            .ToList();
        int patchIndex = 0, orderIndex = 0;
        while (patchIndex < nonDeleted.Count && orderIndex < order.Count)
        {
            if (nonDeleted[patchIndex] is JsonObject item && item.ContainsKey(PatchDirective))
            {
                patchIndex++;
                continue;
            }

            if (ItemIdentityEquals(nonDeleted[patchIndex], order[orderIndex], mergeKey))
            {
                patchIndex++;
            }

            orderIndex++;
        }

        if (patchIndex < nonDeleted.Count)
        {
            throw Unprocessable(
                $"The order in patch list:\n{Describe(patchList)}\n doesn't match {SetElementOrderPrefix} list:\n{Describe(order)}\n");
        }
    }

    private static bool ItemIdentityEquals(JsonNode? patchItem, JsonNode? orderItem, string? mergeKey)
    {
        if (mergeKey is null)
        {
            return JsonNode.DeepEquals(patchItem, orderItem);
        }

        var left = RequireMergeKey(patchItem as JsonObject ?? throw BadArgType("map[string]interface {}", patchItem), mergeKey);
        var right = RequireMergeKey(orderItem as JsonObject ?? throw BadArgType("map[string]interface {}", orderItem), mergeKey);
        return JsonNode.DeepEquals(left, right);
    }

    /// <summary>
    /// Handles <c>$retainKeys</c>: every non-null patch field must be listed, and fields of the original that are not
    /// listed are cleared (how kubectl switches a Deployment strategy or a volume source).
    /// </summary>
    private static void ApplyRetainKeys(JsonObject original, JsonObject patch)
    {
        if (!patch.Remove(RetainKeysDirective, out var retainNode))
        {
            return;
        }

        if (retainNode is not JsonArray retainList)
        {
            throw new PatchException(BadRetainKeys, PatchException.BadRequest);
        }

        var retained = retainList.Select(AsString).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var (key, value) in patch)
        {
            if (value is not null && !IsSetElementOrder(key)
                && !key.StartsWith(DeleteFromPrimitiveListPrefix, StringComparison.Ordinal)
                && !retained.Contains(key))
            {
                throw new PatchException(BadRetainKeys, PatchException.BadRequest);
            }
        }

        foreach (var key in original.Select(p => p.Key).Where(k => !retained.Contains(k)).ToList())
        {
            original.Remove(key);
        }
    }

    private static void DeleteFromPrimitiveList(JsonObject original, string key, JsonNode? toDelete)
    {
        if (toDelete is not JsonArray deleteList)
        {
            throw new PatchException(BadPrimitiveList, PatchException.BadRequest);
        }

        if (original.TryGetPropertyValue(key, out var current) && current is JsonArray currentList)
        {
            var kept = currentList.Where(item => MergeListOrdering.IndexOf([.. deleteList], item, null) < 0).ToList();
            currentList.Clear();
            original[key] = ToArray(kept);
        }
    }

    /// <summary>The value a patch fragment produces where there is nothing to merge into; Keep is false for <c>$patch: delete</c>.</summary>
    private static (bool Keep, JsonNode? Value) Materialize(JsonNode? patchValue, ModelPatchSchema.Field field) => patchValue switch
    {
        JsonObject obj when MergeObject(null, obj, field.Schema) is { } materialized => (true, materialized),
        JsonObject => (false, null),
        JsonArray list => (true, MergeList([], list, field)),
        null => (true, null),
        _ => (true, patchValue.DeepClone()),
    };

    private static JsonArray MaterializeElements(IEnumerable<JsonNode?> elements, ModelPatchSchema.Field elementField)
    {
        var result = new JsonArray();
        foreach (var element in elements)
        {
            if (Materialize(element, elementField) is (true, var value))
            {
                result.Add(value);
            }
        }

        return result;
    }

    private static bool ElementsAreObjects(JsonArray original, JsonArray patch)
    {
        var kinds = original.Concat(patch).Select(KindOf).Distinct().ToList();
        if (kinds.Contains("array"))
        {
            throw Unprocessable("lists of lists are not supported");
        }

        if (kinds.Count > 1 && kinds.Contains("object"))
        {
            throw Unprocessable($"list element types are not identical: {Describe(original)} {Describe(patch)}");
        }

        return kinds is ["object"];
    }

    private static string KindOf(JsonNode? node) => node switch
    {
        JsonObject => "object",
        JsonArray => "array",
        null => "null",
        _ => "scalar",
    };

    private static JsonNode RequireMergeKey(JsonObject item, string mergeKey) =>
        item.TryGetPropertyValue(mergeKey, out var value) && value is not null
            ? value
            : throw Unprocessable($"map: {Describe(item)} does not contain declared merge key: {mergeKey}");

    private static JsonArray? ListOrNull(JsonObject obj, string key) =>
        obj.TryGetPropertyValue(key, out var value) switch
        {
            false => null,
            true when value is null => null,
            true when value is JsonArray list => list,
            _ => throw BadArgType("[]interface {}", value),
        };

    private static string ExtractKey(string key, string prefix, string formatError)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && key.AsSpan(0, slash).SequenceEqual(prefix)
            ? key[(slash + 1)..]
            : throw new PatchException(formatError, PatchException.BadRequest);
    }

    private static bool IsSetElementOrder(string key) => key.StartsWith(SetElementOrderPrefix, StringComparison.Ordinal);

    private static void SetOrRemove(JsonObject target, string key, (bool Keep, JsonNode? Value) outcome)
    {
        if (outcome.Keep)
        {
            target[key] = outcome.Value;
        }
        else
        {
            target.Remove(key);
        }
    }

    private static JsonArray ToArray(List<JsonNode?> items) => [.. items];

    private static string? AsString(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static string Describe(JsonNode? node) => node?.ToJsonString() ?? "null";

    private static PatchException BadArgType(string expected, JsonNode? actual) =>
        Unprocessable($"expected a {expected}, but received a {KindOf(actual)}");

    private static PatchException Unprocessable(string message) => new(message, PatchException.UnprocessableEntity);
}
