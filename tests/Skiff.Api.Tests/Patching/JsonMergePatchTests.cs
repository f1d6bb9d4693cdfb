using Skiff.Api.Patching;

namespace Skiff.Api.Tests.Patching;

public class JsonMergePatchTests
{
    [Theory]
    // RFC 7386 appendix A.
    [InlineData("{'a':'b'}", "{'a':'c'}", "{'a':'c'}")]
    [InlineData("{'a':'b'}", "{'b':'c'}", "{'a':'b','b':'c'}")]
    [InlineData("{'a':'b'}", "{'a':null}", "{}")]
    [InlineData("{'a':'b','b':'c'}", "{'a':null}", "{'b':'c'}")]
    [InlineData("{'a':['b']}", "{'a':'c'}", "{'a':'c'}")]
    [InlineData("{'a':'c'}", "{'a':['b']}", "{'a':['b']}")]
    [InlineData("{'a':{'b':'c'}}", "{'a':{'b':'d','c':null}}", "{'a':{'b':'d'}}")]
    [InlineData("{'a':[{'b':'c'}]}", "{'a':[1]}", "{'a':[1]}")]
    [InlineData("['a','b']", "['c','d']", "['c','d']")]
    [InlineData("{'a':'b'}", "['c']", "['c']")]
    [InlineData("{'a':'foo'}", "null", "null")]
    [InlineData("{'a':'foo'}", "'bar'", "'bar'")]
    [InlineData("{'e':null}", "{'a':1}", "{'e':null,'a':1}")]
    [InlineData("[1,2]", "{'a':'b','c':null}", "{'a':'b'}")]
    [InlineData("{}", "{'a':{'bb':{'ccc':null}}}", "{'a':{'bb':{}}}")]
    // kubectl scale sends a merge patch to the /scale subresource.
    [InlineData(
        "{'kind':'Scale','apiVersion':'autoscaling/v1','metadata':{'name':'web'},'spec':{'replicas':2},'status':{'replicas':2,'selector':'app=web'}}",
        "{'spec':{'replicas':3}}",
        "{'kind':'Scale','apiVersion':'autoscaling/v1','metadata':{'name':'web'},'spec':{'replicas':3},'status':{'replicas':2,'selector':'app=web'}}")]
    // kubectl label / annotate (add, overwrite, remove with null).
    [InlineData("{'metadata':{'name':'web'}}", "{'metadata':{'labels':{'tier':'fe'}}}", "{'metadata':{'name':'web','labels':{'tier':'fe'}}}")]
    [InlineData("{'metadata':{'labels':{'tier':'fe','app':'web'}}}", "{'metadata':{'labels':{'tier':null}}}", "{'metadata':{'labels':{'app':'web'}}}")]
    [InlineData("{'metadata':{'annotations':{'a':'1'}}}", "{'metadata':{'annotations':{'a':'2','b':'x'}}}", "{'metadata':{'annotations':{'a':'2','b':'x'}}}")]
    public void AppliesRfc7386(string target, string patch, string expected)
    {
        JsonText.AssertEqual(expected, JsonMergePatch.Apply(JsonText.Parse(target), JsonText.Parse(patch)));
    }

    [Fact]
    public void DoesNotMutateInputsOrShareNodes()
    {
        var target = JsonText.ParseNode("{'spec':{'replicas':2,'template':{'x':1}}}");
        var patch = JsonText.ParseNode("{'spec':{'replicas':3,'selector':{'a':'b'}}}");
        var targetBefore = target.ToJsonString();
        var patchBefore = patch.ToJsonString();

        var result = JsonMergePatch.Apply(target, patch)!;
        result["spec"]!["selector"]!["a"] = "changed";
        result["spec"]!["template"]!["x"] = 9;

        Assert.Equal(targetBefore, target.ToJsonString());
        Assert.Equal(patchBefore, patch.ToJsonString());
    }
}
