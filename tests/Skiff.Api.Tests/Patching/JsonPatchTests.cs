using System.Text.Json.Nodes;
using Skiff.Api.Patching;

namespace Skiff.Api.Tests.Patching;

public class JsonPatchTests
{
    private const string Deployment =
        "{'metadata':{'name':'web','labels':{'app':'web'},'annotations':{'deployment.kubernetes.io/revision':'2'}}," +
        "'spec':{'replicas':2,'template':{'spec':{'containers':[{'name':'a','image':'a:1'},{'name':'b','image':'b:1'}]}}}}";

    [Theory]
    [InlineData("[{'op':'add','path':'/metadata/labels/tier','value':'fe'}]", "{'metadata':{'labels':{'app':'web','tier':'fe'}}}")]
    [InlineData("[{'op':'add','path':'/metadata/labels','value':{'x':'y'}}]", "{'metadata':{'labels':{'x':'y'}}}")]
    [InlineData("[{'op':'remove','path':'/metadata/labels/app'}]", "{'metadata':{'labels':{}}}")]
    [InlineData("[{'op':'replace','path':'/metadata/labels/app','value':'api'}]", "{'metadata':{'labels':{'app':'api'}}}")]
    [InlineData("[{'op':'move','from':'/metadata/labels/app','path':'/metadata/labels/name'}]", "{'metadata':{'labels':{'name':'web'}}}")]
    [InlineData("[{'op':'copy','from':'/metadata/labels/app','path':'/metadata/labels/name'}]", "{'metadata':{'labels':{'app':'web','name':'web'}}}")]
    [InlineData("[{'op':'test','path':'/metadata/labels/app','value':'web'}]", "{'metadata':{'labels':{'app':'web'}}}")]
    [InlineData("[{'op':'test','path':'/metadata/missing','value':null}]", "{'metadata':{'labels':{'app':'web'}}}")]
    // ~1 and ~0 escapes, as in annotation keys.
    [InlineData("[{'op':'add','path':'/metadata/labels/a~1b~0c','value':'v'}]", "{'metadata':{'labels':{'app':'web','a/b~c':'v'}}}")]
    // gopkg.in/evanphx/json-patch.v4 (kube-apiserver) lets replace create a member of an existing object.
    [InlineData("[{'op':'replace','path':'/metadata/annotations','value':{'a':'b'}}]", "{'metadata':{'labels':{'app':'web'},'annotations':{'a':'b'}}}")]
    [InlineData("[{'op':'replace','path':'','value':{'x':1}}]", "{'x':1}")]
    public void AppliesObjectOperations(string patch, string expected)
    {
        var document = JsonText.Parse("{'metadata':{'labels':{'app':'web'}}}");
        JsonText.AssertEqual(expected, JsonPatch.Apply(document, JsonText.ParseNode(patch)));
    }

    [Theory]
    [InlineData("[{'op':'add','path':'/l/1','value':9}]", "{'l':[1,9,2,3]}")]
    [InlineData("[{'op':'add','path':'/l/3','value':9}]", "{'l':[1,2,3,9]}")]
    [InlineData("[{'op':'add','path':'/l/-','value':9}]", "{'l':[1,2,3,9]}")]
    [InlineData("[{'op':'add','path':'/l/-1','value':9}]", "{'l':[1,2,3,9]}")]
    [InlineData("[{'op':'remove','path':'/l/0'}]", "{'l':[2,3]}")]
    [InlineData("[{'op':'remove','path':'/l/-1'}]", "{'l':[1,2]}")]
    [InlineData("[{'op':'replace','path':'/l/2','value':9}]", "{'l':[1,2,9]}")]
    [InlineData("[{'op':'move','from':'/l/0','path':'/l/-'}]", "{'l':[2,3,1]}")]
    [InlineData("[{'op':'copy','from':'/l/0','path':'/m'}]", "{'l':[1,2,3],'m':1}")]
    [InlineData("[{'op':'test','path':'/l','value':[1,2,3]},{'op':'remove','path':'/l/1'}]", "{'l':[1,3]}")]
    public void AppliesArrayOperations(string patch, string expected)
    {
        JsonText.AssertEqual(expected, JsonPatch.Apply(JsonText.Parse("{'l':[1,2,3]}"), JsonText.ParseNode(patch)));
    }

    [Fact]
    public void AppliesTheRolloutUndoPatch()
    {
        // kubectl rollout undo: replace the pod template and the annotations in one patch.
        var patch = JsonText.ParseNode(
            "[{'op':'replace','path':'/spec/template','value':{'metadata':{'labels':{'app':'web'}},'spec':{'containers':[{'name':'a','image':'a:0'}]}}}," +
            "{'op':'replace','path':'/metadata/annotations','value':{'deployment.kubernetes.io/revision':'2','kubernetes.io/change-cause':'undo'}}]");

        var result = JsonPatch.Apply(JsonText.Parse(Deployment), patch);

        JsonText.AssertEqual(
            "{'metadata':{'name':'web','labels':{'app':'web'},'annotations':{'deployment.kubernetes.io/revision':'2','kubernetes.io/change-cause':'undo'}}," +
            "'spec':{'replicas':2,'template':{'metadata':{'labels':{'app':'web'}},'spec':{'containers':[{'name':'a','image':'a:0'}]}}}}",
            result);
    }

