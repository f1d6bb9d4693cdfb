using System.Text;
using System.Text.Json.Nodes;
using Skiff.Api.OpenApi;
using Skiff.Api.Protobuf;
using Skiff.Api.Resources;

namespace Skiff.Api.Tests.OpenApi;

public class OpenApiV2BuilderTests
{
    private static readonly OpenApiV2Builder Builder = new(new OpenApiV3Builder(ResourceRegistry.CreateDefault(),
        () => File.OpenRead(Path.Combine(AppContext.BaseDirectory, OpenApiV3Builder.DocumentationFileName))));

    private static JsonObject Document() => JsonNode.Parse(Builder.Json())!.AsObject();

    [Fact]
    public void Definitions_use_v2_references_with_descriptions_beside_them()
    {
        var document = Document();
        Assert.Equal("2.0", (string?)document["swagger"]);
        var strategy = document["definitions"]!["io.k8s.api.apps.v1.DeploymentSpec"]!["properties"]!["strategy"]!;
        Assert.Equal("#/definitions/io.k8s.api.apps.v1.DeploymentStrategy", (string?)strategy["$ref"]);
        Assert.Equal("The deployment strategy to use to replace existing pods with new ones.", (string?)strategy["description"]);
        Assert.Null(strategy["allOf"]);

        var intOrString = document["definitions"]!["io.k8s.apimachinery.pkg.util.intstr.IntOrString"]!;
        Assert.Equal(("string", "int-or-string"), ((string?)intOrString["type"], (string?)intOrString["format"]));
    }

    [Fact]
    public void Meta_kinds_list_every_group_they_are_served_in()
    {
        var kinds = Document()["definitions"]!["io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions"]!["x-kubernetes-group-version-kind"]!.AsArray();
        Assert.Contains(kinds, k => (string?)k!["group"] == "apps" && (string?)k["version"] == "v1");
        Assert.Contains(kinds, k => (string?)k!["group"] == "" && (string?)k["version"] == "v1");
    }

    [Fact]
    public void Write_operations_have_a_body_parameter_and_field_validation()
    {
        var patch = Document()["paths"]!["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"]!["patch"]!;
        var parameters = patch["parameters"]!.AsArray();
        Assert.Equal("body", (string?)parameters[0]!["in"]);
        Assert.Equal("#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Patch", (string?)parameters[0]!["schema"]!["$ref"]);
        Assert.Contains(parameters, p => (string?)p!["name"] == "fieldValidation" && (string?)p["type"] == "string");
        Assert.Contains("application/strategic-merge-patch+json", patch["consumes"]!.AsArray().Select(c => (string?)c));
    }

    [Fact]
    public void Protobuf_is_a_gnostic_document_with_every_definition()
    {
        var reader = new ProtoReader(Builder.Protobuf());
        string? swagger = null;
        var definitions = 0;
        var sawDeployment = false;
        while (!reader.End)
        {
            var (field, wireType) = reader.ReadKey("Document");
            if (field == 1)
            {
                swagger = Encoding.UTF8.GetString(reader.ReadLengthDelimited());
            }
            else if (field == 9)
            {
                // Definitions{repeated NamedSchema additional_properties = 1}, NamedSchema{name = 1, value = 2}
                var inner = new ProtoReader(reader.ReadLengthDelimited());
                while (!inner.End)
                {
                    inner.ReadKey("Definitions");
                    var named = new ProtoReader(inner.ReadLengthDelimited());
                    named.ReadKey("NamedSchema");
                    sawDeployment |= Encoding.UTF8.GetString(named.ReadLengthDelimited()) == "io.k8s.api.apps.v1.Deployment";
                    definitions++;
                }
            }
            else
            {
                reader.Skip(wireType);
            }
        }

        Assert.Equal("2.0", swagger);
        Assert.Equal(Document()["definitions"]!.AsObject().Count, definitions);
        Assert.True(sawDeployment);
    }
}
