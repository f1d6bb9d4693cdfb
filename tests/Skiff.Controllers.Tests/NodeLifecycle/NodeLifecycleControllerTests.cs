using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Skiff.Client;
using Skiff.Client.Events;
using Skiff.Controllers.NodeLifecycle;
using Skiff.Controllers.Tests.Infrastructure;
using Skiff.Testing;

namespace Skiff.Controllers.Tests.NodeLifecycle;

public sealed class NodeLifecycleControllerTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(5);
    private readonly FakeTimeProvider clock = new(Start);
    private TestCluster cluster = null!;

    public async Task InitializeAsync()
    {
        cluster = await TestCluster.StartAsync(clock);
        await cluster.Client.CreateAsync(Manifests.Namespace("nlc"));
    }

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    [Fact]
    public async Task A_node_whose_lease_stops_is_marked_unknown_after_the_grace_period_not_before_and_tainted_unreachable()
    {
        await Nodes.CreateHealthyAsync(cluster.Client, "stale", clock.GetUtcNow().UtcDateTime);
        await Nodes.CreateHealthyAsync(cluster.Client, "healthy", clock.GetUtcNow().UtcDateTime);
        var time = StartController();
        time.Alive.Add("healthy");
        await time.StartedAsync();

        // The first pass saw the stale node's Lease at 12:00:00; 40 s later it is exactly at the grace period, not past it.
        for (var i = 0; i < 8; i++)
        {
            await time.StepAsync(Period);
        }

        Assert.Equal(Start.AddSeconds(40).UtcDateTime, time.Now);
        var stillReady = await cluster.Client.GetAsync<V1Node>(null, "stale");
        Assert.Equal("True", Ready(stillReady).Status);
        Assert.Empty(Nodes.TaintsOf(stillReady));

        await time.StepAsync(Period);
        var unknown = await cluster.Client.GetAsync<V1Node>(null, "stale");
        Assert.Equal(
            [
                "MemoryPressure Unknown NodeStatusUnknown Kubelet stopped posting node status. 12:00:45",
                "DiskPressure Unknown NodeStatusUnknown Kubelet stopped posting node status. 12:00:45",
                "PIDPressure Unknown NodeStatusUnknown Kubelet stopped posting node status. 12:00:45",
                "Ready Unknown NodeStatusUnknown Kubelet stopped posting node status. 12:00:45",
            ],
            unknown.Status.Conditions.Select(c => $"{c.Type} {c.Status} {c.Reason} {c.Message} {c.LastTransitionTime:HH:mm:ss}"));
        Assert.Equal(Start.UtcDateTime, Ready(unknown).LastHeartbeatTime);

        // The NoExecute taint follows in the next pass, once the controller observes the Unknown it wrote.
        await time.StepUntilAsync(async () => NoExecute(await cluster.Client.GetAsync<V1Node>(null, "stale")) is not null, "the unreachable taint", Period, 5);
        var tainted = await cluster.Client.GetAsync<V1Node>(null, "stale");
        var taint = NoExecute(tainted)!;
        Assert.Equal("node.kubernetes.io/unreachable", taint.Key);
        Assert.InRange(taint.TimeAdded!.Value, Start.AddSeconds(45).UtcDateTime, Start.AddSeconds(60).UtcDateTime);
        await Eventually.HoldsAsync(async () => Nodes.TaintsOf(await cluster.Client.GetAsync<V1Node>(null, "stale")).Contains("node.kubernetes.io/unreachable:NoSchedule"),
            "the unreachable NoSchedule taint");
        var healthy = await cluster.Client.GetAsync<V1Node>(null, "healthy");
        Assert.Equal("True", Ready(healthy).Status);
        Assert.Empty(Nodes.TaintsOf(healthy));
        await Eventually.HoldsAsync(async () => (await EventsAsync()).Contains("stale NodeNotReady Node stale status is now: NodeNotReady"), "the NodeNotReady event");
        Assert.Contains("stale RegisteredNode Node stale event: Registered Node stale in Controller", await EventsAsync());
    }

    [Fact]
    public async Task A_node_that_comes_back_loses_its_taints()
    {
        await Nodes.CreateHealthyAsync(cluster.Client, "flaky", clock.GetUtcNow().UtcDateTime);
        await Nodes.CreateHealthyAsync(cluster.Client, "healthy", clock.GetUtcNow().UtcDateTime);
        var time = StartController();
        time.Alive.Add("healthy");
        await time.StartedAsync();
        await time.StepUntilAsync(async () => NoExecute(await cluster.Client.GetAsync<V1Node>(null, "flaky")) is not null, "the unreachable taint", Period);

        // The kubelet restarts: it renews its Lease and posts its status again.
        time.Alive.Add("flaky");
        await Nodes.PostStatusAsync(cluster.Client, "flaky", time.Now, "True");

        await time.StepUntilAsync(async () => !Nodes.TaintsOf(await cluster.Client.GetAsync<V1Node>(null, "flaky")).Any(), "the taints removed", Period, 5);
        var back = await cluster.Client.GetAsync<V1Node>(null, "flaky");
        Assert.Equal("True", Ready(back).Status);
        for (var i = 0; i < 12; i++)
        {
            await time.StepAsync(Period); // a minute of renewals: it stays Ready
        }

        Assert.Equal("True", Ready(await cluster.Client.GetAsync<V1Node>(null, "flaky")).Status);
    }

    [Fact]
    public async Task A_node_reporting_ready_false_is_tainted_not_ready_until_it_is_ready_again()
    {
        await Nodes.CreateHealthyAsync(cluster.Client, "sick", clock.GetUtcNow().UtcDateTime);
        await Nodes.CreateHealthyAsync(cluster.Client, "healthy", clock.GetUtcNow().UtcDateTime);
        var time = StartController();
        time.Alive.UnionWith(["sick", "healthy"]);
        await time.StartedAsync();

        await Nodes.PostStatusAsync(cluster.Client, "sick", time.Now, "False");
        await time.StepUntilAsync(async () => NoExecute(await cluster.Client.GetAsync<V1Node>(null, "sick"))?.Key == "node.kubernetes.io/not-ready",
            "the not-ready taint", Period, 5);
        await Eventually.HoldsAsync(async () => Nodes.TaintsOf(await cluster.Client.GetAsync<V1Node>(null, "sick")).Order()
            .SequenceEqual(["node.kubernetes.io/not-ready:NoExecute", "node.kubernetes.io/not-ready:NoSchedule"]), "not-ready NoExecute and NoSchedule");
        Assert.Equal("False", Ready(await cluster.Client.GetAsync<V1Node>(null, "sick")).Status); // the kubelet's own False stays

        await Nodes.PostStatusAsync(cluster.Client, "sick", time.Now, "True");
        await time.StepUntilAsync(async () => !Nodes.TaintsOf(await cluster.Client.GetAsync<V1Node>(null, "sick")).Any(), "the taints removed", Period, 5);
    }

    [Fact]
    public async Task The_pods_of_a_node_that_stops_being_ready_are_marked_not_ready()
    {
        await Nodes.CreateHealthyAsync(cluster.Client, "stale", clock.GetUtcNow().UtcDateTime);
        await Nodes.CreateHealthyAsync(cluster.Client, "healthy", clock.GetUtcNow().UtcDateTime);
        await Nodes.CreateBoundPodAsync(cluster.Client, "nlc", "on-stale", "stale", readySince: Start.UtcDateTime);
        await Nodes.CreateBoundPodAsync(cluster.Client, "nlc", "on-healthy", "healthy", readySince: Start.UtcDateTime);
        var time = StartController();
        time.Alive.Add("healthy");
        await time.StartedAsync();

        await time.StepUntilAsync(async () => PodReady(await cluster.Client.GetAsync<V1Pod>("nlc", "on-stale")).Status == "False", "the pod marked not ready", Period);

        var pod = PodReady(await cluster.Client.GetAsync<V1Pod>("nlc", "on-stale"));
        Assert.Equal(Start.AddSeconds(45).UtcDateTime, pod.LastTransitionTime);
        Assert.Equal("True", PodReady(await cluster.Client.GetAsync<V1Pod>("nlc", "on-healthy")).Status);
        await Eventually.HoldsAsync(async () => (await EventsAsync("nlc")).Contains("on-stale NodeNotReady Node is not ready"), "the pod's NodeNotReady warning");
    }

    [Fact]
    public async Task When_every_node_is_silent_no_node_gets_a_NoExecute_taint()
    {
        await Nodes.CreateHealthyAsync(cluster.Client, "a", clock.GetUtcNow().UtcDateTime);
        await Nodes.CreateHealthyAsync(cluster.Client, "b", clock.GetUtcNow().UtcDateTime);
        var time = StartController();
        await time.StartedAsync();

        await time.StepUntilAsync(async () => (await cluster.Client.ListAsync<V1Node>(null)).Items.All(n => Ready(n).Status == "Unknown"), "both nodes Unknown", Period);
        for (var i = 0; i < 6; i++)
        {
            await time.StepAsync(Period);
        }

        // Upstream's "master disruption mode": the control plane is more likely cut off than every node dead.
        var nodes = (await cluster.Client.ListAsync<V1Node>(null)).Items;
        Assert.All(nodes, node => Assert.Null(NoExecute(node)));

        // One node back is enough to leave that mode: the other is tainted after a fresh grace period.
        time.Alive.Add("a");
        await Nodes.PostStatusAsync(cluster.Client, "a", time.Now, "True");
        await time.StepUntilAsync(async () => NoExecute(await cluster.Client.GetAsync<V1Node>(null, "b")) is not null, "b tainted", Period, 20);
        Assert.Null(NoExecute(await cluster.Client.GetAsync<V1Node>(null, "a")));
    }

    [Fact]
    public async Task Nodes_failing_together_are_tainted_one_every_ten_seconds()
    {
        foreach (var name in new[] { "a", "b", "c", "d", "e" })
        {
            await Nodes.CreateHealthyAsync(cluster.Client, name, clock.GetUtcNow().UtcDateTime);
        }

        var time = StartController();
        time.Alive.UnionWith(["c", "d", "e"]);
        await time.StartedAsync();

        await time.StepUntilAsync(async () => (await cluster.Client.ListAsync<V1Node>(null)).Items.Count(n => NoExecute(n) is not null) == 2,
            "a and b tainted", Period);

        var added = (await cluster.Client.ListAsync<V1Node>(null)).Items.Select(NoExecute).OfType<V1Taint>().Select(t => t.TimeAdded!.Value).Order().ToList();
        Assert.Equal(TimeSpan.FromSeconds(10), added[1] - added[0]); // --node-eviction-rate 0.1: one node per 10 s
    }

    [Fact]
    public async Task Cordoning_adds_the_unschedulable_taint_and_uncordoning_removes_it()
    {
        await Nodes.CreateHealthyAsync(cluster.Client, "n", clock.GetUtcNow().UtcDateTime);
        var time = StartController();
        await time.StartedAsync();

        await cluster.Client.PatchAsync<V1Node>(null, "n", PatchKind.StrategicMerge, """{"spec":{"unschedulable":true}}""");
        await Eventually.HoldsAsync(async () => Nodes.TaintsOf(await cluster.Client.GetAsync<V1Node>(null, "n")).SequenceEqual(["node.kubernetes.io/unschedulable:NoSchedule"]),
            "the unschedulable taint");
        Assert.Equal(time.Now, (await cluster.Client.GetAsync<V1Node>(null, "n")).Spec.Taints[0].TimeAdded);

        await cluster.Client.PatchAsync<V1Node>(null, "n", PatchKind.StrategicMerge, """{"spec":{"unschedulable":null}}""");
        await Eventually.HoldsAsync(async () => (await cluster.Client.GetAsync<V1Node>(null, "n")).Spec?.Taints is null, "no taints");
    }

    [Fact]
    public async Task A_node_gets_the_beta_os_and_arch_labels_mirrored()
    {
        await Nodes.CreateHealthyAsync(cluster.Client, "n", clock.GetUtcNow().UtcDateTime,
            new Dictionary<string, string> { ["kubernetes.io/os"] = "linux", ["kubernetes.io/arch"] = "arm64" });
        StartController();

        await Eventually.HoldsAsync(async () =>
        {
            var labels = (await cluster.Client.GetAsync<V1Node>(null, "n")).Metadata.Labels;
            return labels.TryGetValue("beta.kubernetes.io/os", out var os) && os == "linux" &&
                labels.TryGetValue("beta.kubernetes.io/arch", out var arch) && arch == "arm64";
        }, "beta.kubernetes.io/os and arch");
    }

    [Theory]
    [InlineData(10, 6, "PartialDisruption")]
    [InlineData(4, 2, "Normal")] // no more than 2 not Ready is never a disruption
    [InlineData(3, 3, "FullDisruption")]
    [InlineData(20, 10, "Normal")] // 50% is under the 55% threshold
    [InlineData(20, 11, "PartialDisruption")]
    public void Zone_states_follow_upstreams_thresholds(int nodes, int notReady, string state)
    {
        var conditions = Enumerable.Range(0, nodes)
            .Select(i => i < notReady ? (V1NodeCondition?)(i % 2 == 0 ? null : new V1NodeCondition { Status = "Unknown" }) : new V1NodeCondition { Status = "True" })
            .ToList();

        var (counted, computed) = NodeLifecycleController.ComputeZoneState(conditions, 0.55);

        Assert.Equal((notReady, state), (counted, computed.ToString()));
    }

    private NodeClock StartController(ControllerOptions? options = null)
    {
        var events = new EventRecorder(cluster.Client, "node-controller", cluster.Time, cluster.Loggers.CreateLogger("events"));
        cluster.Run(events.RunAsync);
        var controller = new NodeLifecycleController(cluster.Client, cluster.Informers, events, cluster.Time, cluster.Loggers.CreateLogger("nlc"),
            options ?? new ControllerOptions());
        cluster.Run(controller.RunAsync);
        return new NodeClock(clock, cluster.Client, controller);
    }

    private async Task<List<string>> EventsAsync(string ns = "default") =>
        [.. (await cluster.Client.ListAsync<Corev1Event>(ns)).Items.Select(e => $"{e.InvolvedObject.Name} {e.Reason} {e.Message}")];

    private static V1NodeCondition Ready(V1Node node) => node.Status.Conditions.Single(c => c.Type == "Ready");

    private static V1PodCondition PodReady(V1Pod pod) => pod.Status.Conditions.Single(c => c.Type == "Ready");

    private static V1Taint? NoExecute(V1Node node) => node.Spec?.Taints?.SingleOrDefault(t => t.Effect == "NoExecute");
}
