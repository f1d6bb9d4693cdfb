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
    /// Live items may repeat a key (upstream tolerates duplicates on the live side only): unmentioned duplicates are
    /// all kept, and a configuration item naming a duplicated key replaces every one of them by itself, unmerged.
    /// Example: live env [A=1, B=2, B=3] and configuration [A=9] give [A=9, B=2, B=3]; configuration [B=7] gives
    /// [A=1, B=7].
    /// </summary>
    private static JsonArray Items(JsonArray? lhs, JsonArray? rhs, FieldSchema list)
    {
        var lhsOrder = LiveItems(lhs, list, out var lhsItems);
        var rhsItems = TreeComparer.Index(rhs, list);
        var rhsOrder = rhsItems.Keys.ToList();
        var shared = new Queue<PathElement>(rhsOrder.Where(lhsItems.ContainsKey));
        PathElement? nextShared = shared.Count > 0 ? shared.Dequeue() : null;
        var merged = new HashSet<PathElement>();
        var result = new JsonArray();
        var l = 0;
        var r = 0;
        while (l < lhsOrder.Count || r < rhsOrder.Count)
        {
            if (l < lhsOrder.Count && r < rhsOrder.Count)
            {
                var element = lhsOrder[l].Element;
                if (element.Equals(rhsOrder[r]))
                {
                    merged.Add(element);
                    result.Add(MergeItem(lhsItems, element, rhsItems[element], list));
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

            if (l < lhsOrder.Count && !rhsItems.ContainsKey(lhsOrder[l].Element))
            {
                result.Add(lhsOrder[l].Item?.DeepClone());
                l++;
                continue;
            }

            if (l < lhsOrder.Count && merged.Contains(lhsOrder[l].Element))
            {
                l++; // a further duplicate of an item the configuration already replaced
                continue;
            }

            if (r < rhsOrder.Count)
            {
                var element = rhsOrder[r];
                merged.Add(element);
                result.Add(MergeItem(lhsItems, element, rhsItems[element], list));
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

    /// <summary>A configuration item merged with its live item; a duplicated live key has none to merge with.</summary>
    private static JsonNode? MergeItem(Dictionary<PathElement, LiveItem> lhsItems, PathElement element, JsonNode? config, FieldSchema list) =>
        lhsItems.TryGetValue(element, out var live) && !live.Duplicated
            ? MergeValue(true, live.Item, true, config, list.Element)
            : MergeValue(false, null, true, config, list.Element);

    /// <summary>Every live item in order, duplicates included, and by key the first item or that the key repeats.</summary>
    private static List<(PathElement Element, JsonNode? Item)> LiveItems(JsonArray? list, FieldSchema schema, out Dictionary<PathElement, LiveItem> items)
    {
        items = [];
        var order = new List<(PathElement, JsonNode?)>();
        for (var i = 0; list is not null && i < list.Count; i++)
        {
            var element = ListItemKeys.Of(schema, list[i], i);
            items[element] = items.ContainsKey(element) ? new LiveItem(null, Duplicated: true) : new LiveItem(list[i], Duplicated: false);
            order.Add((element, list[i]));
        }

        return order;
    }

    private readonly record struct LiveItem(JsonNode? Item, bool Duplicated);
}
