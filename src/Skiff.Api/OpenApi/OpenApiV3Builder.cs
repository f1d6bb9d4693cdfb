using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;
using Skiff.Api.Resources;

namespace Skiff.Api.OpenApi;

/// <summary>
/// Generates the OpenAPI v3 discovery index (<c>GET /openapi/v3</c>) and one OpenAPI 3.0 document per served
/// group/version from the resource registry: upstream's paths, operation ids, group/version/kind extensions and
/// parameters (kubectl looks for <c>fieldValidation</c> on patch to skip client-side validation), and component
/// schemas generated from the k8s.Models classes with upstream's descriptions. Nothing is built, and the
/// documentation file is not read, until a document is first asked for; the documents are then kept as UTF-8 bytes.
/// </summary>
public sealed class OpenApiV3Builder
{
    /// <summary>The documentation file's name, beside the assembly (Skiff.Api's build copies it there).</summary>
    public const string DocumentationFileName = "KubernetesClient.xml";

    private static readonly string[] PatchContentTypes =
        ["application/apply-patch+yaml", "application/json-patch+json", "application/merge-patch+json", "application/strategic-merge-patch+json"];

    private static readonly string[] ObjectContentTypes = ["application/json", "application/yaml", "application/vnd.kubernetes.protobuf"];

    private static readonly string[] ListContentTypes =
        [.. ObjectContentTypes, "application/json;stream=watch", "application/vnd.kubernetes.protobuf;stream=watch"];

    private readonly ResourceRegistry registry;
    private readonly Func<Stream?> openDocumentation;
    private readonly Lazy<Generated> generated;

    /// <param name="registry">The served kinds.</param>
    /// <param name="openDocumentation">Opens the KubernetesClient XML documentation, or returns null when it is missing
    /// (the documents then carry no descriptions). Called once, on the first request for a document.</param>
    public OpenApiV3Builder(ResourceRegistry registry, Func<Stream?>? openDocumentation = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        this.registry = registry;
        this.openDocumentation = openDocumentation ?? (() => null);
        generated = new Lazy<Generated>(Generate, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The index keys in registry order: "api/v1", "apis/apps/v1", …</summary>
    public IReadOnlyList<string> PathKeys => generated.Value.Keys;

    /// <summary>How many descriptions the documentation file gave (0 when it was missing).</summary>
    public int DescriptionCount => generated.Value.DescriptionCount;

    /// <summary>The body of <c>GET /openapi/v3</c>.</summary>
    public byte[] IndexJson() => generated.Value.Index;

    /// <summary>The document for "api/v1" or "apis/{group}/{version}", or null if that group/version is not served.</summary>
    public byte[]? GroupVersionJson(string pathKey) =>
        generated.Value.Documents.TryGetValue(pathKey.Trim('/'), out var document) ? document.Json : null;

    /// <summary>The hash in the index's serverRelativeURL (upper-case hex SHA-512 of the document, as upstream), usable as an ETag.</summary>
    public string? GroupVersionHash(string pathKey) =>
        generated.Value.Documents.TryGetValue(pathKey.Trim('/'), out var document) ? document.Hash : null;

    /// <summary>The index key of a group/version: "api/v1" for the core group, "apis/{group}/{version}" otherwise.</summary>
    public static string PathKeyOf(string group, string version) => group.Length == 0 ? $"api/{version}" : $"apis/{group}/{version}";

    private Generated Generate()
    {
        var documentation = LoadDocumentation();
        var names = new ModelSchemaNames(registry);
        var schemas = new ModelSchemaGenerator(names, documentation);
        var documents = new Dictionary<string, (byte[] Json, string Hash)>(StringComparer.Ordinal);
        var keys = new List<string>();
        var index = new JsonObject();
        foreach (var (group, version) in registry.GroupVersions)
        {
            var key = PathKeyOf(group, version);
            var json = JsonSerializer.SerializeToUtf8Bytes(GroupVersionDocument(group, version, names, schemas));
            var hash = Convert.ToHexString(SHA512.HashData(json));
            documents[key] = (json, hash);
            keys.Add(key);
            index[key] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{key}?hash={hash}" };
        }

        var indexJson = JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["paths"] = index });
        // Building read 25 MB of documentation and made some 30 MB of JSON nodes, all garbage now: give that memory
        // back once, or the idle server would keep it (+20 MB resident) for good.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        return new Generated(keys, indexJson, documents.ToFrozenDictionary(StringComparer.Ordinal), documentation.Count);
    }

    private ModelDocumentation LoadDocumentation()
    {
        using var stream = openDocumentation();
        return stream is null ? ModelDocumentation.Empty : ModelDocumentation.Load(stream);
    }

