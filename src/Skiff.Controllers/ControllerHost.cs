using k8s.Models;
using Microsoft.Extensions.Logging;
using Skiff.Api.Resources;
using Skiff.Client;
using Skiff.Client.Events;
using Skiff.Client.Informers;
using Skiff.Controllers.GarbageCollector;
using Skiff.Controllers.Namespace;
using Skiff.Controllers.NodeLifecycle;
using Skiff.Controllers.ReplicaSet;
using Skiff.Controllers.TaintEviction;

namespace Skiff.Controllers;

/// <summary>
/// The controller manager: builds every controller on one shared informer factory and runs them until disposed.
/// The same code runs inside `skiff up` (in-process client) and as `skiff controller-manager` (HTTPS client).
/// </summary>
public sealed class ControllerHost : IAsyncDisposable
{
    /// <summary>Upstream's kube-controller-manager --min-resync-period: every cached object is re-delivered this often.</summary>
    public static readonly TimeSpan ResyncPeriod = TimeSpan.FromHours(12);

    private readonly InformerFactory informers;
    private readonly CancellationTokenSource stopping = new();
    private readonly List<Task> running = [];

    private ControllerHost(InformerFactory informers) => this.informers = informers;

    public static ControllerHost Start(IKubeClient client, ControllerOptions options, TimeProvider time, ILoggerFactory loggers)
    {
        var informers = new InformerFactory(client, time, loggers, ResyncPeriod);
        var host = new ControllerHost(informers);
        var registry = ResourceRegistry.CreateDefault();
        IController[] controllers =
        [
            new ReplicaSetController<V1ReplicaSet>(client, informers, new ReplicaSetKind(),
                host.Recorder(client, "replicaset-controller", time, loggers), time, loggers.CreateLogger("Skiff.Controllers.ReplicaSet"), options.ReplicaSetWorkers),
            new ReplicaSetController<V1ReplicationController>(client, informers, new ReplicationControllerKind(),
                host.Recorder(client, "replication-controller", time, loggers), time, loggers.CreateLogger("Skiff.Controllers.ReplicationController"), options.ReplicationControllerWorkers),
            new GarbageCollectorController(client, informers, registry, time, loggers.CreateLogger("Skiff.Controllers.GarbageCollector"),
                options.GarbageCollectorWorkers),
            new NamespaceController(client, informers, registry, time, loggers.CreateLogger("Skiff.Controllers.Namespace"),
                options.NamespaceWorkers, options.NamespaceDeletionDelay),
            new NodeLifecycleController(client, informers, host.Recorder(client, "node-controller", time, loggers), time,
                loggers.CreateLogger("Skiff.Controllers.NodeLifecycle"), options),
            new TaintEvictionController(client, informers, host.Recorder(client, "taint-eviction-controller", time, loggers), time,
                loggers.CreateLogger("Skiff.Controllers.TaintEviction")),
        ];
        informers.Start();
        foreach (var controller in controllers)
        {
            host.running.Add(Task.Run(() => host.RunUntilStoppedAsync(controller.RunAsync)));
        }

        return host;
    }

    /// <summary>Waits until every informer's cache is filled (tests and start-up logs use it).</summary>
    public Task WaitForSyncAsync(CancellationToken ct) => informers.WaitForSyncAsync(ct);

    private EventRecorder Recorder(IKubeClient client, string component, TimeProvider time, ILoggerFactory loggers)
    {
        var recorder = new EventRecorder(client, component, time, loggers.CreateLogger("Skiff.Client.Events." + component));
        running.Add(Task.Run(() => RunUntilStoppedAsync(recorder.RunAsync)));
        return recorder;
    }

    /// <summary>Runs a loop until the host stops; being cancelled by the stop is the normal end, not a failure.</summary>
    private async Task RunUntilStoppedAsync(Func<CancellationToken, Task> loop)
    {
        try
        {
            await loop(stopping.Token);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        await Task.WhenAll(running);
        await informers.DisposeAsync();
        stopping.Dispose();
    }
}
