using System.Text.Json.Nodes;
using k8s.Models;
using Skiff.Api.FieldManagement;

namespace Skiff.Api.Tests.FieldManagement;

/// <summary>Undeclared fields of an applied configuration, named as upstream's typed conversion names them.</summary>
public class UndeclaredFieldsTests
{
    private static IReadOnlyList<string> Find<T>(string json) => UndeclaredFields.Find(typeof(T), JsonNode.Parse(json)!.AsObject());

    [Fact]
    public void A_declared_configuration_has_none_and_maps_take_any_key()
    {
        Assert.Empty(Find<V1ConfigMap>("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a","labels":{"any/key":"x"}},"data":{"k":"v"}}"""));
    }

    [Fact]
    public void Keyed_list_items_are_named_by_their_keys_and_other_lists_by_index()
    {
        var found = Find<V1Pod>("""
            {"spec":{"containers":[{"name":"web","ports":[{"containerPort":80,"x":1}]}],
              "tolerations":[{"key":"a","y":2}]}}
            """);

        Assert.Equal([".spec.containers[name=\"web\"].ports[containerPort=80,protocol=\"TCP\"].x", ".spec.tolerations[0].y"], found);
    }

    [Fact]
    public void An_object_is_read_only_up_to_its_first_undeclared_field()
    {
        Assert.Equal([".spec.a"], Find<V1Deployment>("""{"spec":{"a":1,"b":2,"replicas":3}}"""));
    }

    [Fact]
    public void One_path_is_described_alone_and_several_under_errors()
    {
        Assert.Equal(".spec.a: field not declared in schema", UndeclaredFields.Describe([".spec.a"]));
        Assert.Equal("errors:\n  .a: field not declared in schema\n  .b: field not declared in schema", UndeclaredFields.Describe([".a", ".b"]));
    }
}
