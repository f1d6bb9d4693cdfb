using k8s.Models;
using Skiff.Api.Selectors;

namespace Skiff.Api.Tests.Selectors;

public class SelectableFieldsTests
{
    [Fact]
    public void KindsWithTheirOwnListRejectWithFieldLabelNotSupported()
    {
        var error = Assert.Throws<SelectorParseException>(() => SelectableFields.Convert("", "pods", FieldSelector.Parse("foo=bar")));
        Assert.Equal("field label not supported: foo", error.Message);

        // Upstream's node conversion accepts only metadata.name of the metadata fields.
        error = Assert.Throws<SelectorParseException>(() => SelectableFields.Convert("", "nodes", FieldSelector.Parse("metadata.namespace=x")));
        Assert.Equal("field label not supported: metadata.namespace", error.Message);
    }

    [Fact]
    public void OtherKindsRejectWithTheDefaultMetadataMessage()
    {
        var error = Assert.Throws<SelectorParseException>(() => SelectableFields.Convert("", "configmaps", FieldSelector.Parse("data.x=1")));
        Assert.Equal("\"data.x\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"", error.Message);
        Assert.Equal("metadata.name=a", SelectableFields.Convert("apps", "deployments", FieldSelector.Parse("metadata.name=a")).ToString());
    }

    [Fact]
    public void ConvertRenamesTheLegacyPodHostField()
    {
        var converted = SelectableFields.Convert("", "pods", FieldSelector.Parse("spec.host=n1"));
        Assert.Equal("spec.nodeName=n1", converted.ToString());
    }

    [Fact]
    public void ForListsTheSupportedFields()
    {
        Assert.Contains("status.phase", SelectableFields.For("", "pods"));
        Assert.Contains("involvedObject.uid", SelectableFields.For("", "events"));
        Assert.Contains("status.replicas", SelectableFields.For("apps", "replicasets"));
        Assert.Equal(["metadata.name", "metadata.namespace"], SelectableFields.For("apps", "deployments").Order());
    }

    [Fact]
    public void ValueReadsPodFieldsAsUpstreamFormatsThem()
    {
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "web-1", NamespaceProperty = "prod" },
            Spec = new V1PodSpec { NodeName = "n1", RestartPolicy = "Always", Containers = [] },
            Status = new V1PodStatus { Phase = "Running", PodIP = "10.0.0.9", PodIPs = [new V1PodIP { Ip = "10.0.0.5" }] },
        };

        Assert.Equal("web-1", SelectableFields.Value(pod, "metadata.name"));
        Assert.Equal("prod", SelectableFields.Value(pod, "metadata.namespace"));
        Assert.Equal("n1", SelectableFields.Value(pod, "spec.nodeName"));
        Assert.Equal("false", SelectableFields.Value(pod, "spec.hostNetwork"));
        Assert.Equal("10.0.0.5", SelectableFields.Value(pod, "status.podIP"));
        Assert.Equal(string.Empty, SelectableFields.Value(pod, "status.nominatedNodeName"));
        Assert.Null(SelectableFields.Value(pod, "spec.bogus"));

        var selector = SelectableFields.Convert("", "pods", FieldSelector.Parse("spec.nodeName=n1,status.phase!=Pending"));
        Assert.True(selector.Matches(field => SelectableFields.Value(pod, field)));
    }

    [Fact]
    public void ValueReadsOtherKinds()
    {
        Assert.Equal("true", SelectableFields.Value(new V1Node { Spec = new V1NodeSpec { Unschedulable = true } }, "spec.unschedulable"));
        Assert.Equal(string.Empty, SelectableFields.Value(new V1Node { Metadata = new V1ObjectMeta { Name = "n" } }, "metadata.namespace"));
        Assert.Equal("kubernetes.io/tls", SelectableFields.Value(new V1Secret { Type = "kubernetes.io/tls" }, "type"));
        Assert.Equal("3", SelectableFields.Value(new V1ReplicaSet { Status = new V1ReplicaSetStatus { Replicas = 3 } }, "status.replicas"));
        Assert.Equal("Active", SelectableFields.Value(new V1Namespace { Status = new V1NamespaceStatus { Phase = "Active" } }, "status.phase"));

        var fromController = new Corev1Event { ReportingComponent = "deployment-controller", InvolvedObject = new V1ObjectReference { Kind = "Deployment", Uid = "u1" } };
        Assert.Equal("deployment-controller", SelectableFields.Value(fromController, "source"));
        Assert.Equal("Deployment", SelectableFields.Value(fromController, "involvedObject.kind"));
        Assert.Equal("u1", SelectableFields.Value(fromController, "involvedObject.uid"));
        var fromKubelet = fromController with { Source = new V1EventSource { Component = "kubelet" } };
        Assert.Equal("kubelet", SelectableFields.Value(fromKubelet, "source"));
    }
}
