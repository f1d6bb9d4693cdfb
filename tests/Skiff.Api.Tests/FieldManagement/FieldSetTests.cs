using System.Text;
using System.Text.Json;
using k8s.Models;
using Skiff.Api.FieldManagement;

namespace Skiff.Api.Tests.FieldManagement;

public class FieldSetTests
{
    private static FieldSet Parse(string fieldsV1) => FieldSet.FromFieldsV1(JsonDocument.Parse(fieldsV1.Replace('\'', '"')).RootElement);

    private static string Text(FieldSet set) => Encoding.UTF8.GetString(set.ToFieldsV1Bytes()).Replace('"', '\'');

    [Theory]
    [InlineData("{'f:metadata':{'f:labels':{'.':{},'f:app':{}}},'f:spec':{'f:replicas':{}}}")]
    [InlineData("{'f:spec':{'f:containers':{'k:{\\'name\\':\\'nginx\\'}':{'.':{},'f:image':{},'f:name':{}}}}}")]
    [InlineData("{'f:metadata':{'f:finalizers':{'.':{},'v:\\'a\\'':{}}}}")]
    public void FieldsV1_round_trips(string fieldsV1) => Assert.Equal(fieldsV1, Text(Parse(fieldsV1)));

    [Fact]
    public void Children_are_written_fields_first_then_keys_in_order()
    {
        var set = Parse("{'k:{\\'type\\':\\'B\\'}':{},'f:z':{},'k:{\\'type\\':\\'A\\'}':{},'f:a':{}}");
        Assert.Equal("{'f:a':{},'f:z':{},'k:{\\'type\\':\\'A\\'}':{},'k:{\\'type\\':\\'B\\'}':{}}", Text(set));
    }

    [Theory]
    [InlineData("{'x:y':{}}", "parsing JSON: unexpected key \"x:y\"")]
    [InlineData("{'f:a':1}", "parsing JSON: expected an object at \"f:a\"")]
    [InlineData("{'k:notjson':{}}", "parsing JSON: unexpected key \"k:notjson\"")]
    public void Invalid_FieldsV1_is_refused(string fieldsV1, string message) =>
        Assert.Equal(message, Assert.Throws<FormatException>(() => Parse(fieldsV1)).Message);

    [Fact]
    public void Paths_print_in_upstreams_notation()
    {
        var set = Parse("{'f:spec':{'f:replicas':{},'f:template':{'f:spec':{'f:containers':{'k:{\\'name\\':\\'nginx\\'}':{'f:ports':{'k:{\\'containerPort\\':80,\\'protocol\\':\\'TCP\\'}':{}}}}}}}}");
        Assert.Equal(
            [".spec.replicas", ".spec.template.spec.containers[name=\"nginx\"].ports[containerPort=80,protocol=\"TCP\"]"],
            set.Paths().Select(FieldSet.PathString));
    }

    [Fact]
    public void Union_difference_and_intersection_follow_membership()
    {
        var a = Parse("{'f:metadata':{'f:labels':{'.':{},'f:a':{},'f:b':{}}}}");
        var b = Parse("{'f:metadata':{'f:labels':{'f:b':{},'f:c':{}}}}");
        Assert.Equal("{'f:metadata':{'f:labels':{'.':{},'f:a':{},'f:b':{},'f:c':{}}}}", Text(FieldSet.Union(a, b)));
        Assert.Equal("{'f:metadata':{'f:labels':{'.':{},'f:a':{}}}}", Text(FieldSet.Difference(a, b)));
        Assert.Equal("{'f:metadata':{'f:labels':{'f:b':{}}}}", Text(FieldSet.Intersection(a, b)));
        Assert.True(FieldSet.Difference(b, FieldSet.Union(a, b)).IsEmpty);
    }

    [Fact]
    public void Recursive_difference_drops_whole_subtrees()
    {
        var a = Parse("{'f:spec':{'f:replicas':{}},'f:status':{'f:replicas':{},'f:conditions':{'.':{}}}}");
        Assert.Equal("{'f:spec':{'f:replicas':{}}}", Text(FieldSet.RecursiveDifference(a, Parse("{'f:status':{}}"))));
    }

    [Fact]
    public void Named_struct_fields_become_members_but_map_entries_and_items_do_not()
    {
        var set = Parse("{'f:metadata':{'f:labels':{'f:app':{}}},'f:spec':{'f:template':{'f:spec':{'f:containers':{'k:{\\'name\\':\\'a\\'}':{'f:image':{}}}}}}}");
        var ensured = set.EnsureNamedFieldsAreMembers(FieldSchema.For(typeof(V1Deployment)));
        Assert.Equal(
            "{'f:metadata':{'.':{},'f:labels':{'.':{},'f:app':{}}},'f:spec':{'.':{},'f:template':{'.':{},'f:spec':{'.':{},'f:containers':{'.':{},'k:{\\'name\\':\\'a\\'}':{'f:image':{}}}}}}}",
            Text(ensured));
    }
}
