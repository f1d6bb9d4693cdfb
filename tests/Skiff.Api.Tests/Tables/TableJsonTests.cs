using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Skiff.Api.Tables;
using static Skiff.Api.Tests.Tables.TableTestObjects;

namespace Skiff.Api.Tests.Tables;

public class TableJsonTests
{
    private static Table DeploymentTable()
    {
        var deployment = new V1Deployment
        {
            Metadata = Meta("web"),
            Spec = new V1DeploymentSpec { Replicas = 3, Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } }, Template = new V1PodTemplateSpec() },
            Status = new V1DeploymentStatus { ReadyReplicas = 2, UpdatedReplicas = 3, AvailableReplicas = 2 },
        };
        var table = Table.Create(TablePrinters.For("apps", "deployments"), [deployment], Now);
        table.Metadata.ResourceVersion = "123";
        table.Rows[0].Object = JsonNode.Parse("""{"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1","metadata":{"name":"web"}}""");
        return table;
    }

    [Fact]
    public void Serializes_as_a_meta_v1_table()
    {
        var json = JsonNode.Parse(JsonSerializer.Serialize(DeploymentTable()))!.AsObject();

        Assert.Equal(["kind", "apiVersion", "metadata", "columnDefinitions", "rows"], json.Select(p => p.Key));
        Assert.Equal("Table", (string?)json["kind"]);
        Assert.Equal("meta.k8s.io/v1", (string?)json["apiVersion"]);
        Assert.Equal("""{"resourceVersion":"123"}""", json["metadata"]!.ToJsonString());

        var name = json["columnDefinitions"]![0]!.AsObject();
        Assert.Equal(["name", "type", "format", "description", "priority"], name.Select(p => p.Key));
        Assert.Equal("name", (string?)name["format"]);
        Assert.Equal(0, (int)name["priority"]!);
        var selector = json["columnDefinitions"]![7]!;
        Assert.Equal("", (string?)selector["format"]);
        Assert.Equal(1, (int)selector["priority"]!);

        var row = json["rows"]![0]!.AsObject();
        Assert.Equal(["cells", "object"], row.Select(p => p.Key));
        Assert.Equal("""["web","2/3",3,2,"5m","","","app=web"]""", row["cells"]!.ToJsonString());
        Assert.Equal("PartialObjectMetadata", (string?)row["object"]!["kind"]);
    }

    [Fact]
    public void Writes_continue_only_when_set_and_a_missing_object_as_null()
    {
        var table = DeploymentTable();
        table.Metadata.Continue = "token";
        table.Rows[0].Object = null;
        var json = JsonNode.Parse(JsonSerializer.Serialize(table))!;

        Assert.Equal("""{"resourceVersion":"123","continue":"token"}""", json["metadata"]!.ToJsonString());
        var row = json["rows"]![0]!.AsObject();
        Assert.True(row.ContainsKey("object"));
        Assert.Null(row["object"]);
    }

    [Fact]
    public void Serializes_the_same_with_the_kubernetes_client_options()
    {
        var table = DeploymentTable();
        Assert.Equal(JsonSerializer.Serialize(table), KubernetesJson.Serialize(table));
    }

    [Fact]
    public void Empty_table_still_has_rows_and_columns_arrays()
    {
        var table = Table.Create(TablePrinters.For("", "pods"), [], Now);
        var json = JsonNode.Parse(JsonSerializer.Serialize(table))!;
        Assert.Equal("[]", json["rows"]!.ToJsonString());
        Assert.Equal(9, json["columnDefinitions"]!.AsArray().Count);
        Assert.Equal("{}", json["metadata"]!.ToJsonString());
    }
}
