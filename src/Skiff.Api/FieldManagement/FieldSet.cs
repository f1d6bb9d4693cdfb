using System.Text.Json;

namespace Skiff.Api.FieldManagement;

/// <summary>
/// A set of field paths, kept as a trie as upstream's fieldpath.Set: each node knows whether the path leading to it is
/// itself in the set (a member) and holds the nodes of longer paths. Sets are built once (by the walkers or from
/// FieldsV1) and treated as immutable afterwards, so the set operations share untouched subtrees.
/// </summary>
/// <remarks>
/// Example: the paths <c>.metadata.labels</c>, <c>.metadata.labels.app</c> and <c>.spec.replicas</c> are the FieldsV1
/// document <c>{"f:metadata":{"f:labels":{".":{},"f:app":{}}},"f:spec":{"f:replicas":{}}}</c>: "." marks a node that is
/// a member and has children, an empty object a member without children.
/// </remarks>
public sealed class FieldSet
{
    // Children sorted by PathElement once read; builders append and the first read sorts. A sorted list with binary
    // search costs far less than a tree per node on the create path, where most nodes have one or two children.
    private List<KeyValuePair<PathElement, FieldSet>>? children;
    private bool unsorted;

    /// <summary>Whether the path to this node is in the set (meaningless at the root).</summary>
    public bool IsMember { get; private set; }

    /// <summary>True when the set holds no path at all.</summary>
    public bool IsEmpty => children is null || children.Count == 0;

    public IEnumerable<KeyValuePair<PathElement, FieldSet>> Children => Sorted() ?? Enumerable.Empty<KeyValuePair<PathElement, FieldSet>>();

    /// <summary>The node for one more step, or null.</summary>
    public FieldSet? Find(PathElement element)
    {
        var list = Sorted();
        if (list is null)
        {
            return null;
        }

        var index = IndexOf(list, element);
        return index >= 0 ? list[index].Value : null;
    }

    /// <summary>Builder use only: the node for one more step, created when missing.</summary>
    public FieldSet Child(PathElement element)
    {
        if (Find(element) is { } existing)
        {
            return existing;
        }

        var child = new FieldSet();
        children ??= [];
        var index = ~IndexOf(children, element);
        children.Insert(index, new KeyValuePair<PathElement, FieldSet>(element, child));
        return child;
    }

    /// <summary>Builder use only: adds the path to this node.</summary>
    public FieldSet Insert(PathElement element)
    {
        var child = Child(element);
        child.IsMember = true;
        return child;
    }

    /// <summary>Builder use only: adds a whole path.</summary>
    public void Insert(IReadOnlyList<PathElement> path)
    {
        var node = this;
        foreach (var element in path)
        {
            node = node.Child(element);
        }

        node.IsMember = true;
    }

    public bool Has(IReadOnlyList<PathElement> path)
    {
        var node = this;
        foreach (var element in path)
        {
            node = node.Find(element);
            if (node is null)
            {
                return false;
            }
        }

        return path.Count > 0 && node.IsMember;
    }

    /// <summary>Every path of the set, as upstream iterates: a node's member children first, then deeper paths.</summary>
    public IEnumerable<IReadOnlyList<PathElement>> Paths()
    {
        var prefix = new List<PathElement>();
        var result = new List<IReadOnlyList<PathElement>>();
        Collect(this, prefix, result);
        return result;

        static void Collect(FieldSet node, List<PathElement> prefix, List<IReadOnlyList<PathElement>> into)
        {
            foreach (var (element, child) in node.Children)
            {
                if (child.IsMember)
                {
                    into.Add([.. prefix, element]);
                }
            }

            foreach (var (element, child) in node.Children)
            {
                prefix.Add(element);
                Collect(child, prefix, into);
                prefix.RemoveAt(prefix.Count - 1);
            }
        }
    }

