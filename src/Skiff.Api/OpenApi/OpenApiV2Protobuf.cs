using System.Text.Json.Nodes;
using Skiff.Api.Protobuf;

namespace Skiff.Api.OpenApi;

/// <summary>
/// Encodes a Swagger 2.0 JSON document as gnostic's <c>openapi.v2.Document</c> (github.com/google/gnostic
/// openapiv2/OpenAPIv2.proto), the body of <c>GET /openapi/v2</c> for
/// <c>Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf</c>. Only the parts Skiff's document uses
/// are written. Vendor extensions and defaults are <c>Any{yaml}</c>; their JSON text is valid YAML, which is how
/// kube-openapi's reader decodes them.
/// </summary>
internal static class OpenApiV2Protobuf
{
    public static byte[] Write(JsonObject document)
    {
        // ProtoWriter fills its buffer back to front: every message writes its highest field first, and repeated
        // fields go in reverse so they read forwards.
        var w = new ProtoWriter(1 << 20);
        Nested(w, 13, () => SecurityDefinitions(w, document["securityDefinitions"] as JsonObject));
        foreach (var requirement in Reversed(document["security"] as JsonArray))
        {
            Nested(w, 12, () => SecurityRequirement(w, requirement!.AsObject()));
        }

        Nested(w, 9, () => NamedSchemas(w, 1, document["definitions"] as JsonObject));
        Nested(w, 8, () => Paths(w, document["paths"] as JsonObject));
        Nested(w, 2, () =>
        {
            String(w, 2, (string?)document["info"]?["version"]);
            String(w, 1, (string?)document["info"]?["title"]);
        });
        String(w, 1, (string?)document["swagger"]);
        return w.ToArray();
    }

    private static void Paths(ProtoWriter w, JsonObject? paths)
    {
        foreach (var (path, item) in Reversed(paths))
        {
            Nested(w, 2, () =>
            {
                Nested(w, 2, () => PathItem(w, item!.AsObject()));
                String(w, 1, path);
            });
        }
    }

    private static void PathItem(ProtoWriter w, JsonObject item)
    {
        foreach (var parameter in Reversed(item["parameters"] as JsonArray))
        {
            Nested(w, 9, () => ParametersItem(w, parameter!.AsObject()));
        }

        foreach (var (verb, field) in new[] { ("patch", 8), ("delete", 5), ("post", 4), ("put", 3), ("get", 2) })
        {
            if (item[verb] is JsonObject operation)
            {
                Nested(w, field, () => Operation(w, operation));
            }
        }
    }

    private static void Operation(ProtoWriter w, JsonObject operation)
    {
        VendorExtensions(w, 13, operation);
        Strings(w, 10, operation["schemes"] as JsonArray);
        Nested(w, 9, () =>
        {
            foreach (var (code, response) in Reversed(operation["responses"] as JsonObject))
            {
                // NamedResponseValue{name, value: ResponseValue{response: Response{description, schema: SchemaItem{schema}}}}
                Nested(w, 1, () =>
                {
                    Nested(w, 2, () => Nested(w, 1, () =>
                    {
                        if (response?["schema"] is JsonObject schema)
                        {
                            Nested(w, 2, () => Nested(w, 1, () => Schema(w, schema)));
                        }

                        String(w, 1, (string?)response?["description"]);
                    }));
                    String(w, 1, code);
                });
            }
        });
        foreach (var parameter in Reversed(operation["parameters"] as JsonArray))
        {
            Nested(w, 8, () => ParametersItem(w, parameter!.AsObject()));
        }

        Strings(w, 7, operation["consumes"] as JsonArray);
        Strings(w, 6, operation["produces"] as JsonArray);
        String(w, 5, (string?)operation["operationId"]);
        String(w, 3, (string?)operation["description"]);
        Strings(w, 1, operation["tags"] as JsonArray);
    }

    // ParametersItem{parameter: Parameter{body_parameter | non_body_parameter{query | path sub-schema}}}.
    private static void ParametersItem(ProtoWriter w, JsonObject parameter) => Nested(w, 1, () =>
    {
        var location = (string?)parameter["in"];
        if (location == "body")
        {
            Nested(w, 1, () =>
            {
                if (parameter["schema"] is JsonObject schema)
                {
                    Nested(w, 5, () => Schema(w, schema));
                }

                Bool(w, 4, (bool?)parameter["required"] ?? false);
                String(w, 3, location);
                String(w, 2, (string?)parameter["name"]);
                String(w, 1, (string?)parameter["description"]);
            });
            return;
        }

        var isPath = location == "path";
        Nested(w, 2, () => Nested(w, isPath ? 4 : 3, () =>
        {
            // The sub-schemas number their fields alike up to name (4); type and uniqueItems sit one further in the
            // query form, after its allow_empty_value (5).
            Bool(w, isPath ? 19 : 20, (bool?)parameter["uniqueItems"] ?? false);
            String(w, isPath ? 5 : 6, (string?)parameter["type"]);
            String(w, 4, (string?)parameter["name"]);
            String(w, 3, (string?)parameter["description"]);
            String(w, 2, location);
            Bool(w, 1, (bool?)parameter["required"] ?? false);
        }));
    });

