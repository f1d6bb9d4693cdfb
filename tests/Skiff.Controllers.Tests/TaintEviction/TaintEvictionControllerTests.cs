using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Skiff.Client;
using Skiff.Client.Events;
using Skiff.Controllers.NodeLifecycle;
using Skiff.Controllers.ReplicaSet;
using Skiff.Controllers.TaintEviction;
using Skiff.Controllers.Tests.Infrastructure;
using Skiff.Testing;

namespace Skiff.Controllers.Tests.TaintEviction;

public sealed class TaintEvictionControllerTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly V1Toleration Forever = new() { Key = "node.kubernetes.io/unreachable", OperatorProperty = "Exists", Effect = "NoExecute" };
    private readonly FakeTimeProvider clock = new(Start);
    private TestCluster cluster = null!;

    public async Task InitializeAsync()
    {
        cluster = await TestCluster.StartAsync(clock);
        await cluster.Client.CreateAsync(Manifests.Namespace("te"));
    }

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    [Fact]
    public async Task Pods_with_the_default_tolerations_go_300_seconds_after_the_taint_and_pods_tolerating_forever_stay()
    {
        await cluster.Client.CreateAsync(Nodes.Healthy("down", Start.UtcDateTime, taints: [Unreachable(Start)]));
        await Nodes.CreateBoundPodAsync(cluster.Client, "te", "default", "down");
        await Nodes.CreateBoundPodAsync(cluster.Client, "te", "forever", "down", [Forever]);
        var controller = StartController();

        await Eventually.HoldsAsync(() => Task.FromResult(controller.ScheduledEvictionOf("te/default") == Start.AddSeconds(300)), "the eviction scheduled for 12:05:00");
        await WhileTimePassesAsync(TimeSpan.FromSeconds(299));
        Assert.False(await IsGoingAsync("default"));

        clock.Advance(TimeSpan.FromSeconds(1));
        await Eventually.HoldsAsync(() => IsGoingAsync("default"), "the default pod evicted at 12:05:00");
        var evicted = await cluster.Client.GetAsync<V1Pod>("te", "default");
        var disruption = evicted.Status.Conditions.Single(c => c.Type == "DisruptionTarget");
        Assert.Equal(("True", "DeletionByTaintManager", "Taint manager: deleting due to NoExecute taint"), (disruption.Status, disruption.Reason, disruption.Message));
        Assert.Equal(30, evicted.Metadata.DeletionGracePeriodSeconds); // the pod's own grace period: its kubelet stops it
        await Eventually.HoldsAsync(async () => (await EventsAsync()).Contains("default TaintManagerEviction Marking for deletion Pod te/default"), "the eviction event");

        await WhileTimePassesAsync(TimeSpan.FromHours(1));
        Assert.False(await IsGoingAsync("forever"));
        Assert.Null(controller.ScheduledEvictionOf("te/forever"));
    }

    [Fact]
    public async Task A_pod_that_does_not_tolerate_the_taint_goes_at_once()
    {
        var broken = new V1Taint { Key = "example.com/broken", Effect = "NoExecute", TimeAdded = Start.UtcDateTime };
        await cluster.Client.CreateAsync(Nodes.Healthy("broken", Start.UtcDateTime, taints: [broken]));
        StartController();

        await Nodes.CreateBoundPodAsync(cluster.Client, "te", "intolerant", "broken"); // its default tolerations are for other taints

        await Eventually.HoldsAsync(() => IsGoingAsync("intolerant"), "the pod evicted without the clock moving");
    }

    [Fact]
    public async Task Removing_the_taint_cancels_the_pending_eviction()
    {
        await cluster.Client.CreateAsync(Nodes.Healthy("down", Start.UtcDateTime, taints: [Unreachable(Start)]));
        await Nodes.CreateBoundPodAsync(cluster.Client, "te", "saved", "down");
        var controller = StartController();
        await Eventually.HoldsAsync(() => Task.FromResult(controller.ScheduledEvictionOf("te/saved") is not null), "the eviction scheduled");
        await WhileTimePassesAsync(TimeSpan.FromSeconds(100));

        await cluster.Client.PatchAsync<V1Node>(null, "down", PatchKind.Merge, """{"spec":{"taints":null}}""");

        await Eventually.HoldsAsync(() => Task.FromResult(controller.ScheduledEvictionOf("te/saved") is null), "the eviction cancelled");
        await Eventually.HoldsAsync(async () => (await EventsAsync()).Contains("saved TaintManagerEviction Cancelling deletion of Pod te/saved"), "the cancel event");
        await WhileTimePassesAsync(TimeSpan.FromSeconds(300));
        Assert.False(await IsGoingAsync("saved"));
    }

    [Fact]
    public async Task A_taint_added_long_ago_leaves_a_newly_bound_pod_only_what_is_left_of_its_toleration()
    {
        await cluster.Client.CreateAsync(Nodes.Healthy("down", Start.UtcDateTime, taints: [Unreachable(Start.AddSeconds(-290))]));
        var controller = StartController();

        await Nodes.CreateBoundPodAsync(cluster.Client, "te", "late", "down");

        await Eventually.HoldsAsync(() => Task.FromResult(controller.ScheduledEvictionOf("te/late") == Start.AddSeconds(10)), "the eviction due 10 s from now");
    }

    [Fact]
    public async Task The_owner_replaces_pods_evicted_from_a_node_that_stopped_with_its_lease()
    {
        await Nodes.CreateHealthyAsync(cluster.Client, "failing", Start.UtcDateTime);
        await Nodes.CreateHealthyAsync(cluster.Client, "healthy", Start.UtcDateTime);
        var labels = new Dictionary<string, string> { ["app"] = "web" };
        var events = Recorder("controllers");
        var nodeLifecycle = new NodeLifecycleController(cluster.Client, cluster.Informers, events, cluster.Time, cluster.Loggers.CreateLogger("nlc"), new ControllerOptions());
        cluster.Run(nodeLifecycle.RunAsync);
        cluster.Run(new TaintEvictionController(cluster.Client, cluster.Informers, events, cluster.Time, cluster.Loggers.CreateLogger("te")).RunAsync);
        cluster.Run(new ReplicaSetController<V1ReplicaSet>(cluster.Client, cluster.Informers, new ReplicaSetKind(), events, cluster.Time,
            cluster.Loggers.CreateLogger("rs"), workers: 2).RunAsync);
        var time = new NodeClock(clock, cluster.Client, nodeLifecycle);
        time.Alive.Add("healthy");
        await time.StartedAsync();

        await cluster.Client.CreateAsync(Manifests.ReplicaSet("te", "web", 2, new V1LabelSelector { MatchLabels = labels }, labels));
        await Eventually.HoldsAsync(async () => (await cluster.Client.ListAsync<V1Pod>("te")).Items.Count == 2, "two pods");
        foreach (var pod in (await cluster.Client.ListAsync<V1Pod>("te")).Items)
        {
            // What the scheduler would do.
            await cluster.Client.CreateSubresourceAsync<V1Pod>("te", pod.Metadata.Name, "binding",
                new V1Binding { Metadata = new V1ObjectMeta { Name = pod.Metadata.Name }, Target = new V1ObjectReference { Kind = "Node", Name = "failing" } });
        }

        var original = (await cluster.Client.ListAsync<V1Pod>("te")).Items.Select(p => p.Metadata.Name).ToHashSet();

        // 40 s of grace, a pass to taint, then the pods' 300 s default toleration.
        await time.StepUntilAsync(async () =>
        {
            var pods = (await cluster.Client.ListAsync<V1Pod>("te")).Items;
            return pods.Count(p => original.Contains(p.Metadata.Name) && p.Metadata.DeletionTimestamp is not null) == 2 &&
                pods.Count(p => p.Metadata.DeletionTimestamp is null && !original.Contains(p.Metadata.Name)) == 2;
        }, "both pods evicted and replaced", TimeSpan.FromSeconds(5), maxSteps: 120);

        var taint = (await cluster.Client.GetAsync<V1Node>(null, "failing")).Spec.Taints.Single(t => t.Effect == "NoExecute");
        Assert.True(time.Now >= taint.TimeAdded!.Value.AddSeconds(300), $"evicted at {time.Now:HH:mm:ss}, before the toleration of the taint added at {taint.TimeAdded:HH:mm:ss} ran out");
        var replacements = (await cluster.Client.ListAsync<V1Pod>("te")).Items.Where(p => !original.Contains(p.Metadata.Name)).ToList();
        Assert.All(replacements, p => Assert.True(string.IsNullOrEmpty(p.Spec.NodeName))); // waiting for the scheduler
    }

    private TaintEvictionController StartController()
    {
        var controller = new TaintEvictionController(cluster.Client, cluster.Informers, Recorder("taint-eviction-controller"), cluster.Time, cluster.Loggers.CreateLogger("te"));
        cluster.Run(controller.RunAsync);
        return controller;
    }

    private EventRecorder Recorder(string component)
    {
        var events = new EventRecorder(cluster.Client, component, cluster.Time, cluster.Loggers.CreateLogger("events"));
        cluster.Run(events.RunAsync);
        return events;
    }

    /// <summary>Moves the clock in one-second steps, giving the controller's timers a moment to fire at each.</summary>
    private async Task WhileTimePassesAsync(TimeSpan total)
    {
        var step = total > TimeSpan.FromMinutes(10) ? TimeSpan.FromMinutes(1) : TimeSpan.FromSeconds(1);
        for (var passed = TimeSpan.Zero; passed < total; passed += step)
        {
            clock.Advance(step);
            await Task.Yield();
        }
    }

    private async Task<bool> IsGoingAsync(string name)
    {
        try
        {
            return (await cluster.Client.GetAsync<V1Pod>("te", name)).Metadata.DeletionTimestamp is not null;
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            return true;
        }
    }

    private async Task<List<string>> EventsAsync() =>
        [.. (await cluster.Client.ListAsync<Corev1Event>("te")).Items.Select(e => $"{e.InvolvedObject.Name} {e.Reason} {e.Message}")];

    private static V1Taint Unreachable(DateTimeOffset added) =>
        new() { Key = "node.kubernetes.io/unreachable", Effect = "NoExecute", TimeAdded = added.UtcDateTime };
}
