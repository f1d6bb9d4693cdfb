using k8s.Models;
using Microsoft.Extensions.Time.Testing;
using Skiff.Client;
using Skiff.Node.Configuration;
using Skiff.Node.Heartbeats;
using Skiff.Node.Stages;
using Skiff.Testing;

namespace Skiff.Node.Tests.Infrastructure;

/// <summary>A <see cref="TestCluster"/> on a fake clock with simulated nodes, and helpers to move time until something happens.</summary>
public sealed class SimulatedCluster : IAsyncDisposable
{
    private SimulatedCluster(TestCluster cluster, FakeTimeProvider clock, NodeSimulator nodes)
    {
        Cluster = cluster;
        Clock = clock;
        Nodes = nodes;
    }

    public TestCluster Cluster { get; }

    public FakeTimeProvider Clock { get; }

    public NodeSimulator Nodes { get; }

    public IKubeClient Client => Cluster.Client;

    public static async Task<SimulatedCluster> StartAsync(NodeConfig? config = null, FakeTimeProvider? clock = null)
    {
        clock ??= new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var cluster = await TestCluster.StartAsync(clock);
        var options = new NodeSimulatorOptions(config ?? NodeConfig.Default(2), StageSet.DefaultPodLifecycle, HeartbeatOptions.Default, PodWorkers: 2);
        var nodes = await NodeSimulator.StartAsync(cluster.Client, options, clock, cluster.Loggers, CancellationToken.None, cluster.Informers);
        await nodes.WaitForSyncAsync(CancellationToken.None);
        return new SimulatedCluster(cluster, clock, nodes);
    }

    /// <summary>A pod already bound to a node (spec.nodeName set at creation, as a static assignment would).</summary>
    public static V1Pod BoundPod(string name, string node, IDictionary<string, string>? annotations = null, Action<V1Container>? container = null)
    {
        var web = new V1Container { Name = "web", Image = "nginx:1.17" };
        container?.Invoke(web);
        return new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default", Annotations = annotations },
            Spec = new V1PodSpec { NodeName = node, Containers = [web] },
        };
    }

    public Task<V1Pod> PodAsync(string name) => Client.GetAsync<V1Pod>("default", name);

    /// <summary>Waits (real time, bounded) for a pod to reach a state without moving the clock.</summary>
    public Task WaitForPodAsync(string name, Func<V1Pod, bool> condition, string description) =>
        Eventually.HoldsAsync(async () => condition(await PodAsync(name)), description);

    /// <summary>
    /// Moves the fake clock one step at a time, giving the simulator a moment to act after each, until the
    /// condition holds; returns how far the clock moved. Steps are small, so the result is at most one step later
    /// than the moment things became due.
    /// </summary>
    public async Task<TimeSpan> AdvanceUntilAsync(Func<Task<bool>> condition, string description, TimeSpan step, TimeSpan limit)
    {
        var moved = TimeSpan.Zero;
        while (true)
        {
            // Give already-due work a chance to finish before deciding to move time again.
            for (var i = 0; i < 10; i++)
            {
                if (await condition())
                {
                    return moved;
                }

                await Task.Delay(15);
            }

            if (moved >= limit)
            {
                Assert.Fail($"after moving the clock {limit}: still waiting for {description}");
            }

            Clock.Advance(step);
            moved += step;
        }
    }

    public Task<TimeSpan> AdvanceUntilPodAsync(string name, Func<V1Pod, bool> condition, string description, TimeSpan step, TimeSpan limit) =>
        AdvanceUntilAsync(async () => condition(await PodAsync(name)), description, step, limit);

    public async ValueTask DisposeAsync()
    {
        await Nodes.DisposeAsync();
        await Cluster.DisposeAsync();
    }
}
