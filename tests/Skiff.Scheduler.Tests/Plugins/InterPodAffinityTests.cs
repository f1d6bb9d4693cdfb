using k8s.Models;
using Skiff.Scheduler.Cache;
using Skiff.Scheduler.Framework;
using Skiff.Scheduler.Plugins;
using Skiff.Scheduler.Tests.Infrastructure;
using static Skiff.Scheduler.Tests.Infrastructure.TestObjects;

namespace Skiff.Scheduler.Tests.Plugins;

public sealed class InterPodAffinityTests
{
    private const string Zone = "topology.kubernetes.io/zone";
    private const string Hostname = "kubernetes.io/hostname";

    [Fact]
    public void RequiredAffinityNeedsASelectedPodInTheSameZone()
    {
        var harness = Zoned().WithPods(Pod("db", nodeName: "a1", labels: Labels(("app", "db"))));
        var plugin = new InterPodAffinity(harness.Handle);

        var statuses = harness.Filter(plugin, WithAffinity(Pod("web"), required: Term("app", "db", Zone)));

        Assert.True(statuses["a1"].IsSuccess);
        Assert.True(statuses["a2"].IsSuccess);
        Assert.Equal((StatusCode.UnschedulableAndUnresolvable, "node(s) didn't match pod affinity rules"), (statuses["b1"].Code, statuses["b1"].Message));
    }

    [Fact]
    public void TheFirstPodOfAGroupWithAffinityToItselfMayGoAnywhere()
    {
        var harness = Zoned();
        var plugin = new InterPodAffinity(harness.Handle);

        var statuses = harness.Filter(plugin, WithAffinity(Pod("first", labels: Labels(("app", "cache"))), required: Term("app", "cache", Zone)));

        Assert.All(statuses.Values, s => Assert.True(s.IsSuccess));
    }

    [Fact]
    public void RequiredAntiAffinityWorksBothWays()
    {
        var existing = WithAffinity(Pod("guard", nodeName: "a1", labels: Labels(("app", "guard"))), requiredAnti: Term("app", "web", Hostname));
        var harness = Zoned().WithPods(existing, Pod("web-0", nodeName: "b1", labels: Labels(("app", "web"))));
        var plugin = new InterPodAffinity(harness.Handle);

        // The incoming web pod avoids b1 (its own anti-affinity to web pods) and a1 (the guard's anti-affinity to it).
        var statuses = harness.Filter(plugin, WithAffinity(Pod("web-1", labels: Labels(("app", "web"))), requiredAnti: Term("app", "web", Hostname)));

        Assert.Equal((StatusCode.Unschedulable, "node(s) didn't satisfy existing pods anti-affinity rules"), (statuses["a1"].Code, statuses["a1"].Message));
        Assert.Equal("node(s) didn't match pod anti-affinity rules", statuses["b1"].Message);
        Assert.True(statuses["a2"].IsSuccess);
    }

    [Fact]
    public void PreferredAffinityScoresTheZoneWithSelectedPods()
    {
        // Weight 10 towards zone a (one db pod there), weight 5 away from zone b (one cache pod there):
        // raw a = 10, b = −5 → min-max normalized 100 and 0.
        var harness = Zoned().WithPods(Pod("db", nodeName: "a2", labels: Labels(("app", "db"))), Pod("cache", nodeName: "b1", labels: Labels(("app", "cache"))));
        var plugin = new InterPodAffinity(harness.Handle);
        var pod = Pod("web");
        pod.Spec.Affinity = new V1Affinity
        {
            PodAffinity = new V1PodAffinity { PreferredDuringSchedulingIgnoredDuringExecution = [new V1WeightedPodAffinityTerm { PodAffinityTerm = Term("app", "db", Zone), Weight = 10 }] },
            PodAntiAffinity = new V1PodAntiAffinity { PreferredDuringSchedulingIgnoredDuringExecution = [new V1WeightedPodAffinityTerm { PodAffinityTerm = Term("app", "cache", Zone), Weight = 5 }] },
        };

        var scores = harness.Score(plugin, pod);

        Assert.Equal((100, 100, 0), (scores["a1"], scores["a2"], scores["b1"]));
    }

    [Fact]
    public void PodsWithoutTermsSkipWhenNoExistingPodHasAny()
    {
        var harness = Zoned().WithPods(Pod("plain", nodeName: "a1"));
        var plugin = new InterPodAffinity(harness.Handle);

        Assert.Equal(StatusCode.Skip, plugin.PreFilter(new CycleState(), PodInfo.Of(Pod("p")), harness.Nodes).Status.Code);
        Assert.Equal(StatusCode.Skip, plugin.PreScore(new CycleState(), PodInfo.Of(Pod("p")), harness.Nodes).Code);
    }

    private static PluginHarness Zoned() => new(
        Node("a1", labels: Labels((Zone, "a"))),
        Node("a2", labels: Labels((Zone, "a"))),
        Node("b1", labels: Labels((Zone, "b"))));

    private static V1PodAffinityTerm Term(string key, string value, string topologyKey) =>
        new() { LabelSelector = new V1LabelSelector { MatchLabels = Labels((key, value)) }, TopologyKey = topologyKey };

    private static V1Pod WithAffinity(V1Pod pod, V1PodAffinityTerm? required = null, V1PodAffinityTerm? requiredAnti = null)
    {
        pod.Spec.Affinity = new V1Affinity
        {
            PodAffinity = required is null ? null : new V1PodAffinity { RequiredDuringSchedulingIgnoredDuringExecution = [required] },
            PodAntiAffinity = requiredAnti is null ? null : new V1PodAntiAffinity { RequiredDuringSchedulingIgnoredDuringExecution = [requiredAnti] },
        };
        return pod;
    }
}