    [Theory]
    [InlineData("[{'op':'test','path':'/spec/replicas','value':3}]", "testing value /spec/replicas failed: test failed")]
    [InlineData("[{'op':'test','path':'/metadata/nothing','value':'x'}]", "testing value /metadata/nothing failed: test failed")]
    [InlineData("[{'op':'test','path':'/spec/nothing/deeper','value':1}]", "test operation does not apply: is missing path: /spec/nothing/deeper: missing value")]
    [InlineData("[{'op':'replace','path':'/spec/strategy/type','value':'Recreate'}]", "replace operation does not apply: doc is missing path: /spec/strategy/type: missing value")]
    [InlineData("[{'op':'replace','path':'/spec/template/spec/containers/5','value':{}}]", "replace operation does not apply: doc is missing key: /spec/template/spec/containers/5: missing value")]
    [InlineData("[{'op':'remove','path':'/metadata/labels/tier'}]", "error in remove for path: '/metadata/labels/tier': Unable to remove nonexistent key: tier: missing value")]
    [InlineData("[{'op':'remove','path':'/status/conditions/0'}]", "remove operation does not apply: doc is missing path: \"/status/conditions/0\": missing value")]
    [InlineData("[{'op':'add','path':'/spec/selector/matchLabels/app','value':'web'}]", "add operation does not apply: doc is missing path: \"/spec/selector/matchLabels/app\": missing value")]
    [InlineData("[{'op':'add','path':'/spec/template/spec/containers/7','value':{}}]", "error in add for path: '/spec/template/spec/containers/7': Unable to access invalid index: 7: invalid index referenced")]
    [InlineData("[{'op':'add','path':'/spec/template/spec/containers/x','value':{}}]", "error in add for path: '/spec/template/spec/containers/x': value was not a proper array index: 'x': strconv.Atoi: parsing \"x\": invalid syntax")]
    [InlineData("[{'op':'move','from':'/metadata/nope','path':'/metadata/x'}]", "error in move for path: 'nope': Unable to remove nonexistent key: nope: missing value")]
    [InlineData("[{'op':'copy','from':'/a/b','path':'/metadata/x'}]", "copy operation does not apply: doc is missing from path: /a/b: missing value")]
    [InlineData("[{'op':'jump','path':'/a'}]", "Unexpected kind: jump")]
    [InlineData("[{'path':'/a'}]", "Unexpected kind: unknown")]
    [InlineData("[{'op':'add','value':1}]", "add operation failed to decode path: missing value")]
    public void ReportsUpstreamErrors(string patch, string message)
    {
        var document = JsonText.Parse(Deployment);
        var before = document!.ToJsonString();

        var error = Assert.Throws<PatchException>(() => JsonPatch.Apply(document, JsonText.ParseNode(patch)));

        Assert.Equal(message, error.Message);
        Assert.Equal(422, error.StatusCode);
        Assert.Equal(before, document.ToJsonString());
    }

    [Theory]
    [InlineData("{'op':'add'}", "json: cannot unmarshal object into Go value of type jsonpatch.Patch")]
    [InlineData("['add']", "json: cannot unmarshal string into Go value of type jsonpatch.Operation")]
    public void RejectsMalformedPatchesWithBadRequest(string patch, string message)
    {
        var error = Assert.Throws<PatchException>(() => JsonPatch.Apply(JsonText.Parse("{}"), JsonText.ParseNode(patch)));

        Assert.Equal(message, error.Message);
        Assert.Equal(400, error.StatusCode);
    }

    [Fact]
    public void LaterOperationsSeeEarlierOnesAndInputsStayUntouched()
    {
        var document = JsonText.ParseNode("{'a':{}}");
        var patch = JsonText.ParseNode("[{'op':'add','path':'/a/b','value':{'c':[1]}},{'op':'add','path':'/a/b/c/-','value':2},{'op':'copy','from':'/a/b','path':'/d'}]");
        var patchBefore = patch.ToJsonString();

        var result = JsonPatch.Apply(document, patch)!;
        result["d"]!["c"]!.AsArray().Add(3);

        JsonText.AssertEqual("{'a':{'b':{'c':[1,2]}},'d':{'c':[1,2,3]}}", result);
        JsonText.AssertEqual("{'a':{}}", document);
        Assert.Equal(patchBefore, patch.ToJsonString());
        Assert.IsType<JsonObject>(result);
    }
}
