using System.Text.Json;
using System.Text.Json.Nodes;

namespace Skiff.Api.FieldManagement;

/// <summary>
/// The fields a create sets, read straight from the object's serialized bytes: what <see cref="TreeComparer"/> finds
/// added or changed against the kind's zero object, without building a tree of the object. This runs on every create,
/// so it is the one walker over <see cref="JsonElement"/>.
/// </summary>
/// <remarks>
/// Example: a Deployment whose template has labels gives <c>f:spec.f:template.f:metadata.f:labels</c> with "." (the
/// zero object has template and its metadata, not the labels map), and each container item with "." and its leaves.
/// Serialized objects carry no nulls, so every leaf present differs from the zero object and is owned.
/// </remarks>
public static class CreatedFieldSet
{
    public static FieldSet Of(JsonElement obj, FieldSchema schema)
    {
        var root = new FieldSet();
        Object(root, obj, schema.ZeroObject(), schema, ObjectWalk.Level.Root);
        return root;
    }

    private static void Object(FieldSet node, JsonElement obj, JsonObject? zero, FieldSchema schema, ObjectWalk.Level level)
    {
        foreach (var property in obj.EnumerateObject())
        {
            var name = property.Name;
            if (ObjectWalk.Skips(level, name))
            {
                continue;
            }

            JsonNode? zeroChild = null;
            var inZero = zero is not null && zero.TryGetPropertyValue(name, out zeroChild);
            var childSchema = schema.Kind == SchemaKind.Map ? schema.Element : schema.Field(name);
            if (Value(property.Value, inZero, zeroChild, childSchema, ObjectWalk.Below(level, name)) is { } child)
            {
                node.Attach(PathElement.Field(name), child);
            }
        }
    }

    private static FieldSet? Value(JsonElement value, bool inZero, JsonNode? zero, FieldSchema? schema, ObjectWalk.Level level)
    {
        var node = new FieldSet();
        if (schema is null || schema.IsLeaf)
        {
            node.MarkMember();
            return node;
        }

        if (schema.Kind == SchemaKind.List)
        {
            if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
            {
                return Leaf(value, inZero, zero);
            }

            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                var element = ListItemKeys.Of(schema, item, index++);
                if (node.Find(element) is not null)
                {
                    continue; // a repeated key: the first item stands for it, as upstream's walker
                }

                var child = Value(item, false, null, schema.Element, ObjectWalk.Level.Inner) ?? new FieldSet();
                child.MarkMember();
                node.Attach(element, child);
            }
        }
        else
        {
            if (value.ValueKind != JsonValueKind.Object || !value.EnumerateObject().Any())
            {
                return Leaf(value, inZero, zero);
            }

            Object(node, value, zero as JsonObject, schema, level);
        }

        if (!inZero)
        {
            node.MarkMember();
        }

        return node.IsEmpty && !node.IsMember ? null : node;
    }

    /// <summary>An empty object or list is a leaf: owned unless the zero object holds the same empty value.</summary>
    private static FieldSet? Leaf(JsonElement value, bool inZero, JsonNode? zero)
    {
        if (inZero && zero is JsonObject { Count: 0 } && value.ValueKind == JsonValueKind.Object)
        {
            return null;
        }

        var node = new FieldSet();
        node.MarkMember();
        return node;
    }
}
