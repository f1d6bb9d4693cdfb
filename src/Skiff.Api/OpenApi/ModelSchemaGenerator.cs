using Skiff.Api.Patching;
using System.Text.Json.Nodes;
using k8s.Models;

namespace Skiff.Api.OpenApi;

/// <summary>
/// Builds OpenAPI 3.0 component schemas for k8s.Models classes by reflection: JSON property names, scalar types,
/// arrays and maps, nested objects as references to their own schema, patch markers, and the group/version/kind
/// extension on kinds. Descriptions (from the package's XML docs) are left for later.
/// </summary>
internal sealed class ModelSchemaGenerator(ModelSchemaNames names)
{
    private const string RefPrefix = "#/components/schemas/";

    /// <summary>Schemas for the given roots and everything they reference, keyed and ordered by definition name.</summary>
    public SortedDictionary<string, JsonObject> Generate(IEnumerable<Type> roots, IReadOnlyDictionary<Type, JsonArray> kindExtensions)
    {
        var schemas = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        var pending = new Queue<Type>(roots);
        var seen = new HashSet<Type>();
        while (pending.Count > 0)
        {
            var type = pending.Dequeue();
            if (!seen.Add(type) || names.NameOf(type) is not { } name)
            {
                continue;
            }

            var properties = new JsonObject();
            foreach (var (jsonName, propertyType) in ModelSchemaNames.Properties(type).OrderBy(p => p.JsonName, StringComparer.Ordinal))
            {
                var property = PropertySchema(propertyType, pending);
                if (PatchStrategyTable.Find(type, jsonName) is { } patch)
                {
                    if (patch.MergeKey is not null)
                    {
                        property["x-kubernetes-patch-merge-key"] = patch.MergeKey;
                    }

                    property["x-kubernetes-patch-strategy"] = patch.Strategy;
                }

                properties[jsonName] = property;
            }

            var schema = new JsonObject { ["type"] = "object", ["properties"] = properties };
            if (kindExtensions.TryGetValue(type, out var gvk))
            {
                schema["x-kubernetes-group-version-kind"] = gvk.DeepClone();
            }

            schemas[name] = schema;
        }

        return schemas;
    }

    /// <summary>A reference to a definition, in the allOf form upstream uses so siblings such as descriptions stay valid.</summary>
    public static JsonObject Reference(string definitionName) => new()
    {
        ["allOf"] = new JsonArray(new JsonObject { ["$ref"] = RefPrefix + definitionName }),
    };

    /// <summary>A plain $ref, as used in request and response bodies.</summary>
    public static JsonObject PlainReference(string definitionName) => new() { ["$ref"] = RefPrefix + definitionName };

    /// <summary>The scalar definitions every document carries alongside the generated ones.</summary>
    public static IEnumerable<(string Name, JsonObject Schema)> ScalarDefinitions() =>
    [
        (ModelSchemaNames.TimeName, new JsonObject { ["type"] = "string", ["format"] = "date-time" }),
        (ModelSchemaNames.QuantityName, new JsonObject { ["type"] = "string" }),
        (ModelSchemaNames.IntOrStringName, new JsonObject { ["type"] = "string", ["format"] = "int-or-string" }),
        (ModelSchemaNames.PatchName, new JsonObject
        {
            ["description"] = "Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.",
            ["type"] = "object",
        }),
    ];

    private JsonObject PropertySchema(Type type, Queue<Type> pending)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return new JsonObject { ["type"] = "string" };
        }

        if (type == typeof(bool))
        {
            return new JsonObject { ["type"] = "boolean" };
        }

        if (type == typeof(int))
        {
            return new JsonObject { ["type"] = "integer", ["format"] = "int32" };
        }

        if (type == typeof(long))
        {
            return new JsonObject { ["type"] = "integer", ["format"] = "int64" };
        }

        if (type == typeof(double) || type == typeof(float))
        {
            return new JsonObject { ["type"] = "number", ["format"] = "double" };
        }

        if (type == typeof(byte[]))
        {
            return new JsonObject { ["type"] = "string", ["format"] = "byte" };
        }

        if (type == typeof(DateTime) || type == typeof(DateTimeOffset))
        {
            return Reference(ModelSchemaNames.TimeName);
        }

        if (type == typeof(ResourceQuantity))
        {
            return Reference(ModelSchemaNames.QuantityName);
        }

        if (type == typeof(IntOrString))
        {
            return Reference(ModelSchemaNames.IntOrStringName);
        }

        if (type.IsGenericType && type.GetGenericArguments() is [var key, var value] && key == typeof(string))
        {
            return new JsonObject { ["type"] = "object", ["additionalProperties"] = PropertySchema(value, pending) };
        }

        if (type.IsGenericType && type.GetGenericArguments() is [var item] && type != typeof(string))
        {
            return new JsonObject { ["type"] = "array", ["items"] = PropertySchema(item, pending) };
        }

        if (ModelSchemaNames.IsModel(type) && names.NameOf(type) is { } name)
        {
            pending.Enqueue(type);
            return Reference(name);
        }

        // object-typed members (RawExtension, FieldsV1, WatchEvent.object) hold arbitrary JSON.
        return new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true };
    }
}
