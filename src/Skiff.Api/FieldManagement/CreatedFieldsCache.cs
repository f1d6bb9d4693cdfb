using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Json;

namespace Skiff.Api.FieldManagement;

/// <summary>
/// Remembers the FieldsV1 of recent creates by the shape of the object: its property names and nesting, the values
/// of list items that are scalars (set members) and of the fields that key associative lists. That is everything a
/// create's field set depends on (other values never matter: only their presence is owned), so objects created from
/// one template (a ReplicaSet's pods, a load generator's) share one computation. The shape is read in one pass of a
/// reader over the bytes, far cheaper than building the set.
/// </summary>
/// <remarks>
/// Example: two pods that differ only in name, uid, image and env values have the same shape, while a pod with
/// another container name, another label key or one port more has another. Bounded: when full it starts over.
/// </remarks>
public sealed class CreatedFieldsCache
{
    private const int Capacity = 4096;

    // Every field name that keys an associative list; their values are part of the shape inside list items.
    private static readonly byte[][] KeyFields =
        [.. FieldSemanticsTable.MapLists.Values.SelectMany(k => k).Distinct(StringComparer.Ordinal).Select(System.Text.Encoding.UTF8.GetBytes)];

    private readonly ConcurrentDictionary<(int Variant, int Hash), (byte[] Shape, byte[] FieldsV1)> entries = new();

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? scratch;

    /// <summary>The FieldsV1 bytes of <paramref name="json"/> as <paramref name="compute"/> gives them, computed once per shape.</summary>
    public byte[] FieldsV1(ReadOnlySpan<byte> json, int variant, Func<byte[]> compute)
    {
        var shape = scratch ??= new ArrayBufferWriter<byte>(4096);
        shape.ResetWrittenCount();
        Shape(json, shape);
        var hash = new HashCode();
        hash.AddBytes(shape.WrittenSpan);
        var key = (variant, hash.ToHashCode());
        if (entries.TryGetValue(key, out var known) && known.Shape.AsSpan().SequenceEqual(shape.WrittenSpan))
        {
            return known.FieldsV1;
        }

        var computed = compute();
        if (entries.Count >= Capacity)
        {
            entries.Clear();
        }

        entries[key] = (shape.WrittenSpan.ToArray(), computed); // a colliding shape just replaces the entry
        return computed;
    }

    private static void Shape(ReadOnlySpan<byte> json, ArrayBufferWriter<byte> shape)
    {
        var reader = new Utf8JsonReader(json);
        // Per depth: whether the container is a list; a property name is remembered until its value is seen.
        Span<bool> inList = stackalloc bool[128];
        var keyField = false;
        while (reader.Read())
        {
            var depth = reader.CurrentDepth;
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    shape.Write("{"u8);
                    Mark(inList, depth + 1, false);
                    keyField = false;
                    break;
                case JsonTokenType.StartArray:
                    shape.Write("["u8);
                    Mark(inList, depth + 1, true);
                    keyField = false;
                    break;
                case JsonTokenType.EndObject:
                    shape.Write("}"u8);
                    break;
                case JsonTokenType.EndArray:
                    shape.Write("]"u8);
                    break;
                case JsonTokenType.PropertyName:
                    shape.Write("\""u8);
                    shape.Write(reader.ValueSpan);
                    shape.Write("\":"u8);
                    keyField = IsKeyField(reader.ValueSpan);
                    break;
                default:
                    // A scalar: its value counts as a set member (directly in a list) or a list key (a key field of
                    // an object inside a list); anywhere else only its presence does.
                    var parentIsList = depth < inList.Length && inList[depth];
                    var grandparentIsList = depth >= 1 && depth - 1 < inList.Length && inList[depth - 1];
                    if (parentIsList || (keyField && grandparentIsList))
                    {
                        shape.Write(reader.ValueSpan);
                    }

                    shape.Write(","u8);
                    keyField = false;
                    break;
            }
        }
    }

    private static bool IsKeyField(ReadOnlySpan<byte> name)
    {
        foreach (var key in KeyFields)
        {
            if (name.SequenceEqual(key))
            {
                return true;
            }
        }

        return false;
    }

    private static void Mark(Span<bool> inList, int depth, bool value)
    {
        if (depth < inList.Length)
        {
            inList[depth] = value;
        }
    }
}
