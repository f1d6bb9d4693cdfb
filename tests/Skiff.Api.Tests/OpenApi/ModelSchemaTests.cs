using System.Text.Json.Nodes;
using Skiff.Api.OpenApi;
using Skiff.Api.Resources;

namespace Skiff.Api.Tests.OpenApi;

/// <summary>The component schemas as kube-apiserver publishes them (api/openapi-spec/v3 of v1.32).</summary>
public class ModelSchemaTests
{
    private static readonly OpenApiV3Builder Builder = new(ResourceRegistry.CreateDefault(),
        () => File.OpenRead(Path.Combine(AppContext.BaseDirectory, OpenApiV3Builder.DocumentationFileName)));

    private static JsonObject Schemas(string key) => JsonNode.Parse(Builder.GroupVersionJson(key)!)!["components"]!["schemas"]!.AsObject();

    [Fact]
    public void Types_and_properties_carry_upstreams_descriptions()
    {
        var schemas = Schemas("apis/apps/v1");
        var strategy = schemas["io.k8s.api.apps.v1.DeploymentStrategy"]!;
        Assert.Equal("DeploymentStrategy describes how to replace existing pods with new ones.", (string?)strategy["description"]);
        Assert.Equal("Rolling update config params. Present only if DeploymentStrategyType = RollingUpdate.", (string?)strategy["properties"]!["rollingUpdate"]!["description"]);
        Assert.Equal("#/components/schemas/io.k8s.api.apps.v1.RollingUpdateDeployment", (string?)strategy["properties"]!["rollingUpdate"]!["allOf"]![0]!["$ref"]);
        Assert.StartsWith("Type of deployment. Can be \"Recreate\" or \"RollingUpdate\". Default is RollingUpdate.", (string?)strategy["properties"]!["type"]!["description"]);
        Assert.True(Builder.DescriptionCount > 3000);
    }

    [Fact]
    public void Kinds_carry_their_group_version_kind()
    {
        var deployment = Schemas("apis/apps/v1")["io.k8s.api.apps.v1.Deployment"]!;
        var gvk = Assert.Single(deployment["x-kubernetes-group-version-kind"]!.AsArray())!;
        Assert.Equal(("apps", "v1", "Deployment"), ((string?)gvk["group"], (string?)gvk["version"], (string?)gvk["kind"]));
        Assert.Null(Schemas("apis/apps/v1")["io.k8s.api.apps.v1.DeploymentSpec"]!["x-kubernetes-group-version-kind"]);
    }

    [Fact]
    public void Lists_carry_patch_merge_keys_and_strategies()
    {
        var containers = Schemas("api/v1")["io.k8s.api.core.v1.PodSpec"]!["properties"]!["containers"]!;
        Assert.Equal("name", (string?)containers["x-kubernetes-patch-merge-key"]);
        Assert.Equal("merge", (string?)containers["x-kubernetes-patch-strategy"]);
        var volumes = Schemas("api/v1")["io.k8s.api.core.v1.PodSpec"]!["properties"]!["volumes"]!;
        Assert.Equal("merge,retainKeys", (string?)volumes["x-kubernetes-patch-strategy"]);
        Assert.Equal("map", (string?)containers["x-kubernetes-list-type"]);
    }

    [Fact]
    public void Required_fields_are_listed()
    {
        Assert.Equal(["selector", "template"], Required(Schemas("apis/apps/v1")["io.k8s.api.apps.v1.DeploymentSpec"]!));
        Assert.Equal(["maxReplicas", "scaleTargetRef"], Required(Schemas("apis/autoscaling/v2")["io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerSpec"]!));
        Assert.Equal(["apiVersion", "kind", "name", "uid"], Required(Schemas("api/v1")["io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference"]!));
        Assert.Contains("name", Required(Schemas("api/v1")["io.k8s.api.core.v1.Container"]!));
        Assert.Equal(["containerPort"], Required(Schemas("api/v1")["io.k8s.api.core.v1.ContainerPort"]!));
        Assert.Equal(["items"], Required(Schemas("apis/apps/v1")["io.k8s.api.apps.v1.DeploymentList"]!));
        Assert.Null(Schemas("apis/apps/v1")["io.k8s.api.apps.v1.DeploymentStrategy"]!["required"]);

        static string[] Required(JsonNode schema) => [.. schema["required"]!.AsArray().Select(r => (string)r!).Order(StringComparer.Ordinal)];
    }

    [Fact]
    public void Formats_scalar_types_and_defaults_follow_upstream()
    {
        var core = Schemas("api/v1");
        var port = core["io.k8s.api.core.v1.ContainerPort"]!["properties"]!;
        Assert.Equal("int32", (string?)port["containerPort"]!["format"]);
        Assert.Equal(0, (int?)port["containerPort"]!["default"]);
        Assert.Equal("TCP", (string?)port["protocol"]!["default"]);
        Assert.Equal("int64", (string?)core["io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"]!["properties"]!["generation"]!["format"]);
        Assert.Equal("date-time", (string?)core["io.k8s.apimachinery.pkg.apis.meta.v1.Time"]!["format"]);

        var intOrString = Schemas("apis/apps/v1")["io.k8s.apimachinery.pkg.util.intstr.IntOrString"]!;
        Assert.Equal("int-or-string", (string?)intOrString["format"]);
        Assert.Equal(["integer", "string"], intOrString["oneOf"]!.AsArray().Select(t => (string?)t!["type"]));
        Assert.Equal(["string", "number"], core["io.k8s.apimachinery.pkg.api.resource.Quantity"]!["oneOf"]!.AsArray().Select(t => (string?)t!["type"]));
        var limits = core["io.k8s.api.core.v1.ResourceRequirements"]!["properties"]!["limits"]!;
        Assert.Equal("#/components/schemas/io.k8s.apimachinery.pkg.api.resource.Quantity", (string?)limits["additionalProperties"]!["$ref"]);

        var pod = core["io.k8s.api.core.v1.Pod"]!["properties"]!;
        Assert.Equal("{}", pod["metadata"]!["default"]!.ToJsonString());
        Assert.Equal("{}", pod["spec"]!["default"]!.ToJsonString());
        Assert.Equal("{}", core["io.k8s.api.core.v1.PodSpec"]!["properties"]!["containers"]!["items"]!["default"]!.ToJsonString());
        Assert.Equal("#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1",
            (string?)core["io.k8s.apimachinery.pkg.apis.meta.v1.ManagedFieldsEntry"]!["properties"]!["fieldsV1"]!["allOf"]![0]!["$ref"]);
    }

    [Fact]
    public void Without_the_documentation_file_the_documents_still_build()
    {
        var bare = new OpenApiV3Builder(ResourceRegistry.CreateDefault());
        var schemas = JsonNode.Parse(bare.GroupVersionJson("apis/apps/v1")!)!["components"]!["schemas"]!;
        Assert.Null(schemas["io.k8s.api.apps.v1.DeploymentStrategy"]!["description"]);
        Assert.NotNull(schemas["io.k8s.api.apps.v1.Deployment"]!["x-kubernetes-group-version-kind"]);
        Assert.Equal(0, bare.DescriptionCount);
    }
}
