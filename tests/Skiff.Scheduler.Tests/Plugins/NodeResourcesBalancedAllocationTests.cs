using Skiff.Scheduler.Plugins;
using Skiff.Scheduler.Tests.Infrastructure;
using static Skiff.Scheduler.Tests.Infrastructure.TestObjects;

namespace Skiff.Scheduler.Tests.Plugins;

public sealed class NodeResourcesBalancedAllocationTests
{
    private readonly NodeResourcesBalancedAllocation plugin = new();

    [Fact]
    public void ScoresAsUpstreamsExample()
    {
        // Upstream's "nothing scheduled, resources requested, differently sized nodes": cpu 3000m and memory 5000.
        // Node (4000m, 10000): fractions 0.75 and 0.5, std 0.125, score 87. Node (6000m, 10000): 0.5 and 0.5, 100.
        var harness = new PluginHarness(Node("n1", cpu: "4", memory: "10000"), Node("n2", cpu: "6", memory: "10000"));

        var scores = harness.Score(plugin, Pod("p", cpu: "3", memory: "5000"));

        Assert.Equal(87, scores["n1"]);
        Assert.Equal(100, scores["n2"]);
    }

    [Fact]
    public void CountsTheBoundPodsRealRequestsAndCapsFractionsAtOne()
    {
        // Bound pod 2000m / 1000 on (4000m, 10000), the pod 2000m / 0: cpu 4000/4000 = 1, memory 0.1 → std 0.45 → 55.
        var harness = new PluginHarness(Node("n1", cpu: "4", memory: "10000")).WithPods(Pod("a", cpu: "2", memory: "1000", nodeName: "n1"));

        Assert.Equal(55, harness.Score(plugin, Pod("p", cpu: "2"))["n1"]);
        Assert.Equal(55, harness.Score(plugin, Pod("over", cpu: "3"))["n1"]);
    }
}
