using System.Text.Json.Nodes;

namespace Skiff.Api.FieldManagement;

/// <summary>
/// Compares two versions of an object (upstream's TypedValue.Compare): leaves that appear, change or disappear, and
/// the structs, maps, lists and list items that appear or disappear as a whole. A JSON null counts as present: Go's
/// zero object carries <c>"containers": null</c>, so adding containers adds their items but not the list itself.
/// </summary>
public static class TreeComparer
{
    public static Comparison Compare(JsonNode? lhs, JsonNode? rhs, FieldSchema schema)
    {
        var walk = new Walk();
        walk.Object(lhs as JsonObject, rhs as JsonObject, schema, ObjectWalk.Level.Root);
        return new Comparison(walk.Added, walk.Modified, walk.Removed);
    }

    private sealed class Walk
    {
        private readonly List<PathElement> path = [];

        public FieldSet Added { get; } = new();

        public FieldSet Modified { get; } = new();

        public FieldSet Removed { get; } = new();

        public void Object(JsonObject? lhs, JsonObject? rhs, FieldSchema schema, ObjectWalk.Level level)
        {
            if (lhs is not null)
            {
                foreach (var (name, left) in lhs)
                {
                    if (ObjectWalk.Skips(level, name))
                    {
                        continue;
                    }

                    var rightPresent = rhs is not null && rhs.TryGetPropertyValue(name, out _);
                    Child(PathElement.Field(name), true, left, rightPresent, rightPresent ? rhs![name] : null, FieldOf(schema, name), ObjectWalk.Below(level, name));
                }
            }

            if (rhs is not null)
            {
                foreach (var (name, right) in rhs)
                {
                    if (ObjectWalk.Skips(level, name) || (lhs is not null && lhs.ContainsKey(name)))
                    {
                        continue;
                    }

                    Child(PathElement.Field(name), false, null, true, right, FieldOf(schema, name), ObjectWalk.Below(level, name));
                }
            }
        }

        private static FieldSchema? FieldOf(FieldSchema schema, string name) =>
            schema.Kind == SchemaKind.Map ? schema.Element : schema.Field(name);

        private void Child(PathElement element, bool lhsPresent, JsonNode? lhs, bool rhsPresent, JsonNode? rhs, FieldSchema? schema, ObjectWalk.Level level)
        {
            path.Add(element);
            Value(lhsPresent, lhs, rhsPresent, rhs, schema, level);
            path.RemoveAt(path.Count - 1);
        }

        private void Value(bool lhsPresent, JsonNode? lhs, bool rhsPresent, JsonNode? rhs, FieldSchema? schema, ObjectWalk.Level level)
        {
            if (schema is null || schema.IsLeaf)
            {
                Leaf(lhsPresent, lhs, rhsPresent, rhs);
                return;
            }

            if (schema.Kind == SchemaKind.List)
            {
                var left = lhs as JsonArray;
                var right = rhs as JsonArray;
                if ((left is null || left.Count == 0) && (right is null || right.Count == 0))
                {
                    Leaf(lhsPresent, lhs, rhsPresent, rhs); // empty and null keep their distinction as a leaf
                    return;
                }

                Items(left, right, schema);
            }
            else
            {
                var left = lhs as JsonObject;
                var right = rhs as JsonObject;
                if ((left is null || left.Count == 0) && (right is null || right.Count == 0))
                {
                    Leaf(lhsPresent, lhs, rhsPresent, rhs);
                    return;
                }

                Object(left, right, schema, level);
            }

            if (!lhsPresent)
            {
                Added.Insert(path);
            }
            else if (!rhsPresent)
            {
                Removed.Insert(path);
            }
        }

        private void Items(JsonArray? lhs, JsonArray? rhs, FieldSchema list)
        {
            var left = Index(lhs, list);
            var right = Index(rhs, list);
            foreach (var (element, item) in left)
            {
                var rightPresent = right.TryGetValue(element, out var other);
                Child(element, true, item, rightPresent, other, list.Element, ObjectWalk.Level.Inner);
            }

            foreach (var (element, item) in right)
            {
                if (!left.ContainsKey(element))
                {
                    Child(element, false, null, true, item, list.Element, ObjectWalk.Level.Inner);
                }
            }
        }

        private void Leaf(bool lhsPresent, JsonNode? lhs, bool rhsPresent, JsonNode? rhs)
        {
            if (!lhsPresent)
            {
                Added.Insert(path);
            }
            else if (!rhsPresent)
            {
                Removed.Insert(path);
            }
            else if (!JsonNode.DeepEquals(lhs, rhs))
            {
                Modified.Insert(path);
            }
        }
    }

    /// <summary>List items by path element, first occurrence winning as upstream's walker does.</summary>
    internal static Dictionary<PathElement, JsonNode?> Index(JsonArray? list, FieldSchema schema)
    {
        var result = new Dictionary<PathElement, JsonNode?>();
        if (list is null)
        {
            return result;
        }

        for (var i = 0; i < list.Count; i++)
        {
            result.TryAdd(ListItemKeys.Of(schema, list[i], i), list[i]);
        }

        return result;
    }
}
