using k8s.Models;
using Skiff.Client;
using Skiff.Node.Configuration;
using Skiff.Node.Tests.Infrastructure;
using Skiff.Testing;

namespace Skiff.Node.Tests.Pods;

/// <summary>The embedded lifecycle driven by the simulator against the real API pipeline, on a fake clock.</summary>
public sealed class PodLifecycleTests : IAsyncLifetime
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);
    private SimulatedCluster sim = null!;

    public async Task InitializeAsync() => sim = await SimulatedCluster.StartAsync();

    public async Task DisposeAsync() => await sim.DisposeAsync();

    [Fact]
    public async Task A_bound_pod_waits_its_start_delay_then_runs_ready_with_an_ip_from_its_nodes_cidr()
    {
        await sim.Client.CreateAsync(SimulatedCluster.BoundPod("web", "skiff-node-2", new Dictionary<string, string> { ["skiff.io/start-delay"] = "5s" }));
        await sim.WaitForPodAsync("web", p => p.Status?.ContainerStatuses?.FirstOrDefault()?.State?.Waiting?.Reason == "ContainerCreating",
            "accepted: containers waiting in ContainerCreating");
        var accepted = await sim.PodAsync("web");
        Assert.Equal(("Pending", "172.18.0.3"), (accepted.Status.Phase, accepted.Status.HostIP));
        Assert.NotNull(accepted.Status.StartTime);

        var waited = await sim.AdvanceUntilPodAsync("web", p => p.Status?.Phase == "Running", "Running", Step, Limit);

        Assert.True(waited >= TimeSpan.FromSeconds(5), $"ran after {waited}, before its 5 s start delay");
        var running = await sim.PodAsync("web");
        Assert.StartsWith("10.244.1.", running.Status.PodIP, StringComparison.Ordinal);
        Assert.Equal(running.Status.PodIP, Assert.Single(running.Status.PodIPs).Ip);
        var container = Assert.Single(running.Status.ContainerStatuses);
        Assert.Equal((true, true, 0), (container.Ready, container.Started, container.RestartCount));
        Assert.NotNull(container.State.Running.StartedAt);
        Assert.All(new[] { "PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled" },
            type => Assert.Equal("True", running.Status.Conditions.Single(c => c.Type == type).Status));
        await Skiff.Testing.Eventually.HoldsAsync(() => Task.FromResult(sim.Nodes.Usage.Pod("default", "web") is { NodeName: "skiff-node-2", CpuMillicores: 5 }),
            "the running pod's simulated usage (the 5m default) is recorded");
    }

    [Fact]
    public async Task A_readiness_probe_holds_ready_back_until_its_first_tick_after_the_initial_delay()
    {
        await sim.Client.CreateAsync(SimulatedCluster.BoundPod("probed", "skiff-node-1", container: c =>
            c.ReadinessProbe = new V1Probe { HttpGet = new V1HTTPGetAction { Path = "/", Port = 80 }, InitialDelaySeconds = 5, PeriodSeconds = 10 }));
        await sim.AdvanceUntilPodAsync("probed", p => p.Status?.Phase == "Running", "Running", Step, Limit);
        var running = await sim.PodAsync("probed");
        Assert.False(running.Status.ContainerStatuses[0].Ready);
        Assert.Equal(("False", "ContainersNotReady", "containers with unready status: [web]"),
            (running.Status.Conditions.Single(c => c.Type == "Ready").Status, running.Status.Conditions.Single(c => c.Type == "Ready").Reason,
                running.Status.Conditions.Single(c => c.Type == "Ready").Message));

        var waited = await sim.AdvanceUntilPodAsync("probed", p => p.Status.ContainerStatuses[0].Ready == true, "Ready", Step, Limit);

        Assert.True(waited >= TimeSpan.FromSeconds(10), $"ready {waited} after start, before the probe's first tick at 10 s");
    }

    [Fact]
    public async Task A_crashing_container_restarts_at_once_then_backs_off_ten_then_twenty_seconds()
    {
        await sim.Client.CreateAsync(SimulatedCluster.BoundPod("crash", "skiff-node-1", new Dictionary<string, string> { ["skiff.io/crash-after"] = "2s" }));
        await sim.AdvanceUntilPodAsync("crash", p => p.Status?.ContainerStatuses?[0].RestartCount == 1, "the first restart", Step, Limit);
        var first = await sim.PodAsync("crash");
        Assert.Equal((1, "Error"), (first.Status.ContainerStatuses[0].LastState.Terminated.ExitCode, first.Status.ContainerStatuses[0].LastState.Terminated.Reason));

        await sim.AdvanceUntilPodAsync("crash", p => p.Status.ContainerStatuses[0].State.Waiting?.Reason == "CrashLoopBackOff", "CrashLoopBackOff", Step, Limit);
        var backingOff = await sim.PodAsync("crash");
        Assert.StartsWith("back-off 10s restarting failed container=web pod=crash_default(", backingOff.Status.ContainerStatuses[0].State.Waiting.Message, StringComparison.Ordinal);
        var second = await sim.AdvanceUntilPodAsync("crash", p => p.Status.ContainerStatuses[0].RestartCount == 2, "the second restart", Step, Limit);
        Assert.True(second >= TimeSpan.FromSeconds(10), $"restarted {second} into a 10 s back-off");

        await sim.AdvanceUntilPodAsync("crash", p => p.Status.ContainerStatuses[0].State.Waiting?.Reason == "CrashLoopBackOff", "CrashLoopBackOff again", Step, Limit);
        Assert.StartsWith("back-off 20s ", (await sim.PodAsync("crash")).Status.ContainerStatuses[0].State.Waiting.Message, StringComparison.Ordinal);
        var third = await sim.AdvanceUntilPodAsync("crash", p => p.Status.ContainerStatuses[0].RestartCount == 3, "the third restart", Step, Limit);
        Assert.True(third >= TimeSpan.FromSeconds(20), $"restarted {third} into a 20 s back-off");
        await Skiff.Testing.Eventually.HoldsAsync(async () =>
            (await sim.Client.ListAsync<Corev1Event>("default")).Items.Any(e => e.Reason == "BackOff" && e.InvolvedObject.Name == "crash" && e.Type == "Warning"),
            "a BackOff warning event");
    }

    [Fact]
    public async Task A_deleted_pod_is_stopped_after_the_stop_delay_and_then_removed()
    {
        await sim.Client.CreateAsync(SimulatedCluster.BoundPod("gone", "skiff-node-1"));
        await sim.AdvanceUntilPodAsync("gone", p => p.Status?.Phase == "Running", "Running", Step, Limit);

        await sim.Client.DeleteAsync<V1Pod>("default", "gone");
        var terminating = await sim.PodAsync("gone");
        Assert.Equal(30, terminating.Metadata.DeletionGracePeriodSeconds);

        var waited = await sim.AdvanceUntilAsync(async () =>
        {
            try
            {
                await sim.PodAsync("gone");
                return false;
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
                return true;
            }
        }, "the pod removed", Step, Limit);

        Assert.True(waited >= TimeSpan.FromSeconds(1) && waited < TimeSpan.FromSeconds(30), $"removed after {waited}: not the 1 s stop delay");
        Assert.Null(sim.Nodes.Usage.Pod("default", "gone"));
    }

    [Fact]
    public async Task Pods_on_a_stopped_node_freeze_and_go_on_once_it_starts()
    {
        await sim.Client.PatchAsync<V1Node>(null, "skiff-node-1", PatchKind.Merge, """{"metadata":{"annotations":{"skiff.io/stopped":"true"}}}""");
        await Skiff.Testing.Eventually.HoldsAsync(() => Task.FromResult(sim.Nodes.Nodes[0].Stopped), "the simulator sees the stop");
        await sim.Client.CreateAsync(SimulatedCluster.BoundPod("frozen", "skiff-node-1"));
        // A pod on a running node getting to Running shows the lifecycle loop worked through the same time.
        await sim.Client.CreateAsync(SimulatedCluster.BoundPod("witness", "skiff-node-2"));
        await sim.AdvanceUntilPodAsync("witness", p => p.Status?.Phase == "Running", "the witness pod Running", Step, Limit);
        Assert.Null((await sim.PodAsync("frozen")).Status.StartTime);

        await sim.Client.PatchAsync<V1Node>(null, "skiff-node-1", PatchKind.Merge, """{"metadata":{"annotations":{"skiff.io/stopped":null}}}""");
        await sim.AdvanceUntilPodAsync("frozen", p => p.Status?.Phase == "Running", "Running after the start", Step, Limit);
    }

    [Fact]
    public async Task Restart_policy_never_ends_a_crashed_pod_failed_with_its_exit_code()
    {
        var pod = SimulatedCluster.BoundPod("job", "skiff-node-2", new Dictionary<string, string> { ["skiff.io/crash-after"] = "1s", ["skiff.io/exit-code"] = "3" });
        pod.Spec.RestartPolicy = "Never";
        await sim.Client.CreateAsync(pod);

        await sim.AdvanceUntilPodAsync("job", p => p.Status?.Phase == "Failed", "Failed", Step, Limit);
        var failed = await sim.PodAsync("job");
        Assert.Equal((3, "Error", 0), (failed.Status.ContainerStatuses[0].State.Terminated.ExitCode, failed.Status.ContainerStatuses[0].State.Terminated.Reason,
            failed.Status.ContainerStatuses[0].RestartCount));
    }

    [Fact]
    public async Task A_pod_bound_through_the_binding_subresource_runs_with_the_usage_its_annotations_ask_for()
    {
        var pod = SimulatedCluster.BoundPod("bound", "", new Dictionary<string, string> { ["skiff.io/cpu-usage"] = "250m", ["skiff.io/memory-usage"] = "64Mi" });
        pod.Spec.NodeName = null;
        await sim.Client.CreateAsync(pod);
        await sim.Client.CreateSubresourceAsync<V1Pod>("default", "bound", "binding",
            new V1Binding { Metadata = new V1ObjectMeta { Name = "bound" }, Target = new V1ObjectReference { Kind = "Node", Name = "skiff-node-1" } });

        await sim.AdvanceUntilPodAsync("bound", p => p.Status?.Phase == "Running" && p.Status.ContainerStatuses[0].Ready == true, "Running and Ready", Step, Limit);
        Assert.StartsWith("10.244.0.", (await sim.PodAsync("bound")).Status.PodIP, StringComparison.Ordinal);
        await Skiff.Testing.Eventually.HoldsAsync(() => Task.FromResult(sim.Nodes.Usage.Pod("default", "bound") is { CpuMillicores: 250, MemoryBytes: 64 * 1024 * 1024 }),
            "the annotated usage");
        var node = sim.Nodes.Usage.Node("skiff-node-1");
        Assert.Equal((250 + 50, 1), (node.CpuMillicores, node.RunningPods));
    }

    [Fact]
    public async Task Node_group_settings_set_the_default_start_delay()
    {
        await sim.DisposeAsync();
        sim = await SimulatedCluster.StartAsync(NodeConfig.Parse("groups: [{count: 1, startDelay: 20s}]"));
        await sim.Client.CreateAsync(SimulatedCluster.BoundPod("slow", "skiff-node-1"));
        var waited = await sim.AdvanceUntilPodAsync("slow", p => p.Status?.Phase == "Running", "Running", TimeSpan.FromSeconds(2), Limit);
        Assert.True(waited >= TimeSpan.FromSeconds(20), $"ran after {waited}, before the group's 20 s start delay");
    }
}
