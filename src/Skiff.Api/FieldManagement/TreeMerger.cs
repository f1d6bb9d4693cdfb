using System.Text.Json.Nodes;

namespace Skiff.Api.FieldManagement;

/// <summary>
/// Merges an applied configuration into the live object (upstream's TypedValue.Merge): the configuration's leaves
/// and atomic values win, structs and maps merge field by field, associative lists and sets merge item by item.
/// The inputs are left untouched; the result shares no nodes with them.
/// </summary>
public static class TreeMerger
{
    public static JsonObject Merge(JsonObject live, JsonObject config, FieldSchema schema) =>
        (JsonObject)MergeValue(true, live, true, config, schema)!;

    private static JsonNode? MergeValue(bool lhsPresent, JsonNode? lhs, bool rhsPresent, JsonNode? rhs, FieldSchema? schema)
    {
        if (!rhsPresent)
        {
            return lhs?.DeepClone();
        }

        if (!lhsPresent || schema is null || schema.IsLeaf)
        {
            return rhs?.DeepClone();
        }

        if (schema.Kind == SchemaKind.List)
        {
            var left = lhs as JsonArray;
            var right = rhs as JsonArray;
            return (left is null || left.Count == 0) && (right is null || right.Count == 0) ? rhs?.DeepClone() : Items(left, right, schema);
        }

        var lmap = lhs as JsonObject;
        var rmap = rhs as JsonObject;
        if ((lmap is null || lmap.Count == 0) && (rmap is null || rmap.Count == 0))
        {
            return rhs?.DeepClone();
        }

        var result = new JsonObject();
        if (lmap is not null)
        {
            foreach (var (name, left) in lmap)
            {
                var rightPresent = rmap is not null && rmap.TryGetPropertyValue(name, out _);
                result[name] = MergeValue(true, left, rightPresent, rightPresent ? rmap![name] : null, FieldOf(schema, name));
            }
        }

        if (rmap is not null)
        {
            foreach (var (name, right) in rmap)
            {
                if (lmap is null || !lmap.ContainsKey(name))
                {
                    result[name] = right?.DeepClone();
                }
            }
        }

        return result;
    }

    private static FieldSchema? FieldOf(FieldSchema schema, string name) =>
        schema.Kind == SchemaKind.Map ? schema.Element : schema.Field(name);

    /// <summary>
    /// Item order as upstream's merge walk: live items the configuration does not mention keep their place, items
    /// both have come in the configuration's order, new items where the configuration puts them. Example: live
    /// [a, b] and configuration [b, c] give [a, b, c]; live [a, b] and configuration [b, a] give [b, a].
    /// </summary>
    private static JsonArray Items(JsonArray? lhs, JsonArray? rhs, FieldSchema list)
    {
        var lhsOrder = Order(lhs, list, out var lhsItems);
        var rhsOrder = Order(rhs, list, out var rhsItems);
        var shared = new Queue<PathElement>(rhsOrder.Where(lhsItems.ContainsKey));
        PathElement? nextShared = shared.Count > 0 ? shared.Dequeue() : null;
        var result = new JsonArray();
        var l = 0;
        var r = 0;
        while (l < lhsOrder.Count || r < rhsOrder.Count)
        {
            if (l < lhsOrder.Count && r < rhsOrder.Count)
            {
                var element = lhsOrder[l];
                if (element.Equals(rhsOrder[r]))
                {
                    result.Add(MergeValue(true, lhsItems[element], true, rhsItems[element], list.Element));
                    l++;
                    r++;
                    nextShared = shared.Count > 0 ? shared.Dequeue() : null;
                    continue;
                }

                if (rhsItems.ContainsKey(element) && nextShared is { } wanted && !wanted.Equals(element))
                {
                    l++; // shared, but not the one due now: it is emitted when the configuration reaches it
                    continue;
                }
            }

            if (l < lhsOrder.Count && !rhsItems.ContainsKey(lhsOrder[l]))
            {
                result.Add(lhsItems[lhsOrder[l]]?.DeepClone());
                l++;
                continue;
            }

            if (r < rhsOrder.Count)
            {
                var element = rhsOrder[r];
                var inLive = lhsItems.TryGetValue(element, out var live);
                result.Add(MergeValue(inLive, live, true, rhsItems[element], list.Element));
                r++;
                if (nextShared is { } due && due.Equals(element))
                {
                    nextShared = shared.Count > 0 ? shared.Dequeue() : null;
                }
            }
            else
            {
                l++; // only shared live items remain, all of them already emitted
            }
        }

        return result;
    }

    private static List<PathElement> Order(JsonArray? list, FieldSchema schema, out Dictionary<PathElement, JsonNode?> items)
    {
        items = TreeComparer.Index(list, schema);
        return [.. items.Keys];
    }
}
