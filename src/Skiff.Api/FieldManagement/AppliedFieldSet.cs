using System.Text.Json.Nodes;

namespace Skiff.Api.FieldManagement;

/// <summary>
/// The fields an applied configuration sets (upstream's TypedValue.ToFieldSet): every scalar and atomic value, every
/// list item and map entry, but not the named struct fields that merely lead to them. Example: applying
/// <c>{"metadata":{"labels":{"app":"web"}},"spec":{"replicas":2}}</c> owns <c>.metadata.labels.app</c> and
/// <c>.spec.replicas</c> only.
/// </summary>
public static class AppliedFieldSet
{
    public static FieldSet Of(JsonNode? config, FieldSchema schema)
    {
        var root = new FieldSet();
        if (config is JsonObject obj)
        {
            WalkObject(root, obj, schema, ObjectWalk.Level.Root);
        }

        return root;
    }

    /// <summary>The fields below one value; null when nothing below it (or itself) is owned.</summary>
    private static FieldSet? Walk(JsonNode? value, FieldSchema? schema, ObjectWalk.Level level)
    {
        if (schema is null || schema.IsLeaf)
        {
            return Member();
        }

        var node = new FieldSet();
        switch (schema.Kind)
        {
            case SchemaKind.List when value is JsonArray list:
                for (var i = 0; i < list.Count; i++)
                {
                    var item = Walk(list[i], schema.Element, ObjectWalk.Level.Inner) ?? new FieldSet();
                    item.MarkMember();
                    node.Attach(ListItemKeys.Of(schema, list[i], i), item);
                }

                break;
            case SchemaKind.Struct or SchemaKind.Map when value is JsonObject obj:
                WalkObject(node, obj, schema, level);
                break;
        }

        return node.IsEmpty ? null : node;
    }

    private static void WalkObject(FieldSet node, JsonObject obj, FieldSchema schema, ObjectWalk.Level level)
    {
        foreach (var (name, child) in obj)
        {
            if (ObjectWalk.Skips(level, name))
            {
                continue;
            }

            var isField = schema.Kind == SchemaKind.Struct && schema.HasField(name);
            var childSchema = schema.Kind == SchemaKind.Map ? schema.Element : schema.Field(name);
            var owned = Walk(child, childSchema, ObjectWalk.Below(level, name));
            if (!isField)
            {
                owned ??= new FieldSet();
                owned.MarkMember();
            }

            if (owned is not null)
            {
                node.Attach(PathElement.Field(name), owned);
            }
        }
    }

    private static FieldSet Member()
    {
        var leaf = new FieldSet();
        leaf.MarkMember();
        return leaf;
    }
}
