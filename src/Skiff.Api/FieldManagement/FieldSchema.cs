using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Text.Json.Nodes;
using Skiff.Api.Models;

namespace Skiff.Api.FieldManagement;

/// <summary>
/// The structure server-side apply needs for a k8s.Models class: which values are structs, maps, lists (atomic,
/// sets, keyed) or scalars, read from the classes by reflection and from <see cref="FieldSemanticsTable"/> for what
/// the C# models do not carry. A field missing from a struct's schema is treated as an atomic leaf.
/// </summary>
public sealed class FieldSchema
{
    // Memoizes a pure function of Type; struct fields are built lazily so recursive models stay finite.
    private static readonly ConcurrentDictionary<Type, FieldSchema> Structs = new();

    private static readonly FieldSchema ScalarSchema = new(SchemaKind.Scalar, null);

    private readonly Lazy<FrozenDictionary<string, FieldSchema>>? fields;
    private readonly Lazy<FrozenSet<string>>? zeroValueFields;
    private JsonObject? zeroObject;

    private FieldSchema(SchemaKind kind, Type? modelType)
    {
        Kind = kind;
        ModelType = modelType;
        if (kind == SchemaKind.Struct && modelType is not null)
        {
            fields = new Lazy<FrozenDictionary<string, FieldSchema>>(() => BuildFields(modelType), LazyThreadSafetyMode.ExecutionAndPublication);
            zeroValueFields = new Lazy<FrozenSet<string>>(() => ZeroValueFieldsOf(modelType), LazyThreadSafetyMode.ExecutionAndPublication);
        }
    }

    public SchemaKind Kind { get; }

    public Type? ModelType { get; }

    /// <summary>An atomic struct, map or list: replaced and owned as one leaf.</summary>
    public bool IsAtomic { get; private init; }

    public ListType ListType { get; private init; }

    /// <summary>The key fields of an associative list.</summary>
    public IReadOnlyList<string> Keys { get; private init; } = [];

    /// <summary>The schema of a list's items or a map's values.</summary>
    public FieldSchema? Element { get; private init; }

    /// <summary>Whether a value of this schema is owned as one leaf (scalars and atomic values).</summary>
    public bool IsLeaf => Kind == SchemaKind.Scalar || IsAtomic;

    /// <summary>The schema of a top-level object of the model type.</summary>
    public static FieldSchema For(Type modelType) => StructOf(modelType);

    public bool HasField(string name) => fields is not null && fields.Value.ContainsKey(name);

    public FieldSchema? Field(string name) => fields is not null && fields.Value.TryGetValue(name, out var field) ? field : null;

    /// <summary>The schema one path element further down, or null when unknown.</summary>
    public FieldSchema? ChildSchema(PathElement element) => Kind switch
    {
        SchemaKind.Struct when element.Kind == PathElementKind.Field => Field(element.Text),
        SchemaKind.Map when element.Kind == PathElementKind.Field => Element,
        SchemaKind.List when element.Kind != PathElementKind.Field => Element,
        _ => null,
    };

    /// <summary>
    /// The object Go's zero value of the type serializes to (upstream compares a create with it): struct-valued
    /// fields as empty objects and non-omitempty lists as null, e.g. a Deployment's
    /// <c>{"metadata":{},"spec":{"selector":null,"template":{"metadata":{},"spec":{"containers":null}},"strategy":{}},"status":{}}</c>.
    /// Shared: callers must not change it.
    /// </summary>
    public JsonObject ZeroObject()
    {
        if (zeroObject is { } known)
        {
            return known;
        }

        var result = new JsonObject();
        if (zeroValueFields is not null)
        {
            foreach (var name in zeroValueFields.Value)
            {
                var field = Field(name);
                result[name] = field is { Kind: SchemaKind.Struct, IsAtomic: false } ? field.ZeroObject().DeepClone() : null;
            }
        }

        zeroObject = result;
        return result;
    }

    private static FieldSchema StructOf(Type type) => Structs.GetOrAdd(type, t => new FieldSchema(SchemaKind.Struct, t)
    {
        IsAtomic = FieldSemanticsTable.AtomicStructs.Contains(t),
    });

    private static FrozenDictionary<string, FieldSchema> BuildFields(Type model)
    {
        var result = new Dictionary<string, FieldSchema>(StringComparer.Ordinal);
        foreach (var (jsonName, property) in ModelTypeShape.JsonProperties(model))
        {
            var declaring = property.DeclaringType ?? model;
            result[jsonName] = ForProperty(declaring, jsonName, property.PropertyType);
        }

        return result.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static FrozenSet<string> ZeroValueFieldsOf(Type model)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (jsonName, property) in ModelTypeShape.JsonProperties(model))
        {
            // Top-level objects: metadata, spec and status are struct values in every Go kind.
            var topLevel = typeof(k8s.IKubernetesObject).IsAssignableFrom(model) && jsonName is "metadata" or "spec" or "status";
            if (topLevel || FieldSemanticsTable.ZeroValueFields.Contains((property.DeclaringType ?? model, jsonName)))
            {
                names.Add(jsonName);
            }
        }

        return names.ToFrozenSet(StringComparer.Ordinal);
    }

    private static FieldSchema ForProperty(Type declaring, string jsonName, Type propertyType)
    {
        var type = ModelTypeShape.WithoutNullable(propertyType);
        if (ModelTypeShape.DictionaryValueType(type) is { } valueType)
        {
            return new FieldSchema(SchemaKind.Map, type)
            {
                Element = ForValue(valueType),
                IsAtomic = FieldSemanticsTable.AtomicMaps.Contains((declaring, jsonName)),
            };
        }

        if (ModelTypeShape.ListElementType(type) is { } elementType)
        {
            if (FieldSemanticsTable.MapLists.TryGetValue((declaring, jsonName), out var keys))
            {
                return new FieldSchema(SchemaKind.List, type) { ListType = ListType.Map, Keys = keys, Element = ForValue(elementType) };
            }

            return FieldSemanticsTable.SetLists.Contains((declaring, jsonName))
                ? new FieldSchema(SchemaKind.List, type) { ListType = ListType.Set, Element = ScalarSchema }
                : new FieldSchema(SchemaKind.List, type) { ListType = ListType.Atomic, IsAtomic = true, Element = ForValue(elementType) };
        }

        if (FieldSemanticsTable.GranularFields.Contains((declaring, jsonName)) && ModelTypeShape.IsModel(type))
        {
            // The field overrides its type's atomicity (PersistentVolume's claimRef, an ObjectReference): not the
            // shared per-type schema, which stays atomic for every other ObjectReference.
            return new FieldSchema(SchemaKind.Struct, type);
        }

        return ForValue(type);
    }

    private static FieldSchema ForValue(Type type)
    {
        type = ModelTypeShape.WithoutNullable(type);
        if (ModelTypeShape.DictionaryValueType(type) is { } valueType)
        {
            return new FieldSchema(SchemaKind.Map, type) { Element = ForValue(valueType) };
        }

        if (ModelTypeShape.ListElementType(type) is { } elementType)
        {
            return new FieldSchema(SchemaKind.List, type) { ListType = ListType.Atomic, IsAtomic = true, Element = ForValue(elementType) };
        }

        return ModelTypeShape.IsModel(type) ? StructOf(type) : ScalarSchema;
    }
}
