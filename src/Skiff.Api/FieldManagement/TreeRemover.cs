using System.Text.Json.Nodes;

namespace Skiff.Api.FieldManagement;

/// <summary>Removes the fields, map entries and list items a set names from an object (upstream's RemoveItems).</summary>
public static class TreeRemover
{
    /// <summary>Changes <paramref name="obj"/> in place.</summary>
    public static void RemoveItems(JsonObject obj, FieldSet set, FieldSchema schema) => Object(obj, set, schema);

    private static void Object(JsonObject obj, FieldSet set, FieldSchema schema)
    {
        foreach (var (element, child) in set.Children)
        {
            if (element.Kind != PathElementKind.Field || !obj.TryGetPropertyValue(element.Text, out var value))
            {
                continue;
            }

            if (child.IsMember)
            {
                obj.Remove(element.Text);
            }
            else
            {
                Value(value, child, schema.Kind == SchemaKind.Map ? schema.Element : schema.Field(element.Text));
            }
        }
    }

    private static void Value(JsonNode? value, FieldSet set, FieldSchema? schema)
    {
        if (schema is null || schema.IsLeaf)
        {
            return;
        }

        if (value is JsonObject obj && schema.Kind is SchemaKind.Struct or SchemaKind.Map)
        {
            Object(obj, set, schema);
        }
        else if (value is JsonArray list && schema.Kind == SchemaKind.List)
        {
            for (var i = list.Count - 1; i >= 0; i--)
            {
                if (set.Find(ListItemKeys.Of(schema, list[i], i)) is not { } child)
                {
                    continue;
                }

                if (child.IsMember)
                {
                    list.RemoveAt(i);
                }
                else
                {
                    Value(list[i], child, schema.Element);
                }
            }
        }
    }
}
