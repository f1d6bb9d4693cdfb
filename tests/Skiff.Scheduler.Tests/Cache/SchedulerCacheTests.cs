using k8s.Models;
using Skiff.Scheduler.Cache;
using static Skiff.Scheduler.Tests.Infrastructure.TestObjects;

namespace Skiff.Scheduler.Tests.Cache;

public sealed class SchedulerCacheTests
{
    [Fact]
    public void AnAssumedPodCountsAtOnceAndIsReplacedByTheBoundOne()
    {
        var cache = new SchedulerCache();
        cache.AddOrUpdateNode(Node("n1"));
        var pod = Pod("p", cpu: "1", memory: "1Gi");

        Assert.True(cache.AssumePod(PodInfo.Of(pod).AssumedOn("n1")));
        Assert.Equal(1000, cache.Get("n1")!.Requested.MilliCpu);
        Assert.True(cache.IsAssumed(pod.Metadata.Uid));

        pod.Spec.NodeName = "n1";
        cache.AddOrUpdatePod(pod);
        Assert.False(cache.IsAssumed(pod.Metadata.Uid));
        Assert.Single(cache.Get("n1")!.Pods);
        Assert.Equal(1000, cache.Get("n1")!.Requested.MilliCpu);

        cache.ForgetPod(pod.Metadata.Uid); // too late: the binding was observed
        Assert.Single(cache.Get("n1")!.Pods);
    }

    [Fact]
    public void AForgottenPodFreesItsNode()
    {
        var cache = new SchedulerCache();
        cache.AddOrUpdateNode(Node("n1"));
        var info = PodInfo.Of(Pod("p", cpu: "1")).AssumedOn("n1");
        cache.AssumePod(info);

        cache.ForgetPod(info.Uid);

        Assert.Empty(cache.Get("n1")!.Pods);
        Assert.Equal(0, cache.Get("n1")!.Requested.MilliCpu);
    }

    [Fact]
    public void NodesAreListedRoundRobinAcrossZones()
    {
        var cache = new SchedulerCache();
        foreach (var (name, zone) in new[] { ("a1", "a"), ("a2", "a"), ("a3", "a"), ("b1", "b"), ("c1", "c"), ("c2", "c") })
        {
            cache.AddOrUpdateNode(Node(name, labels: Labels(("topology.kubernetes.io/zone", zone))));
        }

        Assert.Equal(["a1", "b1", "c1", "a2", "c2", "a3"], cache.Nodes.Select(n => n.Name));
    }

    [Fact]
    public void PodsOfADeletedNodeKeepItsPlaceholderOutOfTheNodeList()
    {
        var cache = new SchedulerCache();
        cache.AddOrUpdateNode(Node("n1"));
        cache.AddOrUpdatePod(Pod("p", nodeName: "n1"));

        cache.RemoveNode("n1");

        Assert.Empty(cache.Nodes);
        Assert.Null(cache.Get("n1"));
        cache.RemovePod("uid-default-p");
        Assert.Equal(0, cache.PodCount);
    }

    [Fact]
    public void PodRequestsTakeTheLargestInitContainerAndAddSidecarsAndOverhead()
    {
        // Containers 2 + 1 cpu; init containers 2 cpu and (after a 1-cpu sidecar) 2 cpu; overhead 250m:
        // sum 3 + sidecar 1 = 4, the second init container needs 2 + 1 = 3 < 4, so 4 + 0.25 = 4250m.
        var spec = new V1PodSpec
        {
            Containers = [Container("2"), Container("1")],
            InitContainers = [Container("2"), Container("1", sidecar: true), Container("2")],
            Overhead = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("250m") },
        };

        Assert.Equal(4250, PodResources.Requests(spec, nonZeroDefaults: false).MilliCpu);

        var bare = new V1PodSpec { Containers = [new V1Container { Name = "a" }, new V1Container { Name = "b" }] };
        var nonZero = PodResources.Requests(bare, nonZeroDefaults: true);
        Assert.Equal((200, 400L * 1024 * 1024), (nonZero.MilliCpu, nonZero.MemoryBytes));
        Assert.Equal(0, PodResources.Requests(bare, nonZeroDefaults: false).MilliCpu);
    }

    private static V1Container Container(string cpu, bool sidecar = false) => new()
    {
        Name = "c",
        RestartPolicy = sidecar ? "Always" : null,
        Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(cpu) } },
    };
}
