using System.Reflection;
using System.Text.Json.Serialization;

namespace Skiff.Api.Models;

/// <summary>
/// How a k8s.Models CLR type serializes, read by reflection: map (string-keyed dictionary), list, model class or leaf.
/// Strict field validation, strategic merge patch and server-side apply each build their own cached schema on top.
/// </summary>
internal static class ModelTypeShape
{
    /// <summary>T for T?; any other type unchanged.</summary>
    public static Type WithoutNullable(Type type) => Nullable.GetUnderlyingType(type) ?? type;

    /// <summary>
    /// TValue when <paramref name="type"/> is or implements IDictionary&lt;string, TValue&gt; or
    /// IReadOnlyDictionary&lt;string, TValue&gt;; null otherwise.
    /// </summary>
    /// <remarks>
    /// Every map property of k8s.Models is declared IDictionary&lt;string, T&gt;, and Dictionary&lt;string, T&gt;
    /// implements both interfaces with the same T, so accepting the read-only interface too changes nothing for them.
    /// (Checked once over every public type of the KubernetesClient assembly and every type its model properties reach.)
    /// Server-side apply's copy used to accept IDictionary only; strict validation and strategic merge patch both.
    /// </remarks>
    public static Type? DictionaryValueType(Type type)
    {
        foreach (var candidate in SelfAndInterfaces(type))
        {
            if (candidate.IsGenericType
                && (candidate.GetGenericTypeDefinition() == typeof(IDictionary<,>)
                    || candidate.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>))
                && candidate.GetGenericArguments()[0] == typeof(string))
            {
                return candidate.GetGenericArguments()[1];
            }
        }

        return null;
    }

    /// <summary>
    /// T when <paramref name="type"/> is a T[] or implements IEnumerable&lt;T&gt;; null for maps and for strings and
    /// byte[], which serialize as JSON strings although they are enumerable.
    /// </summary>
    public static Type? ListElementType(Type type)
    {
        if (type == typeof(string) || type == typeof(byte[]) || DictionaryValueType(type) is not null)
        {
            return null;
        }

        if (type.IsArray)
        {
            return type.GetElementType();
        }

        foreach (var candidate in SelfAndInterfaces(type))
        {
            if (candidate.IsGenericType && candidate.GetGenericTypeDefinition() == typeof(IEnumerable<>))
            {
                return candidate.GetGenericArguments()[0];
            }
        }

        return null;
    }

    /// <summary>
    /// Whether <paramref name="type"/> is a model class serialized field by field: a class with at least one
    /// [JsonPropertyName] property and no converter of its own (IntOrString and Quantity have one: they are leaves).
    /// </summary>
    public static bool IsModel(Type type) =>
        type.IsClass
        && type != typeof(string)
        && type.GetCustomAttribute<JsonConverterAttribute>() is null
        && JsonProperties(type).Any();

    /// <summary>The public instance properties of <paramref name="model"/> that carry a [JsonPropertyName], with that name.</summary>
    public static IEnumerable<(string JsonName, PropertyInfo Property)> JsonProperties(Type model)
    {
        foreach (var property in model.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name is { } jsonName)
            {
                yield return (jsonName, property);
            }
        }
    }

    private static IEnumerable<Type> SelfAndInterfaces(Type type) => type.GetInterfaces().Prepend(type);
}
