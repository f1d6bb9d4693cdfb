using Skiff.Scheduler.Cache;
using Skiff.Scheduler.Framework;
using Skiff.Scheduler.Tests.Infrastructure;
using static Skiff.Scheduler.Tests.Infrastructure.TestObjects;

namespace Skiff.Scheduler.Tests.Framework;

public sealed class SchedulingFrameworkTests
{
    [Fact]
    public void FiltersRunInProfileOrderAndTheFirstRejectionNamesItsPlugin()
    {
        var harness = new PluginHarness(Node("n1", cpu: "1", unschedulable: true));
        var framework = PluginRegistry.InTree().Build(SchedulerProfile.Default, harness.Handle);
        var state = new CycleState();
        var pod = PodInfo.Of(Pod("p", cpu: "2"));
        framework.RunPreFilterPlugins(state, pod, harness.Nodes);

        var (status, plugin) = framework.RunFilterPlugins(state, pod, harness.NodeInfo("n1"));

        // NodeUnschedulable comes before NodeResourcesFit, so the cordon is reported, not the cpu.
        Assert.Equal(("NodeUnschedulable", "node(s) were unschedulable"), (plugin, status.Message));
    }

    [Fact]
    public void ScoresAreWeightedAndSummed()
    {
        // TaintToleration (weight 3): 100 on the clean node, 0 on the tainted one; the rest score both alike.
        var harness = new PluginHarness(Node("clean"), Node("tainted", taints: [Taint("spot", "true", "PreferNoSchedule")]));
        var framework = PluginRegistry.InTree().Build(SchedulerProfile.Default, harness.Handle);
        var state = new CycleState();
        var pod = PodInfo.Of(Pod("p"));
        Assert.True(framework.RunPreScorePlugins(state, pod, harness.Nodes).IsSuccess);

        var (totals, status) = framework.RunScorePlugins(state, pod, harness.Nodes);

        Assert.True(status.IsSuccess);
        var clean = totals[harness.Nodes.ToList().FindIndex(n => n.Name == "clean")];
        var tainted = totals[harness.Nodes.ToList().FindIndex(n => n.Name == "tainted")];
        Assert.Equal(300, clean - tainted);
    }

    [Fact]
    public void AnUnknownPluginInAProfileIsRejected()
    {
        var harness = new PluginHarness();
        var profile = new SchedulerProfile("default-scheduler", [new PluginWeight("NoSuchPlugin")]);

        var error = Assert.Throws<ArgumentException>(() => PluginRegistry.InTree().Build(profile, harness.Handle));
        Assert.Contains("NoSuchPlugin", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(50, 50)]
    [InlineData(100, 100)]
    [InlineData(200, 100)]
    [InlineData(1_000, 420)]
    [InlineData(5_000, 500)]
    [InlineData(10_000, 500)]
    public void AdaptivePercentageOfNodesToScoreAsUpstream(int nodes, int expected) =>
        Assert.Equal(expected, Scheduler.NumFeasibleNodesToFind(0, nodes));

    [Fact]
    public void AConfiguredPercentageIsHonouredAboveTheMinimum() =>
        Assert.Equal((1_000, 100), (Scheduler.NumFeasibleNodesToFind(20, 5_000), Scheduler.NumFeasibleNodesToFind(1, 5_000)));
}
