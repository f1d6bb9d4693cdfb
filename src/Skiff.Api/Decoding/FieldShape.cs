using System.Collections.Concurrent;
using System.Reflection;
using Skiff.Api.Models;

namespace Skiff.Api.Decoding;

/// <summary>
/// What a strict decoder knows about the values of one type: for a model class its JSON properties (from
/// [JsonPropertyName]) and the shape of each; for lists and maps the shape of their elements. Null stands for a leaf:
/// strings, numbers, times, and types with their own converter (IntOrString, Quantity), which upstream also decodes
/// without looking inside (they implement UnmarshalJSON).
/// </summary>
internal sealed class FieldShape
{
    // Memoizes a pure function of Type, built by reflection once per type. Children are resolved lazily so that
    // recursive model graphs (JSONSchemaProps) stay finite.
    private static readonly ConcurrentDictionary<Type, FieldShape?> Cache = new();

    private readonly Lazy<FieldShape?>? element;
    private readonly Lazy<ObjectFields>? fields;

    private FieldShape(FieldShapeKind kind, Lazy<FieldShape?>? element, Lazy<ObjectFields>? fields)
    {
        Kind = kind;
        this.element = element;
        this.fields = fields;
    }

    /// <summary>Untyped JSON: what upstream decodes merge and strategic merge patches into.</summary>
    public static FieldShape FreeForm { get; } = new(FieldShapeKind.FreeForm, null, null);

    public FieldShapeKind Kind { get; }

    /// <summary>The element shape of a list, the value shape of a map, free-form inside free-form.</summary>
    public FieldShape? Element => Kind == FieldShapeKind.FreeForm ? this : element?.Value;

    /// <summary>The properties of a model class.</summary>
    public ObjectFields Fields => fields?.Value ?? throw new InvalidOperationException($"a {Kind} shape has no fields");

    /// <summary>The shape of a value of <paramref name="type"/>; null for leaves.</summary>
    public static FieldShape? For(Type type) => Cache.GetOrAdd(type, Create);

    /// <summary>An object shape with the given properties, for documents that are no model class (JSON patch operations).</summary>
    public static FieldShape Object(params (string Name, FieldShape? Shape)[] properties) =>
        new(FieldShapeKind.Object, null, new Lazy<ObjectFields>(() => new ObjectFields(
            new Utf8NameTable([.. properties.Select(p => p.Name)]), [.. properties.Select(p => p.Shape)])));

    /// <summary>A list of <paramref name="element"/>.</summary>
    public static FieldShape List(FieldShape? element) => new(FieldShapeKind.List, new Lazy<FieldShape?>(element), null);

    private static FieldShape? Create(Type type)
    {
        var underlying = ModelTypeShape.WithoutNullable(type);
        if (underlying == typeof(string) || underlying == typeof(byte[]) || underlying == typeof(object) || !underlying.IsClass && !underlying.IsInterface)
        {
            return null;
        }

        if (ModelTypeShape.DictionaryValueType(underlying) is { } valueType)
        {
            return new FieldShape(FieldShapeKind.Map, new Lazy<FieldShape?>(() => For(valueType)), null);
        }

        if (ModelTypeShape.ListElementType(underlying) is { } elementType)
        {
            return new FieldShape(FieldShapeKind.List, new Lazy<FieldShape?>(() => For(elementType)), null);
        }

        if (!ModelTypeShape.IsModel(underlying))
        {
            return null;
        }

        List<(string JsonName, PropertyInfo Property)> properties = [.. ModelTypeShape.JsonProperties(underlying)];
        return new FieldShape(FieldShapeKind.Object, null, new Lazy<ObjectFields>(() => new ObjectFields(
            new Utf8NameTable([.. properties.Select(p => p.JsonName)]), [.. properties.Select(p => For(p.Property.PropertyType))])));
    }

    /// <summary>A model class's JSON property names and, at the same index, the shape of each property's value.</summary>
    internal sealed record ObjectFields(Utf8NameTable Names, FieldShape?[] Shapes);
}
