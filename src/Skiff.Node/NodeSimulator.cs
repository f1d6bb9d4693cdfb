using k8s.Models;
using Microsoft.Extensions.Logging;
using Skiff.Client;
using Skiff.Client.Events;
using Skiff.Client.Informers;
using Skiff.Node.Configuration;
using Skiff.Node.Heartbeats;
using Skiff.Node.Pods;
using Skiff.Node.Registration;
using Skiff.Node.Usage;

namespace Skiff.Node;

/// <summary>
/// Simulated nodes: registers them, keeps their leases and statuses fresh, and runs the pods bound to them through
/// the pod lifecycle, until disposed. The same code runs inside `skiff up` (in-process client) and as `skiff node`
/// (HTTPS client). A node annotated skiff.io/stopped=true is treated as failed until the annotation goes.
/// </summary>
public sealed partial class NodeSimulator : IAsyncDisposable
{
    private readonly InformerFactory informers;
    private readonly bool ownsInformers;
    private readonly CancellationTokenSource stopping = new();
    private readonly List<Task> running = [];
    private readonly ILogger logger;

    private NodeSimulator(InformerFactory informers, bool ownsInformers, IReadOnlyList<SimulatedNode> nodes, NodeHeartbeats heartbeats,
        PodLifecycle lifecycle, SimulatedUsage usage, ILogger logger)
    {
        this.informers = informers;
        this.ownsInformers = ownsInformers;
        Nodes = nodes;
        Heartbeats = heartbeats;
        Lifecycle = lifecycle;
        Usage = usage;
        this.logger = logger;
    }

    public IReadOnlyList<SimulatedNode> Nodes { get; }

    public NodeHeartbeats Heartbeats { get; }

    public PodLifecycle Lifecycle { get; }

    /// <summary>Simulated resource use of running pods and of the nodes (for the metrics API).</summary>
    public SimulatedUsage Usage { get; }

    /// <summary>
    /// Registers the nodes (returning once every Node and Lease is written) and starts their heartbeats and pod
    /// lifecycle. With no <paramref name="informers"/>, the simulator runs informers of its own.
    /// </summary>
    public static async Task<NodeSimulator> StartAsync(IKubeClient client, NodeSimulatorOptions options, TimeProvider time, ILoggerFactory loggers,
        CancellationToken ct, InformerFactory? informers = null)
    {
        var ownsInformers = informers is null;
        informers ??= new InformerFactory(client, time, loggers, TimeSpan.Zero);
        var nodes = await PlanAsync(client, options.Config, ct);
        var byName = nodes.ToDictionary(n => n.Name, StringComparer.Ordinal);
        var nodeInformer = informers.For<V1Node>();
        var podInformer = informers.For<V1Pod>();
        var heartbeats = new NodeHeartbeats(client, nodeInformer.Cache, nodes, options.Heartbeats, time, loggers.CreateLogger("Skiff.Node.Heartbeats"));
        var recorder = options.RecordEvents ? new EventRecorder(client, "kubelet", time, loggers.CreateLogger("Skiff.Client.Events.kubelet")) : null;
        var usage = new SimulatedUsage();
        var lifecycle = new PodLifecycle(client, podInformer, byName, options.Stages, recorder, usage, time,
            loggers.CreateLogger("Skiff.Node.Pods"), options.PodWorkers);
        var simulator = new NodeSimulator(informers, ownsInformers, nodes, heartbeats, lifecycle, usage, loggers.CreateLogger("Skiff.Node"));
        nodeInformer.AddHandler(new ResourceEventHandler<V1Node>
        {
            OnAdd = node => simulator.Observe(byName, node),
            OnUpdate = (_, node) => simulator.Observe(byName, node),
        });

        await heartbeats.RegisterAllAsync(ct);
        informers.Start();
        simulator.Run(heartbeats.RunAsync);
        simulator.Run(lifecycle.RunAsync);
        if (recorder is not null)
        {
            simulator.Run(recorder.RunAsync);
        }

        LogStarted(simulator.logger, nodes.Count);
        return simulator;
    }

    /// <summary>Waits until the simulator's informers have loaded their caches.</summary>
    public Task WaitForSyncAsync(CancellationToken ct) => informers.WaitForSyncAsync(ct);

    /// <summary>
    /// Names and numbers the nodes of the config. A node that already exists keeps its podCIDR's number; new nodes
    /// take the lowest numbers no existing node uses, so nodes of several `skiff node` processes never share a podCIDR.
    /// </summary>
    private static async Task<List<SimulatedNode>> PlanAsync(IKubeClient client, NodeConfig config, CancellationToken ct)
    {
        var existing = (await client.ListAsync<V1Node>(null, null, ct)).Items;
        var indexByName = new Dictionary<string, int>(StringComparer.Ordinal);
        var used = new HashSet<int>();
        foreach (var node in existing)
        {
            if (NodeAddressing.IndexOf(node.Spec?.PodCIDR) is { } index)
            {
                indexByName[node.Metadata.Name] = index;
                used.Add(index);
            }
        }

        var planned = new List<SimulatedNode>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var numbers = new Dictionary<string, int>(StringComparer.Ordinal);
        var nextFree = 0;
        foreach (var group in config.Groups)
        {
            var settings = new NodeSettings(group);
            for (var i = 0; i < group.Count; i++)
            {
                string name;
                if (group.Names is { Count: > 0 } given)
                {
                    name = given[i];
                }
                else
                {
                    var number = numbers.GetValueOrDefault(group.NamePrefix) + 1;
                    numbers[group.NamePrefix] = number;
                    name = $"{group.NamePrefix}-{number}";
                }

                if (!names.Add(name))
                {
                    throw new FormatException($"node {name} is defined twice");
                }

                if (!indexByName.TryGetValue(name, out var index))
                {
                    while (used.Contains(nextFree))
                    {
                        nextFree++;
                    }

                    index = nextFree;
                    used.Add(index);
                }

                planned.Add(new SimulatedNode(name, settings, index));
            }
        }

        return planned;
    }

    /// <summary>Follows the stop annotation of our nodes.</summary>
    private void Observe(IReadOnlyDictionary<string, SimulatedNode> byName, V1Node node)
    {
        if (!byName.TryGetValue(node.Metadata.Name, out var simulated))
        {
            return;
        }

        var stopped = NodeHeartbeats.IsStopped(node);
        if (stopped == simulated.Stopped)
        {
            return;
        }

        simulated.Stopped = stopped;
        if (stopped)
        {
            LogStopped(logger, simulated.Name);
        }
        else
        {
            LogRestarted(logger, simulated.Name);
            Heartbeats.Restarted(simulated);
            Lifecycle.NodeStarted(simulated);
        }
    }

    private void Run(Func<CancellationToken, Task> loop) => running.Add(Task.Run(async () =>
    {
        try
        {
            await loop(stopping.Token);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }));

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        await Task.WhenAll(running);
        if (ownsInformers)
        {
            await informers.DisposeAsync();
        }

        stopping.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} simulated nodes registered")]
    private static partial void LogStarted(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "node {Node} is stopped: no heartbeats, its pods are frozen")]
    private static partial void LogStopped(ILogger logger, string node);

    [LoggerMessage(Level = LogLevel.Warning, Message = "node {Node} is started again")]
    private static partial void LogRestarted(ILogger logger, string node);
}
