using k8s.Models;
using Skiff.Scheduler.Cache;
using Skiff.Scheduler.Framework;
using Skiff.Scheduler.Plugins;
using Skiff.Scheduler.Tests.Infrastructure;
using static Skiff.Scheduler.Tests.Infrastructure.TestObjects;

namespace Skiff.Scheduler.Tests.Plugins;

/// <summary>The small filters: NodeName, NodeUnschedulable, NodePorts, and the SchedulingGates pre-enqueue check.</summary>
public sealed class NodeFilterTests
{
    [Fact]
    public void NodeNameFitsOnlyTheNamedNode()
    {
        var harness = new PluginHarness(Node("a"), Node("b"));
        var pinned = Pod("p");
        pinned.Spec.NodeName = "b";

        var statuses = harness.Filter(new NodeName(), pinned);

        Assert.Equal((StatusCode.UnschedulableAndUnresolvable, "node(s) didn't match the requested node name"), (statuses["a"].Code, statuses["a"].Message));
        Assert.True(statuses["b"].IsSuccess);
        Assert.All(harness.Filter(new NodeName(), Pod("free")).Values, s => Assert.True(s.IsSuccess));
    }

    [Fact]
    public void CordonedNodesRejectPodsUnlessTheyTolerateTheUnschedulableTaint()
    {
        var harness = new PluginHarness(Node("cordoned", unschedulable: true), Node("open"));
        var tolerant = Pod("t");
        tolerant.Spec.Tolerations = [Toleration("node.kubernetes.io/unschedulable", null, "NoSchedule", "Exists")];

        var statuses = harness.Filter(new NodeUnschedulable(), Pod("p"));

        Assert.Equal((StatusCode.UnschedulableAndUnresolvable, "node(s) were unschedulable"), (statuses["cordoned"].Code, statuses["cordoned"].Message));
        Assert.True(statuses["open"].IsSuccess);
        Assert.True(harness.Filter(new NodeUnschedulable(), tolerant)["cordoned"].IsSuccess);
    }

    [Fact]
    public void HostPortsConflictPerProtocolAndAddressWithTheWildcardAddressCoveringAll()
    {
        var harness = new PluginHarness(Node("any"), Node("specific"))
            .WithPods(WithPort(Pod("a", nodeName: "any"), 8080, null, null), WithPort(Pod("b", nodeName: "specific"), 8080, "10.0.0.1", "TCP"));

        var sameOnAll = harness.Filter(new NodePorts(), WithPort(Pod("p1"), 8080, null, null));
        Assert.Equal((StatusCode.Unschedulable, "node(s) didn't have free ports for the requested pod ports"), (sameOnAll["any"].Code, sameOnAll["any"].Message));
        Assert.False(sameOnAll["specific"].IsSuccess);

        var otherAddress = harness.Filter(new NodePorts(), WithPort(Pod("p2"), 8080, "10.0.0.2", "TCP"));
        Assert.False(otherAddress["any"].IsSuccess);
        Assert.True(otherAddress["specific"].IsSuccess);

        var udp = harness.Filter(new NodePorts(), WithPort(Pod("p3"), 8080, null, "UDP"));
        Assert.All(udp.Values, s => Assert.True(s.IsSuccess));
    }

    [Fact]
    public void SchedulingGatesHoldThePodBack()
    {
        var gated = Pod("p");
        gated.Spec.SchedulingGates = [new V1PodSchedulingGate { Name = "example.com/wait" }, new V1PodSchedulingGate { Name = "other" }];

        var status = new SchedulingGates().PreEnqueue(PodInfo.Of(gated));

        Assert.Equal((StatusCode.UnschedulableAndUnresolvable, "waiting for scheduling gates: [example.com/wait other]"), (status.Code, status.Message));
        Assert.True(new SchedulingGates().PreEnqueue(PodInfo.Of(Pod("free"))).IsSuccess);
    }

    private static V1Pod WithPort(V1Pod pod, int hostPort, string? hostIp, string? protocol)
    {
        pod.Spec.Containers[0].Ports = [new V1ContainerPort { ContainerPort = 80, HostPort = hostPort, HostIP = hostIp, Protocol = protocol }];
        return pod;
    }
}
