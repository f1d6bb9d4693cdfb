using System.Text.Json.Nodes;
using k8s.Models;
using Skiff.Api.Patching;

namespace Skiff.Api.Tests.Patching;

public class StrategicMergePatchTests
{
    private const string Deployment =
        "{'apiVersion':'apps/v1','kind':'Deployment'," +
        "'metadata':{'name':'web','namespace':'default','labels':{'app':'web'},'annotations':{'deployment.kubernetes.io/revision':'1'}}," +
        "'spec':{'replicas':2,'selector':{'matchLabels':{'app':'web'}}," +
        "'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':'25%','maxUnavailable':'25%'}}," +
        "'template':{'metadata':{'labels':{'app':'web'}},'spec':{" +
        "'containers':[{'name':'nginx','image':'nginx:1.1','ports':[{'containerPort':80,'protocol':'TCP'}]," +
        "'env':[{'name':'A','value':'1'},{'name':'B','value':'2'},{'name':'C','value':'3'}]}]," +
        "'tolerations':[{'key':'k1','operator':'Exists'}]," +
        "'volumes':[{'name':'data','emptyDir':{}}]}}}}";

    public static TheoryData<string, string, string, string> KubectlPatches => new()
    {
        {
            "set image",
            Deployment,
            "{'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'nginx'}],'containers':[{'image':'nginx:1.2','name':'nginx'}]}}}}",
            Deployment.Replace("nginx:1.1", "nginx:1.2", StringComparison.Ordinal)
        },
        {
            "rollout pause",
            Deployment,
            "{'spec':{'paused':true}}",
            Deployment.Replace("'spec':{'replicas':2,", "'spec':{'paused':true,'replicas':2,", StringComparison.Ordinal)
        },
        {
            "rollout resume",
            Deployment.Replace("'spec':{'replicas':2,", "'spec':{'paused':true,'replicas':2,", StringComparison.Ordinal),
            "{'spec':{'paused':null}}",
            Deployment
        },
        {
            "rollout restart",
            Deployment,
            "{'spec':{'template':{'metadata':{'annotations':{'kubectl.kubernetes.io/restartedAt':'2025-01-02T03:04:05Z'}}}}}",
            Deployment.Replace(
                "'template':{'metadata':{'labels':{'app':'web'}}",
                "'template':{'metadata':{'labels':{'app':'web'},'annotations':{'kubectl.kubernetes.io/restartedAt':'2025-01-02T03:04:05Z'}}",
                StringComparison.Ordinal)
        },
        {
            "cordon style scalar",
            "{'spec':{'replicas':2}}",
            "{'spec':{'replicas':5}}",
            "{'spec':{'replicas':5}}"
        },
        {
            "label via strategic merge, removing one",
            "{'metadata':{'labels':{'app':'web','tier':'fe'}}}",
            "{'metadata':{'labels':{'tier':null,'env':'prod'}}}",
            "{'metadata':{'labels':{'app':'web','env':'prod'}}}"
        },
        {
            "3-way apply: change one image, remove env B",
            Deployment,
            "{'metadata':{'annotations':{'kubectl.kubernetes.io/last-applied-configuration':'{}\\n'}}," +
            "'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'nginx'}]," +
            "'containers':[{'$setElementOrder/env':[{'name':'A'},{'name':'C'}],'env':[{'$patch':'delete','name':'B'}],'image':'nginx:2','name':'nginx'}]}}}}",
            Deployment
                .Replace("'annotations':{'deployment.kubernetes.io/revision':'1'}", "'annotations':{'deployment.kubernetes.io/revision':'1','kubectl.kubernetes.io/last-applied-configuration':'{}\\n'}", StringComparison.Ordinal)
                .Replace("nginx:1.1", "nginx:2", StringComparison.Ordinal)
                .Replace("{'name':'B','value':'2'},", string.Empty, StringComparison.Ordinal)
        },
        {
            "retainKeys: RollingUpdate to Recreate",
            Deployment,
            "{'spec':{'strategy':{'$retainKeys':['type'],'rollingUpdate':null,'type':'Recreate'}}}",
            Deployment.Replace(
                "'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':'25%','maxUnavailable':'25%'}}",
                "'strategy':{'type':'Recreate'}",
                StringComparison.Ordinal)
        },
        {
            "retainKeys on a volume whose source changes",
            Deployment,
            "{'spec':{'template':{'spec':{'$setElementOrder/volumes':[{'name':'data'}]," +
            "'volumes':[{'$retainKeys':['configMap','name'],'configMap':{'name':'cfg'},'emptyDir':null,'name':'data'}]}}}}",
            Deployment.Replace("{'name':'data','emptyDir':{}}", "{'name':'data','configMap':{'name':'cfg'}}", StringComparison.Ordinal)
        },
        {
            "tolerations are atomic",
            Deployment,
            "{'spec':{'template':{'spec':{'tolerations':[{'key':'k2','operator':'Exists','effect':'NoSchedule'}]}}}}",
            Deployment.Replace("{'key':'k1','operator':'Exists'}", "{'key':'k2','operator':'Exists','effect':'NoSchedule'}", StringComparison.Ordinal)
        },
        {
            "container ports merge by containerPort inside the pod template",
            Deployment,
            "{'spec':{'template':{'spec':{'containers':[{'name':'nginx','ports':[{'containerPort':443,'protocol':'TCP'},{'containerPort':80,'name':'http'}]}]}}}}",
            Deployment.Replace(
                "'ports':[{'containerPort':80,'protocol':'TCP'}]",
                "'ports':[{'containerPort':443,'protocol':'TCP'},{'containerPort':80,'protocol':'TCP','name':'http'}]",
                StringComparison.Ordinal)
        },
        {
            "new container appended, env merged by name",
            Deployment,
            "{'spec':{'template':{'spec':{'containers':[{'name':'nginx','env':[{'name':'B','value':'20'}]},{'name':'sidecar','image':'busybox'}]}}}}",
            Deployment
                .Replace("{'name':'B','value':'2'}", "{'name':'B','value':'20'}", StringComparison.Ordinal)
                .Replace("'value':'3'}]}]", "'value':'3'}]},{'name':'sidecar','image':'busybox'}]", StringComparison.Ordinal)
        },
    };

