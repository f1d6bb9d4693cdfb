using k8s.Models;
using Skiff.Scheduler.Cache;
using Skiff.Scheduler.Framework;
using Skiff.Scheduler.Plugins;
using Skiff.Scheduler.Tests.Infrastructure;
using static Skiff.Scheduler.Tests.Infrastructure.TestObjects;

namespace Skiff.Scheduler.Tests.Plugins;

public sealed class NodeAffinityTests
{
    private readonly NodeAffinity plugin = new();

    private readonly PluginHarness harness = new(
        Node("a", labels: Labels(("disk", "ssd"), ("cores", "8"))),
        Node("b", labels: Labels(("disk", "hdd"), ("cores", "16"))),
        Node("c"));

    [Fact]
    public void APodWithoutSelectorOrAffinitySkipsTheFilter()
    {
        var result = plugin.PreFilter(new CycleState(), PodInfo.Of(Pod("p")), harness.Nodes);
        Assert.Equal(StatusCode.Skip, result.Status.Code);
    }

    [Fact]
    public void NodeSelectorMustMatchEveryLabel()
    {
        var pod = Pod("p");
        pod.Spec.NodeSelector = Labels(("disk", "ssd"), ("cores", "8"));

        var statuses = harness.Filter(plugin, pod);

        Assert.True(statuses["a"].IsSuccess);
        Assert.Equal((StatusCode.UnschedulableAndUnresolvable, NodeAffinity.ErrReasonPod), (statuses["b"].Code, statuses["b"].Message));
        Assert.False(statuses["c"].IsSuccess);
    }

    [Fact]
    public void RequiredTermsAreOredAndTheirExpressionsAnded()
    {
        var pod = Required(
            Term(Expression("disk", "In", "ssd"), Expression("cores", "Gt", "10")),
            Term(Expression("disk", "DoesNotExist")));

        var statuses = harness.Filter(plugin, pod);

        Assert.False(statuses["a"].IsSuccess); // ssd, but 8 cores is not > 10
        Assert.False(statuses["b"].IsSuccess); // hdd
        Assert.True(statuses["c"].IsSuccess); // no disk label
    }

    [Fact]
    public void AnEmptyTermMatchesNoNodeAndRequiredWithoutTermsMatchesNone()
    {
        Assert.All(harness.Filter(plugin, Required(new V1NodeSelectorTerm())).Values, s => Assert.False(s.IsSuccess));
        Assert.All(harness.Filter(plugin, Required()).Values, s => Assert.False(s.IsSuccess));
    }

    [Fact]
    public void MetadataNameFieldsNarrowTheCandidatesBeforeFiltering()
    {
        var term = new V1NodeSelectorTerm { MatchFields = [new V1NodeSelectorRequirement { Key = "metadata.name", OperatorProperty = "In", Values = ["b"] }] };
        var pod = Required(term);

        var result = plugin.PreFilter(new CycleState(), PodInfo.Of(pod), harness.Nodes);

        Assert.True(result.Status.IsSuccess);
        Assert.Equal(["b"], result.NodeNames!);
        var statuses = harness.Filter(plugin, pod);
        Assert.True(statuses["b"].IsSuccess);
        Assert.False(statuses["a"].IsSuccess);
    }

    [Fact]
    public void PreferredTermsScoreTheirWeightsNormalizedToTheBest()
    {
        // Weights 2 (disk=ssd) and 4 (cores exists): a matches both (6), b only the second (4), c none (0) → 100, 66, 0.
        var pod = Pod("p");
        pod.Spec.Affinity = new V1Affinity
        {
            NodeAffinity = new V1NodeAffinity
            {
                PreferredDuringSchedulingIgnoredDuringExecution =
                [
                    new V1PreferredSchedulingTerm { Weight = 2, Preference = Term(Expression("disk", "In", "ssd")) },
                    new V1PreferredSchedulingTerm { Weight = 4, Preference = Term(Expression("cores", "Exists")) },
                ],
            },
        };

        var scores = harness.Score(plugin, pod);

        Assert.Equal((100, 66, 0), (scores["a"], scores["b"], scores["c"]));
    }

    private static V1Pod Required(params V1NodeSelectorTerm[] terms)
    {
        var pod = Pod("p");
        pod.Spec.Affinity = new V1Affinity { NodeAffinity = new V1NodeAffinity { RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector { NodeSelectorTerms = terms } } };
        return pod;
    }

    private static V1NodeSelectorTerm Term(params V1NodeSelectorRequirement[] expressions) => new() { MatchExpressions = expressions };

    private static V1NodeSelectorRequirement Expression(string key, string op, params string[] values) =>
        new() { Key = key, OperatorProperty = op, Values = values.Length == 0 ? null : values };
}
