using System.Text.Json.Nodes;
using Skiff.Api.OpenApi;
using Skiff.Api.Resources;

namespace Skiff.Api.Tests.OpenApi;

public class OpenApiV3BuilderTests
{
    private static readonly ResourceRegistry Registry = ResourceRegistry.CreateDefault();
    private static readonly OpenApiV3Builder Builder = new(Registry);

    private static JsonObject Document(string key) => JsonNode.Parse(Builder.GroupVersionJson(key)!)!.AsObject();

    private static bool HasGvk(JsonNode? extension, string group, string version, string kind)
    {
        static bool Same(JsonNode? gvk, string g, string v, string k) =>
            (string?)gvk?["group"] == g && (string?)gvk?["version"] == v && (string?)gvk?["kind"] == k;

        return extension is JsonArray array ? array.Any(e => Same(e, group, version, kind)) : Same(extension, group, version, kind);
    }

    [Fact]
    public void IndexListsEveryGroupVersionWithItsHash()
    {
        var paths = JsonNode.Parse(Builder.IndexJson())!["paths"]!.AsObject();

        var expected = Registry.GroupVersions.Select(gv => gv.Group.Length == 0 ? $"api/{gv.Version}" : $"apis/{gv.Group}/{gv.Version}").ToList();
        Assert.Equal(expected, paths.Select(p => p.Key).ToList());
        Assert.Contains("api/v1", expected);
        Assert.Contains("apis/autoscaling/v1", expected);
        foreach (var key in expected)
        {
            var hash = Builder.GroupVersionHash(key);
            Assert.Matches("^[0-9A-F]{128}$", hash);
            Assert.Equal($"/openapi/v3/{key}?hash={hash}", (string?)paths[key]!["serverRelativeURL"]);
            Assert.NotNull(Builder.GroupVersionJson(key));
        }
    }

    [Fact]
    public void DeploymentPatchCarriesTheGvkAndFieldValidation()
    {
        var document = Document("apis/apps/v1");
        Assert.Equal("3.0.0", (string?)document["openapi"]);

        // The search kubectl's query param verifier performs.
        var patches = document["paths"]!.AsObject()
            .Select(p => p.Value?["patch"])
            .Where(op => op is not null && HasGvk(op["x-kubernetes-group-version-kind"], "apps", "v1", "Deployment"))
            .ToList();
        Assert.NotEmpty(patches);
        Assert.All(patches, op => Assert.Contains(op!["parameters"]!.AsArray(), p => (string?)p!["name"] == "fieldValidation" && (string?)p["in"] == "query"));

        var item = document["paths"]!["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"]!;
        var patch = item["patch"]!;
        Assert.Equal("patchAppsV1NamespacedDeployment", (string?)patch["operationId"]);
        Assert.Equal("patch", (string?)patch["x-kubernetes-action"]);
        Assert.Equal(
            ["application/apply-patch+yaml", "application/json-patch+json", "application/merge-patch+json", "application/strategic-merge-patch+json"],
            patch["requestBody"]!["content"]!.AsObject().Select(c => c.Key).Order());
        Assert.Equal(["dryRun", "fieldManager", "fieldValidation", "force"], patch["parameters"]!.AsArray().Select(p => (string?)p!["name"]));
        Assert.Equal(["name", "namespace", "pretty"], item["parameters"]!.AsArray().Select(p => (string?)p!["name"]));
        Assert.Equal("readAppsV1NamespacedDeployment", (string?)item["get"]!["operationId"]);
        Assert.Equal("replaceAppsV1NamespacedDeployment", (string?)item["put"]!["operationId"]);
        Assert.Equal("deleteAppsV1NamespacedDeployment", (string?)item["delete"]!["operationId"]);
    }