    [Theory]
    [MemberData(nameof(KubectlPatches))]
    public void AppliesWhatKubectlSendsToDeployments(string description, string original, string patch, string expected)
    {
        var result = StrategicMergePatch.Apply(JsonText.Parse(original), JsonText.ParseNode(patch), typeof(V1Deployment));

        Assert.False(string.IsNullOrEmpty(description));
        JsonText.AssertEqual(expected, result);
        Assert.DoesNotContain("$", result!.ToJsonString(), StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string, Type> DirectiveCases => new()
    {
        // ownerReferences merge by uid.
        {
            "{'metadata':{'ownerReferences':[{'uid':'u1','kind':'ReplicaSet','name':'a'},{'uid':'u2','kind':'ReplicaSet','name':'b'}]}}",
            "{'metadata':{'ownerReferences':[{'uid':'u2','controller':true},{'uid':'u3','kind':'Deployment','name':'c'}]}}",
            "{'metadata':{'ownerReferences':[{'uid':'u1','kind':'ReplicaSet','name':'a'},{'uid':'u2','kind':'ReplicaSet','name':'b','controller':true},{'uid':'u3','kind':'Deployment','name':'c'}]}}",
            typeof(V1Pod)
        },
        // Deployment status conditions merge by type.
        {
            "{'status':{'conditions':[{'type':'Available','status':'False'},{'type':'Progressing','status':'True','reason':'NewReplicaSetAvailable'}]}}",
            "{'status':{'conditions':[{'type':'Available','status':'True'}]}}",
            "{'status':{'conditions':[{'type':'Available','status':'True'},{'type':'Progressing','status':'True','reason':'NewReplicaSetAvailable'}]}}",
            typeof(V1Deployment)
        },
        // HPA (autoscaling/v2) conditions merge by type, and a condition can be removed.
        {
            "{'status':{'conditions':[{'type':'AbleToScale','status':'True'},{'type':'ScalingActive','status':'True'}]}}",
            "{'status':{'conditions':[{'$patch':'delete','type':'AbleToScale'},{'type':'ScalingLimited','status':'False'}]}}",
            // Without $setElementOrder upstream puts items the live list lacks first (kustomize calls it "prepend").
            "{'status':{'conditions':[{'type':'ScalingLimited','status':'False'},{'type':'ScalingActive','status':'True'}]}}",
            typeof(V2HorizontalPodAutoscaler)
        },
        // finalizers: merge-strategy primitive list is a set union.
        {
            "{'metadata':{'finalizers':['a','b']}}",
            "{'metadata':{'finalizers':['b','c']}}",
            "{'metadata':{'finalizers':['a','b','c']}}",
            typeof(V1ConfigMap)
        },
        // $deleteFromPrimitiveList removes values.
        {
            "{'metadata':{'finalizers':['a','b','c']}}",
            "{'metadata':{'$deleteFromPrimitiveList/finalizers':['b','x']}}",
            "{'metadata':{'finalizers':['a','c']}}",
            typeof(V1ConfigMap)
        },
        // $setElementOrder on a primitive list with additions (upstream "merge lists of scalars").
        {
            "{'metadata':{'finalizers':['1','2','4']}}",
            "{'metadata':{'$setElementOrder/finalizers':['1','2','3'],'finalizers':['3']}}",
            "{'metadata':{'finalizers':['1','2','3','4']}}",
            typeof(V1ConfigMap)
        },
        // $setElementOrder reorders merged containers; a server-only item goes before the first ordered item that
        // followed it in the live list.
        {
            "{'spec':{'containers':[{'name':'a','image':'a'},{'name':'b','image':'b'},{'name':'c','image':'c'}]}}",
            "{'spec':{'$setElementOrder/containers':[{'name':'c'},{'name':'a'}],'containers':[{'name':'a','image':'a2'}]}}",
            "{'spec':{'containers':[{'name':'b','image':'b'},{'name':'c','image':'c'},{'name':'a','image':'a2'}]}}",
            typeof(V1Pod)
        },
        // Upstream raw cases "set elements order in a list with server-only items" (1 and 2), 3-way patch on current.
        {
            "{'spec':{'containers':[{'name':'1','other':'a'},{'name':'3','value':3},{'name':'4','value':4},{'name':'2','value':2},{'name':'9'}]}}",
            "{'spec':{'$setElementOrder/containers':[{'name':'4'},{'name':'2'},{'name':'3'},{'name':'1'}]}}",
            "{'spec':{'containers':[{'name':'4','value':4},{'name':'2','value':2},{'name':'3','value':3},{'name':'1','other':'a'},{'name':'9'}]}}",
            typeof(V1Pod)
        },
        {
            "{'spec':{'containers':[{'name':'1','other':'a'},{'name':'2','value':2},{'name':'9'},{'name':'3','value':3},{'name':'4','value':4}]}}",
            "{'spec':{'$setElementOrder/containers':[{'name':'2'},{'name':'1'},{'name':'4'},{'name':'3'}]}}",
            "{'spec':{'containers':[{'name':'2','value':2},{'name':'1','other':'a'},{'name':'9'},{'name':'4','value':4},{'name':'3','value':3}]}}",
            typeof(V1Pod)
        },
        // Upstream raw case "add an item in a list of primitives and preserve order".
        {
            "{'metadata':{'finalizers':['1','4','2']}}",
            "{'metadata':{'$setElementOrder/finalizers':['3','1','2'],'finalizers':['3']}}",
            "{'metadata':{'finalizers':['3','1','4','2']}}",
            typeof(V1ConfigMap)
        },
        // Upstream raw case "add and delete an item in a list and preserve order".
        {
            "{'spec':{'containers':[{'name':'1','other':'a'},{'name':'2','value':2,'other':'b'},{'name':'3','value':3}]}}",
            "{'spec':{'$setElementOrder/containers':[{'name':'4'},{'name':'2'},{'name':'1'}],'containers':[{'name':'4','value':4},{'name':'3','$patch':'delete'}]}}",
            "{'spec':{'containers':[{'name':'4','value':4},{'name':'2','value':2,'other':'b'},{'name':'1','other':'a'}]}}",
            typeof(V1Pod)
        },
        // Service ports merge by port.
        {
            "{'spec':{'ports':[{'port':80,'targetPort':8080},{'port':443,'targetPort':8443}]}}",
            "{'spec':{'ports':[{'port':443,'targetPort':9443}]}}",
            "{'spec':{'ports':[{'port':80,'targetPort':8080},{'port':443,'targetPort':9443}]}}",
            typeof(V1Service)
        },
        // A list without strategy (container args) is replaced wholesale.
        {
            "{'spec':{'containers':[{'name':'a','args':['x','y'],'command':['sh']}]}}",
            "{'spec':{'containers':[{'name':'a','args':['z']}]}}",
            "{'spec':{'containers':[{'name':'a','args':['z'],'command':['sh']}]}}",
            typeof(V1Pod)
        },
        // {"$patch":"replace"} replaces a whole map (ControllerRevision data for rollout undo of a StatefulSet).
        {
            "{'spec':{'replicas':3,'template':{'metadata':{'labels':{'app':'db','extra':'x'}},'spec':{'containers':[{'name':'db','image':'db:2','env':[{'name':'A'}]}]}}}}",
            "{'spec':{'template':{'$patch':'replace','metadata':{'labels':{'app':'db'}},'spec':{'containers':[{'name':'db','image':'db:1'}]}}}}",
            "{'spec':{'replicas':3,'template':{'metadata':{'labels':{'app':'db'}},'spec':{'containers':[{'name':'db','image':'db:1'}]}}}}",
            typeof(V1StatefulSet)
        },
        // {"$patch":"delete"} deletes a map.
        {
            "{'spec':{'replicas':1,'selector':{'matchLabels':{'a':'b'}}}}",
            "{'spec':{'selector':{'$patch':'delete'}}}",
            "{'spec':{'replicas':1}}",
            typeof(V1Deployment)
        },
        // A {"$patch":"replace"} element replaces a merge list.
        {
            "{'spec':{'containers':[{'name':'a','image':'a'},{'name':'b','image':'b'}]}}",
            "{'spec':{'containers':[{'name':'c','image':'c'},{'$patch':'replace'}]}}",
            "{'spec':{'containers':[{'name':'c','image':'c'}]}}",
            typeof(V1Pod)
        },
        // Unknown fields merge like JSON merge patch: maps merge, lists replace, null deletes.
        {
            "{'spec':{'extra':{'a':1,'b':[1,2],'c':{'d':1}}}}",
            "{'spec':{'extra':{'b':[3],'c':{'e':2},'a':null}}}",
            "{'spec':{'extra':{'b':[3],'c':{'d':1,'e':2}}}}",
            typeof(V1Deployment)
        },
        // Fields missing from the original take the patch value without nulls or directives.
        {
            "{'metadata':{'name':'x'}}",
            "{'spec':{'template':{'spec':{'containers':[{'name':'a','image':'a','args':null},{'name':'b','$patch':'delete'}],'nodeSelector':{'k':null}}}}}",
            "{'metadata':{'name':'x'},'spec':{'template':{'spec':{'containers':[{'name':'a','image':'a'}],'nodeSelector':{}}}}}",
            typeof(V1Deployment)
        },
        // Pod status: podIPs merge by ip, conditions by type.
        {
            "{'status':{'podIPs':[{'ip':'10.0.0.1'}],'conditions':[{'type':'Ready','status':'False'}]}}",
            "{'status':{'podIPs':[{'ip':'fd00::1'}],'conditions':[{'type':'Ready','status':'True'}]}}",
            "{'status':{'podIPs':[{'ip':'fd00::1'},{'ip':'10.0.0.1'}],'conditions':[{'type':'Ready','status':'True'}]}}",
            typeof(V1Pod)
        },
        // Map-valued dictionaries (ConfigMap data) merge by key.
        {
            "{'data':{'a':'1','b':'2'}}",
            "{'data':{'b':null,'c':'3'}}",
            "{'data':{'a':'1','c':'3'}}",
            typeof(V1ConfigMap)
        },
    };

    [Theory]
    [MemberData(nameof(DirectiveCases))]
    public void HonoursStrategiesAndDirectives(string original, string patch, string expected, Type modelType)
    {
        var result = StrategicMergePatch.Apply(JsonText.Parse(original), JsonText.ParseNode(patch), modelType);

        JsonText.AssertEqual(expected, result);
        Assert.DoesNotContain("$", result!.ToJsonString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{'spec':{'strategy':{'$retainKeys':['type'],'type':'Recreate','rollingUpdate':{'maxSurge':1}}}}", "invalid patch format of retainKeys", 400)]
    [InlineData("{'spec':{'strategy':{'$retainKeys':'type'}}}", "invalid patch format of retainKeys", 400)]
    [InlineData("{'metadata':{'$deleteFromPrimitiveList':['a']}}", "invalid patch format of primitive list", 400)]
    [InlineData("{'metadata':{'$deleteFromPrimitiveList/finalizers':'a'}}", "invalid patch format of primitive list", 400)]
    [InlineData("{'spec':{'template':{'spec':{'$setElementOrder/containers':{'name':'a'}}}}}", "invalid patch format of setElementOrder list", 400)]
    [InlineData("{'spec':{'template':{'spec':{'containers':[{'image':'x'}]}}}}", "map: {\"image\":\"x\"} does not contain declared merge key: name", 422)]
    [InlineData("{'spec':{'template':{'spec':{'containers':[{'$patch':'delete'}]}}}}", "map: {\"$patch\":\"delete\"} does not contain declared merge key: name", 422)]
    [InlineData("{'spec':{'template':{'spec':{'containers':[{'$patch':'merge'}]}}}}", "merging lists cannot yet be specified in the patch", 422)]
    [InlineData("{'spec':{'template':{'$patch':'explode'}}}", "unknown patch type: \"explode\" in map: {\"$patch\":\"explode\"}", 422)]
    [InlineData(
        "{'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'a'}],'containers':[{'name':'b','image':'b'}]}}}}",
        "The order in patch list:\n[{\"name\":\"b\",\"image\":\"b\"}]\n doesn't match $setElementOrder list:\n[{\"name\":\"a\"}]\n",
        422)]
    public void RejectsInvalidPatchesAsUpstream(string patch, string message, int statusCode)
    {
        var original = JsonText.Parse("{'spec':{'strategy':{'type':'RollingUpdate'},'template':{'spec':{'containers':[{'name':'a','image':'a'}]}}}}");

        var error = Assert.Throws<PatchException>(() => StrategicMergePatch.Apply(original, JsonText.ParseNode(patch), typeof(V1Deployment)));

        Assert.Equal(message, error.Message);
        Assert.Equal(statusCode, error.StatusCode);
    }

    [Fact]
    public void RejectsANonObjectPatch()
    {
        var error = Assert.Throws<PatchException>(() => StrategicMergePatch.Apply(JsonText.Parse("{}"), JsonText.ParseNode("[1]"), typeof(V1Pod)));

        Assert.Equal("invalid JSON document", error.Message);
        Assert.Equal(400, error.StatusCode);
    }

    [Fact]
    public void DoesNotMutateInputsOrShareNodes()
    {
        var original = JsonText.ParseNode(Deployment);
        var patch = JsonText.ParseNode(
            "{'spec':{'strategy':{'$retainKeys':['type'],'rollingUpdate':null,'type':'Recreate'},'template':{'spec':{'$setElementOrder/containers':[{'name':'nginx'}],'containers':[{'name':'nginx','image':'x','env':[{'$patch':'delete','name':'A'}]}]}}}}");
        var originalBefore = original.ToJsonString();
        var patchBefore = patch.ToJsonString();

        var result = StrategicMergePatch.Apply(original, patch, typeof(V1Deployment))!;
        result["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = "changed";

        Assert.Equal(originalBefore, original.ToJsonString());
        Assert.Equal(patchBefore, patch.ToJsonString());
    }

    [Fact]
    public void TreatsAMissingOriginalAsEmpty()
    {
        var result = StrategicMergePatch.Apply(null, JsonText.ParseNode("{'metadata':{'finalizers':['a'],'labels':{'x':null}}}"), typeof(V1Pod));

        JsonText.AssertEqual("{'metadata':{'finalizers':['a'],'labels':{}}}", result);
    }

    [Fact]
    public void TheResultDeserializesIntoTheModel()
    {
        var patch = JsonText.ParseNode("{'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'nginx'}],'containers':[{'image':'nginx:1.2','name':'nginx'}]}}}}");

        var result = StrategicMergePatch.Apply(JsonText.Parse(Deployment), patch, typeof(V1Deployment));
        var deployment = k8s.KubernetesJson.Deserialize<V1Deployment>(result!.ToJsonString());

        var container = Assert.Single(deployment.Spec.Template.Spec.Containers);
        Assert.Equal("nginx:1.2", container.Image);
        Assert.Equal(["A", "B", "C"], container.Env.Select(e => e.Name));
        Assert.Equal(80, Assert.Single(container.Ports).ContainerPort);
    }

    [Fact]
    public void WholePatchDirectivesApplyToTheRoot()
    {
        var replaced = StrategicMergePatch.Apply(JsonText.Parse("{'a':1,'b':2}"), JsonText.ParseNode("{'$patch':'replace','c':3}"), typeof(V1ConfigMap));
        var deleted = StrategicMergePatch.Apply(JsonText.Parse("{'a':1}"), JsonText.ParseNode("{'$patch':'delete'}"), typeof(V1ConfigMap));

        JsonText.AssertEqual("{'c':3}", replaced);
        Assert.Equal(new JsonObject().ToJsonString(), deleted!.ToJsonString());
    }
}
