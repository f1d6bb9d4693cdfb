using Skiff.Scheduler.Framework;
using Skiff.Scheduler.Plugins;
using Skiff.Scheduler.Tests.Infrastructure;
using static Skiff.Scheduler.Tests.Infrastructure.TestObjects;

namespace Skiff.Scheduler.Tests.Plugins;

public sealed class TaintTolerationTests
{
    private readonly TaintToleration plugin = new();

    [Fact]
    public void AnUntoleratedNoScheduleOrNoExecuteTaintRejectsWithUpstreamsReason()
    {
        var harness = new PluginHarness(
            Node("gpu", taints: [Taint("dedicated", "gpu", "NoSchedule")]),
            Node("evicting", taints: [Taint("node.kubernetes.io/unreachable", null, "NoExecute")]),
            Node("soft", taints: [Taint("spot", "true", "PreferNoSchedule")]));

        var statuses = harness.Filter(plugin, Pod("p"));

        Assert.Equal((StatusCode.UnschedulableAndUnresolvable, "node(s) had untolerated taint {dedicated: gpu}"), (statuses["gpu"].Code, statuses["gpu"].Message));
        Assert.Equal("node(s) had untolerated taint {node.kubernetes.io/unreachable: }", statuses["evicting"].Message);
        Assert.True(statuses["soft"].IsSuccess);
    }

    [Fact]
    public void TolerationsMatchByKeyValueEffectAndOperator()
    {
        var harness = new PluginHarness(Node("gpu", taints: [Taint("dedicated", "gpu", "NoSchedule")]));

        Assert.True(harness.Filter(plugin, Tolerating(Toleration("dedicated", "gpu", "NoSchedule")))["gpu"].IsSuccess);
        Assert.True(harness.Filter(plugin, Tolerating(Toleration("dedicated", null, null, "Exists")))["gpu"].IsSuccess);
        Assert.True(harness.Filter(plugin, Tolerating(Toleration("", null, null, "Exists")))["gpu"].IsSuccess);
        Assert.False(harness.Filter(plugin, Tolerating(Toleration("dedicated", "cpu", "NoSchedule")))["gpu"].IsSuccess);
        Assert.False(harness.Filter(plugin, Tolerating(Toleration("dedicated", "gpu", "NoExecute")))["gpu"].IsSuccess);
    }

    [Fact]
    public void FewerUntoleratedPreferNoScheduleTaintsScoreHigher()
    {
        // Upstream normalizes the counts in reverse: 0 taints → 100, 1 of 2 → 50, 2 → 0.
        var harness = new PluginHarness(
            Node("clean"),
            Node("one", taints: [Taint("a", "x", "PreferNoSchedule")]),
            Node("two", taints: [Taint("a", "x", "PreferNoSchedule"), Taint("b", "y", "PreferNoSchedule")]));

        var scores = harness.Score(plugin, Pod("p"));
        Assert.Equal((100, 50, 0), (scores["clean"], scores["one"], scores["two"]));

        var tolerant = harness.Score(plugin, Tolerating(Toleration("b", "y", "PreferNoSchedule")));
        Assert.Equal((100, 0, 0), (tolerant["clean"], tolerant["one"], tolerant["two"]));
    }

    private static k8s.Models.V1Pod Tolerating(k8s.Models.V1Toleration toleration)
    {
        var pod = Pod("p");
        pod.Spec.Tolerations = [toleration];
        return pod;
    }
}