    [Fact]
    public void CollectionAndSubresourcePathsFollowUpstream()
    {
        var paths = Document("apis/apps/v1")["paths"]!;
        var collection = paths["/apis/apps/v1/namespaces/{namespace}/deployments"]!;
        Assert.Equal("listAppsV1NamespacedDeployment", (string?)collection["get"]!["operationId"]);
        Assert.Equal("createAppsV1NamespacedDeployment", (string?)collection["post"]!["operationId"]);
        Assert.Equal("deleteAppsV1CollectionNamespacedDeployment", (string?)collection["delete"]!["operationId"]);
        Assert.Equal("listAppsV1DeploymentForAllNamespaces", (string?)paths["/apis/apps/v1/deployments"]!["get"]!["operationId"]);
        Assert.Equal("patchAppsV1NamespacedDeploymentStatus", (string?)paths["/apis/apps/v1/namespaces/{namespace}/deployments/{name}/status"]!["patch"]!["operationId"]);
        var scale = paths["/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale"]!["patch"]!;
        Assert.True(HasGvk(scale["x-kubernetes-group-version-kind"], "autoscaling", "v1", "Scale"));

        var core = Document("api/v1")["paths"]!;
        Assert.Equal("readCoreV1Namespace", (string?)core["/api/v1/namespaces/{name}"]!["get"]!["operationId"]);
        Assert.Null(core["/api/v1/namespaces"]!["delete"]);
        Assert.Equal("patchCoreV1NamespacedPod", (string?)core["/api/v1/namespaces/{namespace}/pods/{name}"]!["patch"]!["operationId"]);

        var lease = Document("apis/coordination.k8s.io/v1")["paths"]!;
        Assert.Equal("listCoordinationV1LeaseForAllNamespaces", (string?)lease["/apis/coordination.k8s.io/v1/leases"]!["get"]!["operationId"]);
    }

    [Fact]
    public void EveryKindHasASchemaWithItsGvkAndProperties()
    {
        foreach (var resource in Registry.Resources)
        {
            var schemas = Document(OpenApiV3Builder.PathKeyOf(resource.Group, resource.Version))["components"]!["schemas"]!.AsObject();
            var package = resource.Group.Length == 0 ? "core" : resource.Group.Split('.')[0];
            var schema = schemas[$"io.k8s.api.{package}.{resource.Version}.{resource.Kind}"];
            Assert.NotNull(schema);
            Assert.Equal("object", (string?)schema["type"]);
            Assert.True(HasGvk(schema["x-kubernetes-group-version-kind"], resource.Group, resource.Version, resource.Kind), resource.Kind);
            Assert.NotNull(schema["properties"]!["metadata"]);
            Assert.NotNull(schema["properties"]!["apiVersion"]);
            Assert.NotNull(schemas[$"io.k8s.api.{package}.{resource.Version}.{resource.Kind}List"]);
        }
    }

    [Fact]
    public void NestedSchemasAreReferencedByUpstreamNames()
    {
        var schemas = Document("apis/apps/v1")["components"]!["schemas"]!;
        var deployment = schemas["io.k8s.api.apps.v1.Deployment"]!["properties"]!;
        Assert.Equal("#/components/schemas/io.k8s.api.apps.v1.DeploymentSpec", (string?)deployment["spec"]!["allOf"]![0]!["$ref"]);
        Assert.Equal("#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", (string?)deployment["metadata"]!["allOf"]![0]!["$ref"]);
        Assert.Equal("#/components/schemas/io.k8s.api.core.v1.PodTemplateSpec", (string?)schemas["io.k8s.api.apps.v1.DeploymentSpec"]!["properties"]!["template"]!["allOf"]![0]!["$ref"]);

        var containers = schemas["io.k8s.api.core.v1.PodSpec"]!["properties"]!["containers"]!;
        Assert.Equal("array", (string?)containers["type"]);
        Assert.Equal("name", (string?)containers["x-kubernetes-patch-merge-key"]);
        Assert.Equal("merge", (string?)containers["x-kubernetes-patch-strategy"]);
        Assert.Equal("#/components/schemas/io.k8s.api.core.v1.Container", (string?)containers["items"]!["allOf"]![0]!["$ref"]);

        var labels = schemas["io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"]!["properties"]!["labels"]!;
        Assert.Equal("string", (string?)labels["additionalProperties"]!["type"]);
        Assert.NotNull(schemas["io.k8s.apimachinery.pkg.apis.meta.v1.Time"]);
        Assert.NotNull(schemas["io.k8s.api.autoscaling.v1.Scale"]);
        Assert.NotNull(schemas["io.k8s.apimachinery.pkg.util.intstr.IntOrString"]);

        var hpa = Document("apis/autoscaling/v2")["components"]!["schemas"]!;
        Assert.NotNull(hpa["io.k8s.api.autoscaling.v2.MetricSpec"]);
        Assert.NotNull(Document("api/v1")["components"]!["schemas"]!["io.k8s.api.core.v1.Event"]);
    }

    [Fact]
    public void DocumentsAreCachedAndUnknownKeysAreNull()
    {
        Assert.Same(Builder.GroupVersionJson("apis/apps/v1"), Builder.GroupVersionJson("/apis/apps/v1"));
        Assert.Same(Builder.IndexJson(), Builder.IndexJson());
        Assert.Null(Builder.GroupVersionJson("apis/widgets.example.com/v1"));
        Assert.Null(Builder.GroupVersionHash("apis/apps/v2"));
    }
}
