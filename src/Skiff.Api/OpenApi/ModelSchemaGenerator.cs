using Skiff.Api.Patching;
using System.Text.Json.Nodes;
using k8s.Models;

namespace Skiff.Api.OpenApi;

/// <summary>
/// Builds OpenAPI 3.0 component schemas for k8s.Models classes by reflection, in the shape kube-apiserver publishes
/// them: JSON property names, scalar types and formats, arrays and maps, nested objects as allOf references,
/// descriptions from the package's XML documentation, required lists, the defaults upstream's generator derives,
/// patch markers, server-side apply's list and map types, and the group/version/kind extension on kinds.
/// </summary>
internal sealed class ModelSchemaGenerator(ModelSchemaNames names, ModelDocumentation documentation)
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

            schemas[name] = ObjectSchema(type, pending, kindExtensions.GetValueOrDefault(type));
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

    /// <summary>The definitions of upstream's hand-written types, which every document carries alongside the generated ones.</summary>
    public static IEnumerable<(string Name, JsonObject Schema)> ScalarDefinitions() =>
    [
        (ModelSchemaNames.TimeName, new JsonObject
        {
            ["description"] = "Time is a wrapper around time.Time which supports correct marshaling to YAML and JSON.  Wrappers are provided for many of the factory methods that the time package offers.",
            ["format"] = "date-time",
            ["type"] = "string",
        }),
        (ModelSchemaNames.MicroTimeName, new JsonObject
        {
            ["description"] = "MicroTime is version of Time with microsecond level precision.",
            ["format"] = "date-time",
            ["type"] = "string",
        }),
        (ModelSchemaNames.QuantityName, new JsonObject
        {
            ["description"] = "Quantity is a fixed-point representation of a number. It provides convenient marshaling/unmarshaling in JSON and YAML, in addition to String() and AsInt64() accessors.",
            ["oneOf"] = new JsonArray(new JsonObject { ["type"] = "string" }, new JsonObject { ["type"] = "number" }),
        }),
        (ModelSchemaNames.IntOrStringName, new JsonObject
        {
            ["description"] = "IntOrString is a type that can hold an int32 or a string.  When used in JSON or YAML marshalling and unmarshalling, it produces or consumes the inner type.  This allows you to have, for example, a JSON field that can accept a name or number.",
            ["format"] = "int-or-string",
            ["oneOf"] = new JsonArray(new JsonObject { ["type"] = "integer" }, new JsonObject { ["type"] = "string" }),
        }),
        (ModelSchemaNames.RawExtensionName, new JsonObject
        {
            ["description"] = "RawExtension is used to hold extensions in external versions.",
            ["type"] = "object",
        }),
        (ModelSchemaNames.FieldsV1Name, new JsonObject
        {
            ["description"] = "FieldsV1 stores a set of fields in a data structure like a Trie, in JSON format.\n\nEach key is either a '.' representing the field itself, and will always map to an empty set, or a string representing a sub-field or item. The string will follow one of these four formats: 'f:<name>', where <name> is the name of a field in a struct, or key in a map 'v:<value>', where <value> is the exact json formatted value of a list item 'i:<index>', where <index> is position of a item in a list 'k:<keys>', where <keys> is a map of  a list item's key fields to their unique values If a key maps to an empty Fields value, the field that key represents is part of the set.\n\nThe exact format is defined in sigs.k8s.io/structured-merge-diff",
            ["type"] = "object",
        }),
        (ModelSchemaNames.PatchName, new JsonObject
        {
            ["description"] = "Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.",
            ["type"] = "object",
        }),
    ];

    private JsonObject ObjectSchema(Type type, Queue<Type> pending, JsonArray? gvk)
    {
        var properties = new JsonObject();
        var required = new JsonArray();
        foreach (var (jsonName, propertyType, clrName) in ModelSchemaNames.Properties(type).OrderBy(p => p.JsonName, StringComparer.Ordinal))
        {
            var isRequired = RequiredFieldTable.IsRequired(type, jsonName, propertyType);
            var property = propertyType == typeof(object)
                ? Reference(jsonName == "fieldsV1" ? ModelSchemaNames.FieldsV1Name : ModelSchemaNames.RawExtensionName)
                : UpstreamMarkerTable.IsMicroTime(type, jsonName) ? Reference(ModelSchemaNames.MicroTimeName)
                : PropertySchema(propertyType, pending);
            if (DefaultOf(type, jsonName, propertyType, isRequired) is { } defaultValue)
            {
                property["default"] = defaultValue;
            }

            if (documentation.Describe(type, clrName) is { } description)
            {
                property["description"] = description;
            }

            // Extensions in upstream's (alphabetical) order: list and map types, then the patch markers.
            ServerSideApplyMarkers.AddToProperty(property, type, jsonName);
            if (PatchStrategyTable.Find(type, jsonName) is { } patch)
            {
                if (patch.MergeKey is not null)
                {
                    property["x-kubernetes-patch-merge-key"] = patch.MergeKey;
                }

                property["x-kubernetes-patch-strategy"] = patch.Strategy;
            }

            properties[jsonName] = property;
            if (isRequired)
            {
                required.Add(jsonName);
            }
        }

        var schema = new JsonObject();
        if (documentation.Describe(type) is { } typeDescription)
        {
            schema["description"] = typeDescription;
        }

        schema["properties"] = properties;
        if (required.Count > 0)
        {
            schema["required"] = required;
        }

        schema["type"] = "object";
        if (gvk is not null)
        {
            schema["x-kubernetes-group-version-kind"] = gvk.DeepClone();
        }

        ServerSideApplyMarkers.AddToType(schema, type);

        if (UpstreamMarkerTable.Unions(type) is { } unions)
        {
            schema["x-kubernetes-unions"] = unions;
        }

        return schema;
    }

    // Upstream's generator (kube-openapi) publishes the zero value of a scalar field that is not omitempty (the
    // required scalars, and the few optional ones in DefaultValueTable), {} for every struct held by value (metadata,
    // spec, status, list items, and the fields in DefaultValueTable), nothing for pointers, maps, slices and types
    // with their own JSON decoding (Time, Quantity, IntOrString), and the +default markers.
    private static JsonNode? DefaultOf(Type model, string jsonName, Type propertyType, bool required)
    {
        if (DefaultValueTable.Find(model, jsonName) is { } listed)
        {
            return listed;
        }

        if (propertyType == typeof(V1ObjectMeta) || propertyType == typeof(V1ListMeta)
            || (jsonName is "spec" or "status" && ModelSchemaNames.IsModel(propertyType)))
        {
            return new JsonObject();
        }

        // A required int64 such as ControllerRevision.revision is still long? in the models.
        return required ? ZeroValue(Nullable.GetUnderlyingType(propertyType) ?? propertyType) : null;
    }

    private static JsonNode? ZeroValue(Type type) => type switch
    {
        _ when type == typeof(string) => "",
        _ when type == typeof(bool) => false,
        _ when type == typeof(int) || type == typeof(long) => 0,
        _ when type == typeof(double) => 0.0,
        _ => null,
    };

    // Elements of slices and maps are values: upstream publishes their zero value, {} for structs, "" or 0 for
    // scalars. A reference with nothing beside it is a plain $ref there (map[string]Quantity values).
    private static JsonObject ElementSchema(JsonObject element, Type elementType)
    {
        elementType = Nullable.GetUnderlyingType(elementType) ?? elementType;
        if (ModelSchemaNames.IsModel(elementType))
        {
            element["default"] = new JsonObject();
        }
        else if (ZeroValue(elementType) is { } zero)
        {
            element["default"] = zero;
        }

        if (element.Count == 1 && element["allOf"] is JsonArray { Count: 1 } allOf && allOf[0] is JsonObject reference)
        {
            return (JsonObject)reference.DeepClone();
        }

        return element;
    }

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
            return new JsonObject { ["format"] = "int32", ["type"] = "integer" };
        }

        if (type == typeof(long))
        {
            return new JsonObject { ["format"] = "int64", ["type"] = "integer" };
        }

        if (type == typeof(double) || type == typeof(float))
        {
            return new JsonObject { ["format"] = "double", ["type"] = "number" };
        }

        if (type == typeof(byte[]))
        {
            return new JsonObject { ["format"] = "byte", ["type"] = "string" };
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
            return new JsonObject { ["additionalProperties"] = ElementSchema(PropertySchema(value, pending), value), ["type"] = "object" };
        }

        if (type.IsGenericType && type.GetGenericArguments() is [var item] && type != typeof(string))
        {
            return new JsonObject { ["items"] = ElementSchema(PropertySchema(item, pending), item), ["type"] = "array" };
        }

        if (ModelSchemaNames.IsModel(type) && names.NameOf(type) is { } name)
        {
            pending.Enqueue(type);
            return Reference(name);
        }

        // Anything else holds arbitrary JSON.
        return new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true };
    }
}
