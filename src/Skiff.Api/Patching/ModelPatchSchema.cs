using System.Collections.Concurrent;
using System.Collections.Frozen;
using Skiff.Api.Models;

namespace Skiff.Api.Patching;

/// <summary>
/// What strategic merge patch needs to know about one k8s.Models class (or string-keyed dictionary): for each JSON field,
/// the schema of its value (of its elements, for lists) and its patch strategy from <see cref="PatchStrategyTable"/>.
/// A null schema means "unknown or leaf": such values merge like JSON merge patch.
/// </summary>
internal sealed class ModelPatchSchema
{
    // Memoizes a pure function of Type, so sharing it process-wide is not observable state; building the field maps
    // lazily keeps recursive model graphs (JSONSchemaProps) finite.
    private static readonly ConcurrentDictionary<Type, ModelPatchSchema?> Cache = new();

    private readonly Type type;
    private readonly Lazy<FrozenDictionary<string, Field>>? fields;
    private readonly ModelPatchSchema? dictionaryValue;

    private ModelPatchSchema(Type type, Lazy<FrozenDictionary<string, Field>>? fields, ModelPatchSchema? dictionaryValue)
    {
        this.type = type;
        this.fields = fields;
        this.dictionaryValue = dictionaryValue;
    }

    /// <summary>Name used in error messages.</summary>
    public string Name => type.Name;

    /// <summary>The schema of a model class or dictionary type; null for leaves (strings, numbers, quantities, ...).</summary>
    public static ModelPatchSchema? For(Type type) => Cache.GetOrAdd(type, Create);

    /// <summary>The schema of a value of <paramref name="type"/>: the element schema for list types.</summary>
    public static ModelPatchSchema? ForValue(Type type)
    {
        var underlying = ModelTypeShape.WithoutNullable(type);
        var element = ModelTypeShape.ListElementType(underlying);
        return element is null ? For(underlying) : ForValue(element);
    }

    /// <summary>Schema and strategy of the JSON field <paramref name="jsonField"/>; both null when the field is unknown.</summary>
    public Field Lookup(string jsonField)
    {
        if (fields is not null)
        {
            return fields.Value.TryGetValue(jsonField, out var field) ? field : default;
        }

        return new Field(dictionaryValue, null);
    }

    private static ModelPatchSchema? Create(Type type)
    {
        var underlying = ModelTypeShape.WithoutNullable(type);
        var dictionaryValueType = ModelTypeShape.DictionaryValueType(underlying);
        if (dictionaryValueType is not null)
        {
            return new ModelPatchSchema(underlying, null, ForValue(dictionaryValueType));
        }

        if (!ModelTypeShape.IsModel(underlying))
        {
            return null;
        }

        return new ModelPatchSchema(
            underlying,
            new Lazy<FrozenDictionary<string, Field>>(() => BuildFields(underlying), LazyThreadSafetyMode.ExecutionAndPublication),
            null);
    }

    private static FrozenDictionary<string, Field> BuildFields(Type model)
    {
        var result = new Dictionary<string, Field>(StringComparer.Ordinal);
        foreach (var (jsonName, property) in ModelTypeShape.JsonProperties(model))
        {
            // Generated models declare every property on the class itself; DeclaringType still keeps lookups exact.
            var declaringType = property.DeclaringType ?? model;
            result[jsonName] = new Field(ForValue(property.PropertyType), PatchStrategyTable.Find(declaringType, jsonName));
        }

        return result.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>Schema of a field's value (element schema for lists) and its patch strategy, if any.</summary>
    internal readonly record struct Field(ModelPatchSchema? Schema, PatchFieldStrategy? Strategy);
}
