using System.Text.Json.Nodes;
using k8s;

namespace Skiff.Api.Admission;

/// <summary>
/// Upstream's apiequality.Semantic.DeepEqual for API models: compares the JSON form, treating null, empty lists and
/// empty maps alike (as Go treats nil and empty slices and maps) and ignoring map ordering.
/// </summary>
internal static class SemanticEquality
{
    public static bool AreEqual(object? left, object? right) =>
        JsonNode.DeepEquals(Normalize(ToNode(left)), Normalize(ToNode(right)));

    private static JsonNode? ToNode(object? value) => value is null ? null : JsonNode.Parse(KubernetesJson.Serialize(value));

    private static JsonNode? Normalize(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
            {
                var result = new JsonObject();
                foreach (var (key, child) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    var normalized = Normalize(child?.DeepClone());
                    if (normalized is not null)
                    {
                        result[key] = normalized;
                    }
                }
                return result.Count == 0 ? null : result;
            }
            case JsonArray array:
            {
                var result = new JsonArray();
                foreach (var child in array)
                {
                    result.Add(Normalize(child?.DeepClone()) ?? new JsonObject());
                }
                return result.Count == 0 ? null : result;
            }
            default:
                return node?.DeepClone();
        }
    }
}
