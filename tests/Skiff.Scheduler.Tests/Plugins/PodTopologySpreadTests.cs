using k8s.Models;
using Skiff.Scheduler.Cache;
using Skiff.Scheduler.Framework;
using Skiff.Scheduler.Plugins;
using Skiff.Scheduler.Tests.Infrastructure;
using static Skiff.Scheduler.Tests.Infrastructure.TestObjects;

namespace Skiff.Scheduler.Tests.Plugins;

public sealed class PodTopologySpreadTests
{
    private static readonly Dictionary<string, string> App = Labels(("app", "web"));

    [Fact]
    public void DoNotScheduleRejectsDomainsThatWouldExceedMaxSkew()
    {
        // Zone a holds 2 matching pods, zone b none: a pod in a would make skew 3 − 0 > 1; in b 1 − 0 ≤ 1.
        var harness = ZonedCluster().WithPods(Pod("x", nodeName: "a1", labels: App), Pod("y", nodeName: "a2", labels: App));
        var plugin = new PodTopologySpread(harness.Handle);

        var statuses = harness.Filter(plugin, Spread(Pod("p", labels: App), "topology.kubernetes.io/zone", 1, "DoNotSchedule"));

        Assert.Equal((StatusCode.Unschedulable, "node(s) didn't match pod topology spread constraints"), (statuses["a1"].Code, statuses["a1"].Message));
        Assert.True(statuses["b1"].IsSuccess);
        Assert.Equal((StatusCode.UnschedulableAndUnresolvable, "node(s) didn't match pod topology spread constraints (missing required label)"),
            (statuses["nozone"].Code, statuses["nozone"].Message));
    }

    [Fact]
    public void MinDomainsTreatsTheGlobalMinimumAsZeroUntilEnoughDomainsExist()
    {
        // One matching pod in each of zones a and b, maxSkew 1: normally 1 + 1 − 1 = 1 fits everywhere, but with
        // minDomains 3 the minimum counts as 0 and 1 + 1 − 0 = 2 > 1.
        var harness = ZonedCluster().WithPods(Pod("x", nodeName: "a1", labels: App), Pod("y", nodeName: "b1", labels: App));
        var plugin = new PodTopologySpread(harness.Handle);
        var pod = Spread(Pod("p", labels: App), "topology.kubernetes.io/zone", 1, "DoNotSchedule");

        Assert.True(harness.Filter(plugin, pod)["a2"].IsSuccess);
        pod.Spec.TopologySpreadConstraints[0].MinDomains = 3;
        Assert.False(harness.Filter(plugin, pod)["a2"].IsSuccess);
    }

    [Fact]
    public void ScheduleAnywayScoresFewerMatchingPodsHigher()
    {
        // Hostname constraint, maxSkew 1, weight ln(3 + 2) ≈ 1.609: raw scores round(2·1.609) = 3, round(1.609) = 2
        // and 0, normalized 100·(3 + 0 − raw)/3: 0, 33, 100.
        var harness = new PluginHarness(Node("n1"), Node("n2"), Node("n3"))
            .WithPods(Pod("x", nodeName: "n1", labels: App), Pod("y", nodeName: "n1", labels: App), Pod("z", nodeName: "n2", labels: App));
        var plugin = new PodTopologySpread(harness.Handle);

        var scores = harness.Score(plugin, Spread(Pod("p", labels: App), "kubernetes.io/hostname", 1, "ScheduleAnyway"));

        Assert.Equal((0, 33, 100), (scores["n1"], scores["n2"], scores["n3"]));
    }

    [Fact]
    public void SystemDefaultsSpreadThePodsOfTheSameControllerAndIgnoreBarePods()
    {
        var harness = new PluginHarness(Node("n1"), Node("n2"));
        harness.Cluster.ReplicaSets.Add(new V1ReplicaSet
        {
            Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "default", Uid = "rs-uid" },
            Spec = new V1ReplicaSetSpec { Selector = new V1LabelSelector { MatchLabels = App } },
        });
        harness.WithPods(Owned(Pod("x", nodeName: "n1", labels: App)), Owned(Pod("y", nodeName: "n1", labels: App)));
        var plugin = new PodTopologySpread(harness.Handle);

        // Hostname maxSkew 3, weight ln(4) ≈ 1.386: raw round(2·1.386 + 2) = 5 and 2 → 100·(7 − 5)/5 = 40 and 100.
        var scores = harness.Score(plugin, Owned(Pod("p", labels: App)));
        Assert.Equal((40, 100), (scores["n1"], scores["n2"]));

        var bare = plugin.PreScore(new CycleState(), PodInfo.Of(Pod("bare", labels: App)), harness.Nodes);
        Assert.Equal(StatusCode.Skip, bare.Code);
    }

    private static PluginHarness ZonedCluster() => new(
        Node("a1", labels: Labels(("topology.kubernetes.io/zone", "a"))),
        Node("a2", labels: Labels(("topology.kubernetes.io/zone", "a"))),
        Node("b1", labels: Labels(("topology.kubernetes.io/zone", "b"))),
        Node("nozone"));

    private static V1Pod Spread(V1Pod pod, string key, int maxSkew, string whenUnsatisfiable)
    {
        pod.Spec.TopologySpreadConstraints =
        [
            new V1TopologySpreadConstraint
            {
                TopologyKey = key,
                MaxSkew = maxSkew,
                WhenUnsatisfiable = whenUnsatisfiable,
                LabelSelector = new V1LabelSelector { MatchLabels = App },
            },
        ];
        return pod;
    }

    private static V1Pod Owned(V1Pod pod)
    {
        pod.Metadata.OwnerReferences = [new V1OwnerReference { ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = "web", Uid = "rs-uid", Controller = true }];
        return pod;
    }
}
