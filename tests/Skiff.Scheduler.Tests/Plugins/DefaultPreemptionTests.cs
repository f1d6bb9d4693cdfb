using Skiff.Scheduler.Cache;
using Skiff.Scheduler.Framework;
using Skiff.Scheduler.Plugins;
using Skiff.Scheduler.Tests.Infrastructure;
using static Skiff.Scheduler.Tests.Infrastructure.TestObjects;

namespace Skiff.Scheduler.Tests.Plugins;

public sealed class DefaultPreemptionTests
{
    [Fact]
    public void NodesWithoutLowerPriorityPodsHaveNoVictims()
    {
        var (_, plugin) = Build(Node("n1"), Node("n2"));
        var filtered = new NodeToStatus();
        filtered.Set("n1", Status.Unschedulable("Insufficient cpu"));
        filtered.Set("n2", Status.Unschedulable("Insufficient cpu"));

        var status = plugin.PostFilter(new CycleState(), PodInfo.Of(Pod("p", cpu: "10")), filtered);

        Assert.Equal("preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.", status.Message);
        Assert.Equal(StatusCode.Unschedulable, status.Code);
    }

    [Fact]
    public void UnresolvableRejectionsAreNotHelpedByPreemption()
    {
        var (_, plugin) = Build(Node("n1"), Node("n2"), Node("n3"));
        var filtered = new NodeToStatus();
        filtered.Set("n1", Status.Unresolvable("node(s) had untolerated taint {a: b}"));
        filtered.Set("n2", Status.Unschedulable("Insufficient cpu"));
        filtered.Set("n3", Status.Unresolvable("node(s) didn't match Pod's node affinity/selector"));

        var status = plugin.PostFilter(new CycleState(), PodInfo.Of(Pod("p", cpu: "10")), filtered);

        Assert.Equal("preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.", status.Message);
    }

    [Fact]
    public void PreemptionPolicyNeverIsNotEligible()
    {
        var (_, plugin) = Build(Node("n1"));
        var pod = Pod("p", cpu: "10");
        pod.Spec.PreemptionPolicy = "Never";

        var status = plugin.PostFilter(new CycleState(), PodInfo.Of(pod), new NodeToStatus());

        Assert.Equal("preemption: not eligible due to preemptionPolicy=Never.", status.Message);
    }

    [Fact]
    public void LowerPriorityPodsThatWouldNotMakeRoomLeaveTheFilterReason()
    {
        var (harness, plugin) = Build(Node("n1", cpu: "4"));
        harness.WithPods(Pod("low", cpu: "1", nodeName: "n1", priority: -5));
        var filtered = new NodeToStatus();
        filtered.Set("n1", Status.Unschedulable("Insufficient cpu"));

        var tooBig = plugin.PostFilter(new CycleState(), PodInfo.Of(Pod("p", cpu: "10")), filtered);
        Assert.Equal("preemption: 0/1 nodes are available: 1 Insufficient cpu.", tooBig.Message);

        var wouldFit = plugin.PostFilter(new CycleState(), PodInfo.Of(Pod("q", cpu: "4")), filtered);
        Assert.Contains("does not preempt", wouldFit.Message, StringComparison.Ordinal);
    }

    private static (PluginHarness Harness, DefaultPreemption Plugin) Build(params k8s.Models.V1Node[] nodes)
    {
        var harness = new PluginHarness(nodes);
        PluginRegistry.InTree().Build(new SchedulerProfile("default-scheduler", [new PluginWeight(NodeResourcesFit.PluginName)]), harness.Handle);
        return (harness, new DefaultPreemption(harness.Handle));
    }
}
