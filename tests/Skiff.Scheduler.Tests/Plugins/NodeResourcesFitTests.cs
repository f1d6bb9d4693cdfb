using k8s.Models;
using Skiff.Scheduler.Framework;
using Skiff.Scheduler.Plugins;
using Skiff.Scheduler.Tests.Infrastructure;
using static Skiff.Scheduler.Tests.Infrastructure.TestObjects;

namespace Skiff.Scheduler.Tests.Plugins;

public sealed class NodeResourcesFitTests
{
    private readonly NodeResourcesFit plugin = new();

    [Fact]
    public void RequestsMustFitWhatTheBoundPodsLeave()
    {
        var harness = new PluginHarness(Node("n1", cpu: "4", memory: "8Gi"))
            .WithPods(Pod("a", cpu: "3500m", memory: "1Gi", nodeName: "n1"));

        Assert.True(harness.Filter(plugin, Pod("fits", cpu: "500m"))["n1"].IsSuccess);
        var cpu = harness.Filter(plugin, Pod("cpu", cpu: "600m"))["n1"];
        Assert.Equal((StatusCode.Unschedulable, "Insufficient cpu"), (cpu.Code, cpu.Message));
        var both = harness.Filter(plugin, Pod("both", cpu: "1", memory: "8Gi"))["n1"];
        Assert.Equal(["Insufficient cpu", "Insufficient memory"], both.Reasons);
    }

    [Fact]
    public void APodWithoutRequestsFitsAFullNodeButNotOneAtItsPodLimit()
    {
        var harness = new PluginHarness(Node("full", cpu: "1", pods: 10), Node("crowded", pods: 1))
            .WithPods(Pod("hog", cpu: "1", nodeName: "full"), Pod("one", nodeName: "crowded"));

        var statuses = harness.Filter(plugin, Pod("tiny"));

        Assert.True(statuses["full"].IsSuccess);
        Assert.Equal(["Too many pods"], statuses["crowded"].Reasons);
    }

    [Fact]
    public void ExtendedResourcesAndInitContainersCount()
    {
        var node = Node("n1", cpu: "2");
        node.Status.Allocatable["example.com/gpu"] = new ResourceQuantity("1");
        var harness = new PluginHarness(node);
        var gpus = Pod("gpus");
        gpus.Spec.Containers[0].Resources.Requests = new Dictionary<string, ResourceQuantity> { ["example.com/gpu"] = new("2") };
        var init = Pod("init", cpu: "1");
        init.Spec.InitContainers = [new V1Container { Name = "setup", Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("3") } } }];

        Assert.Equal(["Insufficient example.com/gpu"], harness.Filter(plugin, gpus)["n1"].Reasons);
        Assert.Equal(["Insufficient cpu"], harness.Filter(plugin, init)["n1"].Reasons);
    }

    [Fact]
    public void LeastAllocatedScoresAsUpstreamsExample()
    {
        // Upstream's "nothing scheduled, resources requested, differently sized nodes": cpu 3000m and memory 5000
        // on nodes of (4000m, 10000) and (6000m, 10000): (25 + 50)/2 = 37 and (50 + 50)/2 = 50.
        var harness = new PluginHarness(Node("n1", cpu: "4", memory: "10000"), Node("n2", cpu: "6", memory: "10000"));

        var scores = harness.Score(plugin, Pod("p", cpu: "3", memory: "5000"));

        Assert.Equal(37, scores["n1"]);
        Assert.Equal(50, scores["n2"]);
    }

    [Fact]
    public void LeastAllocatedCountsDefaultRequestsForPodsWithoutRequests()
    {
        // Each request-less pod counts 100m cpu and 200 MiB: on 1000m / 2000 MiB the empty node scores
        // (900·100/1000 + 1800·100/2000)/2 = 90, the node with one such pod (800 and 1600 left) 80.
        var harness = new PluginHarness(Node("empty", cpu: "1", memory: "2000Mi"), Node("busy", cpu: "1", memory: "2000Mi"))
            .WithPods(Pod("existing", nodeName: "busy"));

        var scores = harness.Score(plugin, Pod("p"));

        Assert.Equal(90, scores["empty"]);
        Assert.Equal(80, scores["busy"]);
    }
}
