using k8s.Models;
using Microsoft.Extensions.Time.Testing;
using Skiff.Scheduler.Framework;
using Skiff.Scheduler.Plugins;
using Skiff.Scheduler.Queue;
using Skiff.Scheduler.Tests.Infrastructure;
using static Skiff.Scheduler.Tests.Infrastructure.TestObjects;

namespace Skiff.Scheduler.Tests.Queue;

/// <summary>The scheduling queue on a fake clock: order, backoff, parking and the events that release parked pods.</summary>
public sealed class SchedulingQueueTests : IDisposable
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly SchedulingQueue queue;

    public SchedulingQueueTests()
    {
        var framework = PluginRegistry.InTree().Build(SchedulerProfile.Default, new PluginHarness().Handle);
        queue = new SchedulingQueue(framework, time, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(5));
        queue.Run();
    }

    public void Dispose() => queue.Dispose();

    [Fact]
    public async Task HigherPriorityFirstThenFirstComeFirstServed()
    {
        queue.Add(Pod("early"));
        time.Advance(TimeSpan.FromMilliseconds(10));
        queue.Add(Pod("late"));
        queue.Add(Pod("urgent", priority: 1000));

        Assert.Equal(["urgent", "early", "late"], [await PopNameAsync(), await PopNameAsync(), await PopNameAsync()]);
    }

    [Fact]
    public void BackoffDoublesFromOneSecondUpToTen()
    {
        Assert.Equal([1, 2, 4, 8, 10, 10], Enumerable.Range(1, 6).Select(n => queue.BackoffDuration(n).TotalSeconds).ToArray());
    }

    [Fact]
    public async Task AParkedPodMovesOnlyForEventsItsRejectingPluginRegistered()
    {
        queue.Add(Pod("big", cpu: "10"));
        var popped = await PopAsync();
        Reject(popped, NodeResourcesFit.PluginName);
        Assert.Equal(1, queue.UnschedulableCount);

        // A label change cannot help a pod that did not fit by resources.
        queue.MoveAllToActiveOrBackoffQueue(new ClusterEvent(EventResource.Node, ActionType.UpdateNodeLabel, "NodeUpdate"));
        Assert.Equal(1, queue.UnschedulableCount);

        // A new node can: still within its 1 s backoff, the pod goes to the backoff queue, then to the active queue.
        queue.MoveAllToActiveOrBackoffQueue(ClusterEvent.NodeAdd);
        Assert.Equal((0, 1, 0), (queue.UnschedulableCount, queue.BackoffCount, queue.ActiveCount));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal((0, 1), (queue.BackoffCount, queue.ActiveCount));
        Assert.Equal("big", await PopNameAsync());
    }

    [Fact]
    public async Task AParkedPodIsRetriedAfterFiveMinutesWithoutAnyEvent()
    {
        queue.Add(Pod("stuck"));
        Reject(await PopAsync(), TaintToleration.PluginName);

        time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(1, queue.UnschedulableCount);
        time.Advance(TimeSpan.FromSeconds(30)); // the next 30-second flush finds it parked for more than 5 minutes
        Assert.Equal((0, 1), (queue.UnschedulableCount, queue.ActiveCount));
    }

    [Fact]
    public async Task AnEventDuringTheAttemptSendsTheFailedPodToBackoffInsteadOfParkingIt()
    {
        queue.Add(Pod("racing"));
        var popped = await PopAsync();
        queue.MoveAllToActiveOrBackoffQueue(ClusterEvent.NodeAdd); // a node appears while the pod is being scheduled

        Reject(popped, NodeResourcesFit.PluginName);

        Assert.Equal((0, 1), (queue.UnschedulableCount, queue.BackoffCount));
    }

    [Fact]
    public async Task AFailureWithoutRejectingPluginsIsRetriedAfterBackoff()
    {
        queue.Add(Pod("errored"));
        var popped = await PopAsync();
        queue.AddUnschedulableIfNotPresent(popped); // no plugin recorded: an error, not a verdict

        Assert.Equal(1, queue.BackoffCount);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("errored", await PopNameAsync());
    }

    [Fact]
    public async Task AnUpdatedSpecGivesAParkedPodAnotherChanceButAStatusUpdateDoesNot()
    {
        var pod = Pod("tolerating");
        queue.Add(pod);
        Reject(await PopAsync(), TaintToleration.PluginName);

        var statusOnly = Pod("tolerating");
        statusOnly.Status = new V1PodStatus { Conditions = [new V1PodCondition { Type = "PodScheduled", Status = "False" }] };
        queue.Update(pod, statusOnly);
        Assert.Equal(1, queue.UnschedulableCount);

        var tolerant = Pod("tolerating");
        tolerant.Spec.Tolerations = [Toleration("dedicated", "gpu", "NoSchedule")];
        queue.Update(statusOnly, tolerant);
        Assert.Equal((0, 1), (queue.UnschedulableCount, queue.BackoffCount));
    }

    [Fact]
    public void GatedPodsWaitUntilTheirGatesAreRemoved()
    {
        var gated = Pod("gated");
        gated.Spec.SchedulingGates = [new V1PodSchedulingGate { Name = "wait" }];
        queue.Add(gated);
        Assert.Equal((1, 0), (queue.UnschedulableCount, queue.ActiveCount));

        queue.MoveAllToActiveOrBackoffQueue(ClusterEvent.NodeAdd);
        Assert.Equal(1, queue.UnschedulableCount);

        queue.Update(gated, Pod("gated"));
        Assert.Equal((0, 1), (queue.UnschedulableCount, queue.ActiveCount));
    }

    [Fact]
    public void DeletedPodsLeaveTheQueue()
    {
        queue.Add(Pod("gone"));
        queue.Delete(Pod("gone"));

        Assert.Equal(0, queue.ActiveCount);
    }

    [Fact]
    public async Task PopWaitsForAPodAndClosingReleasesIt()
    {
        var waiting = queue.PopAsync(CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        queue.Add(Pod("late"));
        Assert.Equal("late", (await waiting)!.Pod.Name);

        var closed = queue.PopAsync(CancellationToken.None);
        queue.Close();
        Assert.Null(await closed);
    }

    private async Task<QueuedPodInfo> PopAsync() => (await queue.PopAsync(CancellationToken.None))!;

    private async Task<string> PopNameAsync() => (await PopAsync()).Pod.Name;

    private void Reject(QueuedPodInfo info, string plugin)
    {
        info.UnschedulablePlugins.Add(plugin);
        queue.AddUnschedulableIfNotPresent(info);
    }
}