    private JsonObject GroupVersionDocument(string group, string version, ModelSchemaNames names, ModelSchemaGenerator schemas)
    {
        var resources = registry.Resources.Where(r => r.Group == group && r.Version == version).ToList();
        var prefix = "/" + PathKeyOf(group, version);
        var naming = new OperationNaming(group, version);
        var paths = new JsonObject
        {
            [prefix + "/"] = new JsonObject
            {
                ["get"] = new JsonObject
                {
                    ["tags"] = new JsonArray(naming.Tag),
                    ["description"] = "get available resources",
                    ["operationId"] = naming.Id("get", "APIResources"),
                    ["responses"] = Responses(ObjectContentTypes, ModelSchemaNames.MetaPackage + ".APIResourceList", "200"),
                },
            },
        };

        var kindExtensions = new Dictionary<Type, JsonArray>();
        var roots = new List<Type> { typeof(V1DeleteOptions), typeof(V1Status), typeof(V1APIResourceList), typeof(V1WatchEvent) };
        foreach (var resource in resources)
        {
            AddPaths(paths, prefix, resource, names, naming);
            kindExtensions[resource.ModelType] = Gvk(resource.Group, resource.Version, resource.Kind);
            kindExtensions[resource.ListModelType] = Gvk(resource.Group, resource.Version, resource.Kind + "List");
            roots.Add(resource.ModelType);
            roots.Add(resource.ListModelType);
            if (resource.HasSubresource("scale"))
            {
                roots.Add(typeof(V1Scale));
                kindExtensions[typeof(V1Scale)] = Gvk("autoscaling", "v1", "Scale");
            }
        }

        // Meta kinds carry a GVK for every served group/version, in every document and sorted, as upstream lists them.
        kindExtensions[typeof(V1DeleteOptions)] = ServedGvks("DeleteOptions");
        kindExtensions[typeof(V1Status)] = Gvk("", "v1", "Status");
        kindExtensions[typeof(V1WatchEvent)] = ServedGvks("WatchEvent");
        kindExtensions[typeof(V1APIResourceList)] = Gvk("", "v1", "APIResourceList");

        var componentSchemas = new JsonObject();
        var generatedSchemas = schemas.Generate(roots, kindExtensions);
        foreach (var (name, schema) in ModelSchemaGenerator.ScalarDefinitions())
        {
            generatedSchemas[name] = schema;
        }

        foreach (var (name, schema) in generatedSchemas)
        {
            componentSchemas[name] = schema;
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = "unversioned" },
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["schemas"] = componentSchemas,
                ["securitySchemes"] = new JsonObject
                {
                    ["BearerToken"] = new JsonObject
                    {
                        ["type"] = "apiKey",
                        ["description"] = "Bearer Token authentication",
                        ["name"] = "authorization",
                        ["in"] = "header",
                    },
                },
            },
        };
    }

    private static void AddPaths(JsonObject paths, string prefix, ResourceDefinition resource, ModelSchemaNames names, OperationNaming naming)
    {
        var kind = resource.Kind;
        var objectSchema = names.NameOf(resource.ModelType)!;
        var listSchema = names.NameOf(resource.ListModelType)!;
        var gvk = Gvk(resource.Group, resource.Version, kind).First()!;
        var scope = resource.IsNamespaced ? "Namespaced" : string.Empty;
        var collectionPath = resource.IsNamespaced ? $"{prefix}/namespaces/{{namespace}}/{resource.Plural}" : $"{prefix}/{resource.Plural}";
        var itemPath = collectionPath + "/{name}";
        bool Can(string verb) => resource.Verbs.Contains(verb);

        JsonObject Operation(string verb, string action, string operationName, string description, IEnumerable<JsonObject> parameters, JsonObject responses, JsonObject? body = null, JsonNode? kindExtension = null)
        {
            var operation = new JsonObject
            {
                ["tags"] = new JsonArray(naming.Tag),
                ["description"] = description,
                ["operationId"] = naming.Id(verb, operationName),
            };
            var parameterArray = new JsonArray([.. parameters]);
            if (parameterArray.Count > 0)
            {
                operation["parameters"] = parameterArray;
            }

            if (body is not null)
            {
                operation["requestBody"] = body;
            }

            operation["responses"] = responses;
            operation["x-kubernetes-action"] = action;
            operation["x-kubernetes-group-version-kind"] = (kindExtension ?? gvk).DeepClone();
            return operation;
        }

        JsonArray PathParameters(bool item)
        {
            var list = new JsonArray();
            if (item)
            {
                list.Add(OperationParameters.Name(kind));
            }

            if (resource.IsNamespaced)
            {
                list.Add(OperationParameters.Namespace());
            }

            list.Add(OperationParameters.Pretty());
            return list;
        }

        var collection = new JsonObject();
        if (Can("list"))
        {
            collection["get"] = Operation("list", "list", $"{scope}{kind}", $"list or watch objects of kind {kind}", OperationParameters.List(), Responses(ListContentTypes, listSchema, "200"));
        }

        if (Can("create"))
        {
            collection["post"] = Operation("create", "post", $"{scope}{kind}", $"create a {kind}", OperationParameters.Write(), Responses(ObjectContentTypes, objectSchema, "200", "201", "202"), Body(objectSchema, "*/*"));
        }

        if (Can("deletecollection"))
        {
            collection["delete"] = Operation("delete", "deletecollection", $"Collection{scope}{kind}", $"delete collection of {kind}", OperationParameters.DeleteCollection(), Responses(ObjectContentTypes, ModelSchemaNames.MetaPackage + ".Status", "200"), Body(ModelSchemaNames.MetaPackage + ".DeleteOptions", "*/*"));
        }

        collection["parameters"] = PathParameters(item: false);
        paths[collectionPath] = collection;

        var item = new JsonObject();
        if (Can("get"))
        {
            item["get"] = Operation("read", "get", $"{scope}{kind}", $"read the specified {kind}", [], Responses(ObjectContentTypes, objectSchema, "200"));
        }

        if (Can("update"))
        {
            item["put"] = Operation("replace", "put", $"{scope}{kind}", $"replace the specified {kind}", OperationParameters.Write(), Responses(ObjectContentTypes, objectSchema, "200", "201"), Body(objectSchema, "*/*"));
        }

        if (Can("delete"))
        {
            item["delete"] = Operation("delete", "delete", $"{scope}{kind}", $"delete a {kind}", OperationParameters.Delete(), Responses(ObjectContentTypes, ModelSchemaNames.MetaPackage + ".Status", "200", "202"), Body(ModelSchemaNames.MetaPackage + ".DeleteOptions", "*/*"));
        }

        if (Can("patch"))
        {
            item["patch"] = Operation("patch", "patch", $"{scope}{kind}", $"partially update the specified {kind}", OperationParameters.Patch(), Responses(ObjectContentTypes, objectSchema, "200", "201"), Body(ModelSchemaNames.PatchName, PatchContentTypes));
        }

        item["parameters"] = PathParameters(item: true);
        paths[itemPath] = item;

        if (resource.IsNamespaced && Can("list"))
        {
            var allNamespaces = new JsonObject
            {
                ["get"] = Operation("list", "list", $"{kind}ForAllNamespaces", $"list or watch objects of kind {kind}", OperationParameters.List(), Responses(ListContentTypes, listSchema, "200")),
                ["parameters"] = new JsonArray(OperationParameters.Pretty()),
            };
            paths[$"{prefix}/{resource.Plural}"] = allNamespaces;
        }

        AddSubresource(resource, "status", objectSchema, null);
        AddSubresource(resource, "scale", "io.k8s.api.autoscaling.v1.Scale", Gvk("autoscaling", "v1", "Scale").First());

        void AddSubresource(ResourceDefinition owner, string subresource, string schema, JsonNode? subresourceGvk)
        {
            if (!owner.HasSubresource(subresource))
            {
                return;
            }

            var suffix = char.ToUpperInvariant(subresource[0]) + subresource[1..];
            var what = $"{subresource} of the specified {kind}";
            var node = new JsonObject
            {
                ["get"] = Operation("read", "get", $"{scope}{kind}{suffix}", $"read {what}", [], Responses(ObjectContentTypes, schema, "200"), kindExtension: subresourceGvk),
                ["put"] = Operation("replace", "put", $"{scope}{kind}{suffix}", $"replace {what}", OperationParameters.Write(), Responses(ObjectContentTypes, schema, "200", "201"), Body(schema, "*/*"), subresourceGvk),
                ["patch"] = Operation("patch", "patch", $"{scope}{kind}{suffix}", $"partially update {what}", OperationParameters.Patch(), Responses(ObjectContentTypes, schema, "200", "201"), Body(ModelSchemaNames.PatchName, PatchContentTypes), subresourceGvk),
                ["parameters"] = PathParameters(item: true),
            };
            paths[$"{itemPath}/{subresource}"] = node;
        }
    }

    private static JsonArray Gvk(string group, string version, string kind) =>
        new(new JsonObject { ["group"] = group, ["kind"] = kind, ["version"] = version });

    private JsonArray ServedGvks(string kind) =>
    [
        .. registry.GroupVersions
            .OrderBy(gv => gv.Group, StringComparer.Ordinal).ThenBy(gv => gv.Version, StringComparer.Ordinal)
            .Select(gv => Gvk(gv.Group, gv.Version, kind)[0]!.DeepClone()),
    ];

    private static JsonObject Body(string schema, params string[] contentTypes)
    {
        var content = new JsonObject();
        foreach (var contentType in contentTypes)
        {
            content[contentType] = new JsonObject { ["schema"] = ModelSchemaGenerator.PlainReference(schema) };
        }

        return new JsonObject { ["content"] = content, ["required"] = true };
    }

    private static JsonObject Responses(string[] contentTypes, string schema, params string[] codes)
    {
        var responses = new JsonObject();
        foreach (var code in codes)
        {
            var content = new JsonObject();
            foreach (var contentType in contentTypes)
            {
                content[contentType] = new JsonObject { ["schema"] = ModelSchemaGenerator.PlainReference(schema) };
            }

            responses[code] = new JsonObject
            {
                ["description"] = code switch { "201" => "Created", "202" => "Accepted", _ => "OK" },
                ["content"] = content,
            };
        }

        responses["401"] = new JsonObject { ["description"] = "Unauthorized" };
        return responses;
    }

    private sealed record Generated(IReadOnlyList<string> Keys, byte[] Index, FrozenDictionary<string, (byte[] Json, string Hash)> Documents, int DescriptionCount);
}
