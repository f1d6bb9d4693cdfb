using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Skiff.Api.FieldManagement;

/// <summary>The path element that names a list item: its key fields for associative lists, its value for sets.</summary>
internal static class ListItemKeys
{
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Example: a container port <c>{"containerPort":80,"name":"http"}</c> in a list keyed by containerPort and
    /// protocol is <c>k:{"containerPort":80,"protocol":"TCP"}</c> (protocol's OpenAPI default fills the gap). An item
    /// without any key field, or a list Skiff has no keys for, falls back to its index.
    /// </summary>
    public static PathElement Of(FieldSchema list, JsonNode? item, int index)
    {
        if (list.ListType == ListType.Set)
        {
            return new PathElement(PathElementKind.Value, Json(item));
        }

        if (list.ListType == ListType.Map && item is JsonObject obj)
        {
            var builder = new StringBuilder("{");
            var any = false;
            foreach (var key in list.Keys.Order(StringComparer.Ordinal))
            {
                string? value = obj.TryGetPropertyValue(key, out var present) && present is not null
                    ? Json(present)
                    : FieldSemanticsTable.KeyDefaults.GetValueOrDefault(key);
                if (value is null)
                {
                    continue;
                }

                builder.Append(any ? "," : "").Append(Json(JsonValue.Create(key))).Append(':').Append(value);
                any = true;
            }

            if (any)
            {
                return new PathElement(PathElementKind.Key, builder.Append('}').ToString());
            }
        }

        return PathElement.Index(index);
    }

    /// <summary>The same element for an item read from serialized bytes.</summary>
    public static PathElement Of(FieldSchema list, JsonElement item, int index)
    {
        if (list.ListType == ListType.Set)
        {
            return new PathElement(PathElementKind.Value, Json(item));
        }

        if (list.ListType == ListType.Map && item.ValueKind == JsonValueKind.Object)
        {
            var builder = new StringBuilder("{");
            var any = false;
            foreach (var key in list.Keys.Order(StringComparer.Ordinal))
            {
                string? value = item.TryGetProperty(key, out var present) && present.ValueKind != JsonValueKind.Null
                    ? Json(present)
                    : FieldSemanticsTable.KeyDefaults.GetValueOrDefault(key);
                if (value is null)
                {
                    continue;
                }

                builder.Append(any ? "," : "").Append(Json(JsonValue.Create(key))).Append(':').Append(value);
                any = true;
            }

            if (any)
            {
                return new PathElement(PathElementKind.Key, builder.Append('}').ToString());
            }
        }

        return PathElement.Index(index);
    }

    // Strings are written again with the relaxed encoder so that both readers give the same text.
    private static string Json(JsonElement element) => element.ValueKind == JsonValueKind.String
        ? JsonSerializer.Serialize(element.GetString(), Compact)
        : element.GetRawText();

    private static string Json(JsonNode? node) => node is null ? "null" : node.ToJsonString(Compact);
}
