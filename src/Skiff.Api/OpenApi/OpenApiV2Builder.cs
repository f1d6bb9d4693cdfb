using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Skiff.Api.OpenApi;

/// <summary>
/// The Swagger 2.0 document of <c>GET /openapi/v2</c>, in JSON and in the gnostic protobuf form client-go asks for
/// (kubectl explain --output=plaintext-openapiv2, and kubectl's fallbacks when v3 is missing). It is derived from the
/// v3 documents: one definitions section for every group/version, paths with body parameters, and upstream's v2 forms
/// of IntOrString and Quantity. Built on the first request and kept.
/// </summary>
public sealed class OpenApiV2Builder
{
    private const string V3RefPrefix = "#/components/schemas/";
    private const string V2RefPrefix = "#/definitions/";

    private readonly OpenApiV3Builder v3;
    private readonly Lazy<(byte[] Json, byte[] Protobuf, string Hash)> built;

    public OpenApiV2Builder(OpenApiV3Builder v3)
    {
        ArgumentNullException.ThrowIfNull(v3);
        this.v3 = v3;
        built = new Lazy<(byte[], byte[], string)>(Build, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The document in JSON.</summary>
    public byte[] Json() => built.Value.Json;

    /// <summary>The document as a gnostic <c>openapi.v2.Document</c> message.</summary>
    public byte[] Protobuf() => built.Value.Protobuf;

    /// <summary>Upper-case hex SHA-512 of the JSON document, the ETag of both forms (as upstream's v2 handler).</summary>
    public string Hash() => built.Value.Hash;

    private (byte[], byte[], string) Build()
    {
        var definitions = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        var paths = new JsonObject();
        foreach (var key in v3.PathKeys)
        {
            var document = JsonNode.Parse(v3.GroupVersionJson(key)!)!.AsObject();
            foreach (var (path, item) in document["paths"]!.AsObject())
            {
                paths[path] = PathItem(item!.AsObject());
            }

            foreach (var (name, schema) in document["components"]!["schemas"]!.AsObject())
            {
                var converted = Definition(name, schema!.AsObject());
                if (definitions.TryGetValue(name, out var existing))
                {
                    MergeKinds(existing, converted);
                }
                else
                {
                    definitions[name] = converted;
                }
            }
        }

        var definitionsObject = new JsonObject();
        foreach (var (name, schema) in definitions)
        {
            definitionsObject[name] = schema;
        }

        var v2 = new JsonObject
        {
            ["swagger"] = "2.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = "unversioned" },
            ["paths"] = paths,
            ["definitions"] = definitionsObject,
            ["securityDefinitions"] = new JsonObject
            {
                ["BearerToken"] = new JsonObject
                {
                    ["description"] = "Bearer Token authentication",
                    ["in"] = "header",
                    ["name"] = "authorization",
                    ["type"] = "apiKey",
                },
            },
            ["security"] = new JsonArray(new JsonObject { ["BearerToken"] = new JsonArray() }),
        };
        var json = JsonSerializer.SerializeToUtf8Bytes(v2);
        var protobuf = OpenApiV2Protobuf.Write(v2);

        // As after the v3 build: the parsed v3 documents and the v2 tree are garbage now; return that memory once.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        return (json, protobuf, Convert.ToHexString(SHA512.HashData(json)));
    }

    // Meta kinds (DeleteOptions, WatchEvent) already list every served group/version in each v3 document; the union
    // keeps the single v2 definition complete should the documents ever differ.
    private static void MergeKinds(JsonObject existing, JsonObject other)
    {
        const string Gvk = "x-kubernetes-group-version-kind";
        if (existing[Gvk] is not JsonArray kinds || other[Gvk] is not JsonArray more)
        {
            return;
        }

        foreach (var kind in more)
        {
            if (!kinds.Any(k => JsonNode.DeepEquals(k, kind)))
            {
                kinds.Add(kind!.DeepClone());
            }
        }
    }

    private static JsonObject Definition(string name, JsonObject schema)
    {
        // v2 has no oneOf: upstream publishes these two as plain strings there.
        if (name == ModelSchemaNames.IntOrStringName)
        {
            return new JsonObject { ["description"] = schema["description"]?.DeepClone(), ["format"] = "int-or-string", ["type"] = "string" };
        }

        if (name == ModelSchemaNames.QuantityName)
        {
            return new JsonObject { ["description"] = schema["description"]?.DeepClone(), ["type"] = "string" };
        }

        return Schema(schema);
    }

    /// <summary>
    /// A v3 schema in v2 form: refs point into definitions, and the allOf wrapper around a single ref becomes the ref
    /// itself with its description beside it (v2 readers take siblings of $ref). Upstream's v2 document carries no
    /// defaults at all (kube-openapi drops them there), so neither does this one.
    /// </summary>
    private static JsonObject Schema(JsonObject schema)
    {
        if (schema["allOf"] is JsonArray { Count: 1 } allOf && allOf[0] is JsonObject single && single["$ref"] is not null)
        {
            var reference = new JsonObject { ["$ref"] = Ref(single) };
            if (schema["description"] is { } description)
            {
                reference["description"] = description.DeepClone();
            }

            foreach (var (key, value) in schema.Where(p => p.Key.StartsWith("x-", StringComparison.Ordinal)))
            {
                reference[key] = value?.DeepClone();
            }

            return reference;
        }

        var converted = new JsonObject();
        foreach (var (key, value) in schema.Where(p => p.Key != "default"))
        {
            converted[key] = key switch
            {
                "$ref" => Ref(schema),
                "items" or "additionalProperties" when value is JsonObject nested => Schema(nested),
                "properties" => Properties(value!.AsObject()),
                _ => value?.DeepClone(),
            };
        }

        return converted;
    }

    private static JsonObject Properties(JsonObject properties)
    {
        var converted = new JsonObject();
        foreach (var (name, property) in properties)
        {
            converted[name] = Schema(property!.AsObject());
        }

        return converted;
    }

    private static string Ref(JsonObject schema)
    {
        var reference = (string)schema["$ref"]!;
        return reference.StartsWith(V3RefPrefix, StringComparison.Ordinal) ? V2RefPrefix + reference[V3RefPrefix.Length..] : reference;
    }

    private static JsonObject PathItem(JsonObject item)
    {
        var converted = new JsonObject();
        foreach (var (key, value) in item)
        {
            converted[key] = key == "parameters" ? Parameters(value!.AsArray()) : Operation(value!.AsObject());
        }

        return converted;
    }

    private static JsonArray Parameters(JsonArray parameters) =>
        new([.. parameters.Select(p => (JsonNode)Parameter(p!.AsObject()))]);

    // v3 {name, in, description, required, schema: {type, uniqueItems}} → v2 {description, in, name, required, type, uniqueItems}.
    private static JsonObject Parameter(JsonObject parameter)
    {
        var converted = new JsonObject
        {
            ["description"] = parameter["description"]?.DeepClone(),
            ["in"] = parameter["in"]?.DeepClone(),
            ["name"] = parameter["name"]?.DeepClone(),
        };
        if (parameter["required"] is { } required)
        {
            converted["required"] = required.DeepClone();
        }

        converted["type"] = parameter["schema"]?["type"]?.DeepClone();
        if (parameter["schema"]?["uniqueItems"] is { } unique)
        {
            converted["uniqueItems"] = unique.DeepClone();
        }

        return converted;
    }

    private static JsonObject Operation(JsonObject operation)
    {
        var converted = new JsonObject();
        var parameters = new JsonArray();
        if (operation["requestBody"] is JsonObject body)
        {
            var content = body["content"]!.AsObject();
            parameters.Add(new JsonObject
            {
                ["in"] = "body",
                ["name"] = "body",
                ["required"] = true,
                ["schema"] = Schema(content.First().Value!["schema"]!.AsObject()),
            });
            converted["consumes"] = new JsonArray([.. content.Select(c => (JsonNode)JsonValue.Create(c.Key))]);
        }

        if (operation["parameters"] is JsonArray query)
        {
            foreach (var parameter in query)
            {
                parameters.Add(Parameter(parameter!.AsObject()));
            }
        }

        var produces = new List<string>();
        var responses = new JsonObject();
        foreach (var (code, response) in operation["responses"]!.AsObject())
        {
            var entry = new JsonObject { ["description"] = response!["description"]?.DeepClone() };
            if (response["content"] is JsonObject content)
            {
                produces.AddRange(content.Select(c => c.Key).Where(c => !produces.Contains(c)));
                entry["schema"] = Schema(content.First().Value!["schema"]!.AsObject());
            }

            responses[code] = entry;
        }

        converted["description"] = operation["description"]?.DeepClone();
        converted["operationId"] = operation["operationId"]?.DeepClone();
        if (parameters.Count > 0)
        {
            converted["parameters"] = parameters;
        }

        converted["produces"] = new JsonArray([.. produces.Select(p => (JsonNode)JsonValue.Create(p))]);
        converted["responses"] = responses;
        converted["schemes"] = new JsonArray("https");
        converted["tags"] = operation["tags"]?.DeepClone();
        foreach (var (key, value) in operation.Where(p => p.Key.StartsWith("x-", StringComparison.Ordinal)))
        {
            converted[key] = value?.DeepClone();
        }

        return converted;
    }
}