    /// <summary>Upstream's notation of a path: <c>.spec.template.spec.containers[name="nginx"].image</c>.</summary>
    public static string PathString(IReadOnlyList<PathElement> path) => string.Concat(path.Select(e => e.ToString()));

    public static FieldSet Union(FieldSet a, FieldSet b)
    {
        if (b.IsEmpty)
        {
            return a;
        }

        if (a.IsEmpty)
        {
            return b;
        }

        var result = new FieldSet();
        foreach (var (element, child) in a.Children)
        {
            var other = b.Find(element);
            result.Attach(element, other is null ? child : Merge(child, other, Union(child, other)));
        }

        foreach (var (element, child) in b.Children)
        {
            if (a.Find(element) is null)
            {
                result.Attach(element, child);
            }
        }

        return result;

        static FieldSet Merge(FieldSet x, FieldSet y, FieldSet merged)
        {
            var node = new FieldSet { IsMember = x.IsMember || y.IsMember };
            foreach (var (element, child) in merged.Children)
            {
                node.Attach(element, child);
            }

            return node;
        }
    }

    /// <summary>The paths of <paramref name="a"/> that are not paths of <paramref name="b"/> (children of b's members stay).</summary>
    public static FieldSet Difference(FieldSet a, FieldSet b)
    {
        if (a.IsEmpty || b.IsEmpty)
        {
            return a;
        }

        // Returns a itself when b takes nothing from it, so that callers can tell an untouched set by reference.
        var result = new FieldSet();
        var changed = false;
        foreach (var (element, child) in a.Children)
        {
            var other = b.Find(element);
            if (other is null)
            {
                result.Attach(element, child);
                continue;
            }

            var member = child.IsMember && !other.IsMember;
            var below = Difference(child, other);
            if (member == child.IsMember && ReferenceEquals(below, child))
            {
                result.Attach(element, child);
                continue;
            }

            changed = true;
            if (WithChildren(member, below) is { } node)
            {
                result.Attach(element, node);
            }
        }

        return changed ? result : a;
    }

    /// <summary>The paths of <paramref name="a"/> that are neither members of <paramref name="b"/> nor below one.</summary>
    public static FieldSet RecursiveDifference(FieldSet a, FieldSet b)
    {
        if (a.IsEmpty || b.IsEmpty)
        {
            return a;
        }

        var result = new FieldSet();
        foreach (var (element, child) in a.Children)
        {
            var other = b.Find(element);
            if (other is null)
            {
                result.Attach(element, child);
                continue;
            }

            if (other.IsMember)
            {
                continue;
            }

            var node = WithChildren(child.IsMember, RecursiveDifference(child, other));
            if (node is not null)
            {
                result.Attach(element, node);
            }
        }

        return result;
    }

    public static FieldSet Intersection(FieldSet a, FieldSet b)
    {
        var result = new FieldSet();
        if (a.IsEmpty || b.IsEmpty)
        {
            return result;
        }

        foreach (var (element, child) in a.Children)
        {
            var other = b.Find(element);
            if (other is null)
            {
                continue;
            }

            var node = WithChildren(child.IsMember && other.IsMember, Intersection(child, other));
            if (node is not null)
            {
                result.Attach(element, node);
            }
        }

        return result;
    }

    /// <summary>
    /// Also holds every named struct field that has paths below it (upstream's EnsureNamedFieldsAreMembers): a set
    /// made of <c>.spec.replicas</c> then holds <c>.spec</c> too; list items and map entries are left as they are.
    /// </summary>
    public FieldSet EnsureNamedFieldsAreMembers(FieldSchema? schema)
    {
        if (IsEmpty)
        {
            return this;
        }

        var result = new FieldSet { IsMember = IsMember };
        foreach (var (element, child) in Children)
        {
            var childSchema = schema?.ChildSchema(element);
            var node = child.EnsureNamedFieldsAreMembers(childSchema);
            if (!node.IsMember && element.Kind == PathElementKind.Field && schema?.Kind == SchemaKind.Struct && schema.HasField(element.Text))
            {
                node = WithChildren(true, node) ?? node;
            }

            result.Attach(element, node);
        }

        return result;
    }