    private static void Schema(ProtoWriter w, JsonObject schema)
    {
        VendorExtensions(w, 31, schema);
        if (schema["properties"] is JsonObject properties)
        {
            Nested(w, 25, () => NamedSchemas(w, 1, properties));
        }

        if (schema["items"] is JsonObject items)
        {
            Nested(w, 23, () => Nested(w, 1, () => Schema(w, items)));
        }

        if ((string?)schema["type"] is { } type)
        {
            Nested(w, 22, () => StringAlways(w, 1, type));
        }

        if (schema["additionalProperties"] is JsonObject additional)
        {
            Nested(w, 21, () => Nested(w, 1, () => Schema(w, additional)));
        }

        Strings(w, 19, schema["required"] as JsonArray);
        Bool(w, 16, (bool?)schema["uniqueItems"] ?? false);
        if (schema["default"] is { } defaultValue)
        {
            Nested(w, 5, () => String(w, 2, defaultValue.ToJsonString()));
        }

        String(w, 4, (string?)schema["description"]);
        String(w, 2, (string?)schema["format"]);
        String(w, 1, (string?)schema["$ref"]);
    }

    private static void NamedSchemas(ProtoWriter w, int field, JsonObject? schemas)
    {
        foreach (var (name, schema) in Reversed(schemas))
        {
            Nested(w, field, () =>
            {
                Nested(w, 2, () => Schema(w, schema!.AsObject()));
                String(w, 1, name);
            });
        }
    }

    private static void VendorExtensions(ProtoWriter w, int field, JsonObject node)
    {
        foreach (var (name, value) in Reversed(node).Where(p => p.Key.StartsWith("x-", StringComparison.Ordinal)))
        {
            // NamedAny{name, value: Any{yaml}}
            Nested(w, field, () =>
            {
                Nested(w, 2, () => String(w, 2, value?.ToJsonString() ?? "null"));
                String(w, 1, name);
            });
        }
    }

    private static void SecurityDefinitions(ProtoWriter w, JsonObject? definitions)
    {
        foreach (var (name, definition) in Reversed(definitions))
        {
            // NamedSecurityDefinitionsItem{name, value: SecurityDefinitionsItem{api_key_security: ApiKeySecurity}}
            Nested(w, 1, () =>
            {
                Nested(w, 2, () => Nested(w, 2, () =>
                {
                    String(w, 4, (string?)definition?["description"]);
                    String(w, 3, (string?)definition?["in"]);
                    String(w, 2, (string?)definition?["name"]);
                    String(w, 1, (string?)definition?["type"]);
                }));
                String(w, 1, name);
            });
        }
    }

    private static void SecurityRequirement(ProtoWriter w, JsonObject requirement)
    {
        foreach (var (name, scopes) in Reversed(requirement))
        {
            // NamedStringArray{name, value: StringArray{value}}
            Nested(w, 1, () =>
            {
                Nested(w, 2, () => Strings(w, 1, scopes as JsonArray));
                String(w, 1, name);
            });
        }
    }

    private static void Nested(ProtoWriter w, int field, Action body)
    {
        var mark = w.Length;
        body();
        w.PrependLengthAndKey(mark, field);
    }

    // proto3: an empty string is the default and is not written.
    private static void String(ProtoWriter w, int field, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            StringAlways(w, field, value);
        }
    }

    private static void StringAlways(ProtoWriter w, int field, string value)
    {
        var mark = w.Length;
        w.PrependString(value);
        w.PrependLengthAndKey(mark, field);
    }

    private static void Strings(ProtoWriter w, int field, JsonArray? values)
    {
        foreach (var value in Reversed(values))
        {
            StringAlways(w, field, (string?)value ?? string.Empty);
        }
    }

    private static void Bool(ProtoWriter w, int field, bool value)
    {
        if (value)
        {
            w.PrependVarint(1);
            w.PrependKey(field, ProtoWireType.Varint);
        }
    }

    private static IEnumerable<JsonNode?> Reversed(JsonArray? array) => array is null ? [] : Enumerable.Reverse(array);

    private static IEnumerable<KeyValuePair<string, JsonNode?>> Reversed(JsonObject? node) => node is null ? [] : Enumerable.Reverse(node);
}
