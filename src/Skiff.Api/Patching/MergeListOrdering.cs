using System.Text.Json.Nodes;

namespace Skiff.Api.Patching;

/// <summary>
/// Orders a merged strategic-merge list the way upstream does: items named by the patch (or by <c>$setElementOrder</c>)
/// keep the patch order, items only on the server keep their live order, and the two runs are interleaved using the
/// live order as the tie breaker. The precedence is $setElementOrder, then patch order, then live order.
/// </summary>
internal static class MergeListOrdering
{
    /// <param name="merged">All items of the merged list.</param>
    /// <param name="patchOrder">Items (or merge-key carriers) whose relative order the patch asks for.</param>
    /// <param name="serverOrder">The live list before the patch.</param>
    /// <param name="mergeKey">Merge key when items are objects identified by it; null to compare whole values.</param>
    public static List<JsonNode?> Normalize(
        IReadOnlyList<JsonNode?> merged, IReadOnlyList<JsonNode?> patchOrder, IReadOnlyList<JsonNode?> serverOrder, string? mergeKey)
    {
        var patchItems = new List<JsonNode?>();
        var serverOnly = new List<JsonNode?>();
        foreach (var item in merged)
        {
            (IndexOf(patchOrder, item, mergeKey) >= 0 ? patchItems : serverOnly).Add(item);
        }

        var sortedPatch = SortBy(patchItems, patchOrder, mergeKey);
        var sortedServer = SortBy(serverOnly, serverOrder, mergeKey);
        return Interleave(sortedServer, sortedPatch, serverOrder, mergeKey);
    }

    /// <summary>Index of the item with the same identity (merge-key value, or whole value) in <paramref name="list"/>, or -1.</summary>
    public static int IndexOf(IReadOnlyList<JsonNode?> list, JsonNode? item, string? mergeKey)
    {
        var identity = Identity(item, mergeKey);
        for (var i = 0; i < list.Count; i++)
        {
            if (JsonNode.DeepEquals(Identity(list[i], mergeKey), identity))
            {
                return i;
            }
        }

        return -1;
    }

    private static JsonNode? Identity(JsonNode? item, string? mergeKey) =>
        mergeKey is null ? item : (item as JsonObject)?[mergeKey];

    private static List<JsonNode?> SortBy(List<JsonNode?> items, IReadOnlyList<JsonNode?> order, string? mergeKey) =>
        // OrderBy is stable; items the order does not name keep their relative order at the end.
        [.. items.OrderBy(item => IndexOf(order, item, mergeKey) is var i && i >= 0 ? i : int.MaxValue)];

    private static List<JsonNode?> Interleave(
        List<JsonNode?> left, List<JsonNode?> right, IReadOnlyList<JsonNode?> serverOrder, string? mergeKey)
    {
        var result = new List<JsonNode?>(left.Count + right.Count);
        int i = 0, j = 0;
        while (i < left.Count || j < right.Count)
        {
            if (i >= left.Count)
            {
                result.Add(right[j++]);
            }
            else if (j >= right.Count)
            {
                result.Add(left[i++]);
            }
            else
            {
                // A server-only item goes first only when both are in the live list and it was ahead there.
                var leftIndex = IndexOf(serverOrder, left[i], mergeKey);
                var rightIndex = IndexOf(serverOrder, right[j], mergeKey);
                result.Add(leftIndex >= 0 && rightIndex >= 0 && leftIndex < rightIndex ? left[i++] : right[j++]);
            }
        }

        return result;
    }
}