    public static bool SetEquals(FieldSet a, FieldSet b)
    {
        if (a.IsMember != b.IsMember || (a.children?.Count ?? 0) != (b.children?.Count ?? 0))
        {
            return false;
        }

        foreach (var (element, child) in a.Children)
        {
            if (b.Find(element) is not { } other || !SetEquals(child, other))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Writes the set as a FieldsV1 JSON object.</summary>
    public void WriteFieldsV1(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        WriteChildren(writer);
        writer.WriteEndObject();
    }

    /// <summary>The FieldsV1 JSON; <paramref name="encoder"/> chooses the escaping (relaxed by default: <c>k:{"name":"a"}</c> readable).</summary>
    public byte[] ToFieldsV1Bytes(System.Text.Encodings.Web.JavaScriptEncoder? encoder = null)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = encoder ?? System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            WriteFieldsV1(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private void WriteChildren(Utf8JsonWriter writer)
    {
        foreach (var (element, child) in Children)
        {
            writer.WritePropertyName(element.FieldsV1Key);
            writer.WriteStartObject();
            if (child.IsMember && !child.IsEmpty)
            {
                writer.WritePropertyName(".");
                writer.WriteStartObject();
                writer.WriteEndObject();
            }

            child.WriteChildren(writer);
            writer.WriteEndObject();
        }
    }

    /// <summary>Reads a FieldsV1 JSON object; a <see cref="FormatException"/> names what is wrong, as upstream's decoder.</summary>
    public static FieldSet FromFieldsV1(JsonElement fields)
    {
        if (fields.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("FieldsV1 must be a JSON object");
        }

        var root = new FieldSet();
        Read(root, fields);
        return root;

        static void Read(FieldSet node, JsonElement json)
        {
            foreach (var property in json.EnumerateObject())
            {
                if (property.Name == ".")
                {
                    node.IsMember = true;
                    continue;
                }

                if (!PathElement.TryParse(property.Name, out var element))
                {
                    throw new FormatException($"parsing JSON: unexpected key \"{property.Name}\"");
                }

                if (property.Value.ValueKind != JsonValueKind.Object)
                {
                    throw new FormatException($"parsing JSON: expected an object at \"{property.Name}\"");
                }

                var child = node.Child(element);
                if (!property.Value.EnumerateObject().Any())
                {
                    child.IsMember = true;
                    continue;
                }

                Read(child, property.Value);
            }
        }
    }

    /// <summary>Builder use only: makes the path to this node a member.</summary>
    internal void MarkMember() => IsMember = true;

    /// <summary>Builder use only: hangs a finished node under an element this node does not have yet.</summary>
    internal void Attach(PathElement element, FieldSet child)
    {
        children ??= [];
        if (children.Count > 0 && !unsorted && children[^1].Key.CompareTo(element) >= 0)
        {
            unsorted = true;
        }

        children.Add(new KeyValuePair<PathElement, FieldSet>(element, child));
    }

    private List<KeyValuePair<PathElement, FieldSet>>? Sorted()
    {
        if (unsorted && children is not null)
        {
            children.Sort(static (a, b) => a.Key.CompareTo(b.Key));
            unsorted = false;
        }

        return children;
    }

    private static int IndexOf(List<KeyValuePair<PathElement, FieldSet>> list, PathElement element)
    {
        int low = 0, high = list.Count - 1;
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            var order = list[middle].Key.CompareTo(element);
            if (order == 0)
            {
                return middle;
            }

            if (order < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return ~low;
    }

    private static FieldSet? WithChildren(bool member, FieldSet grandChildren)
    {
        if (!member && grandChildren.IsEmpty)
        {
            return null;
        }

        var node = new FieldSet { IsMember = member };
        foreach (var (element, child) in grandChildren.Children)
        {
            node.Attach(element, child);
        }

        return node;
    }
}
