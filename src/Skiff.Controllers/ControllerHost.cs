using k8s.Models;
using Microsoft.Extensions.Logging;
using Skiff.Api.Resources;
using Skiff.Client;
using Skiff.Client.Hosting;
using Skiff.Controllers.Deployment;
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

    private readonly ComponentRuntime runtime;

    private ControllerHost(ComponentRuntime runtime) => this.runtime = runtime;

    public static ControllerHost Start(IKubeClient client, ControllerOptions options, TimeProvider time, ILoggerFactory loggers)
    {
        var runtime = new ComponentRuntime(client, time, loggers, ResyncPeriod);
        var informers = runtime.Informers;
        var registry = ResourceRegistry.CreateDefault();
        IController[] controllers =
        [
            new ReplicaSetController<V1ReplicaSet>(client, informers, new ReplicaSetKind(),
                runtime.Recorder("replicaset-controller"), time, loggers.CreateLogger("Skiff.Controllers.ReplicaSet"), options.ReplicaSetWorkers),
            new ReplicaSetController<V1ReplicationController>(client, informers, new ReplicationControllerKind(),
                runtime.Recorder("replication-controller"), time, loggers.CreateLogger("Skiff.Controllers.ReplicationController"), options.ReplicationControllerWorkers),
            new DeploymentController(client, informers, runtime.Recorder("deployment-controller"), time,
                loggers.CreateLogger("Skiff.Controllers.Deployment"), options.DeploymentWorkers),
            new GarbageCollectorController(client, informers, registry, time, loggers.CreateLogger("Skiff.Controllers.GarbageCollector"),
                options.GarbageCollectorWorkers),
            new NamespaceController(client, informers, registry, time, loggers.CreateLogger("Skiff.Controllers.Namespace"),
                options.NamespaceWorkers, options.NamespaceDeletionDelay),
            new NodeLifecycleController(client, informers, runtime.Recorder("node-controller"), time,
                loggers.CreateLogger("Skiff.Controllers.NodeLifecycle"), options),
            new TaintEvictionController(client, informers, runtime.Recorder("taint-eviction-controller"), time,
                loggers.CreateLogger("Skiff.Controllers.TaintEviction")),
        ];
        informers.Start();
        foreach (var controller in controllers)
        {
            runtime.Run(controller.RunAsync);
        }

        return new ControllerHost(runtime);
    }

    /// <summary>Waits until every informer's cache is filled (tests and start-up logs use it).</summary>
    public Task WaitForSyncAsync(CancellationToken ct) => runtime.Informers.WaitForSyncAsync(ct);

    public ValueTask DisposeAsync() => runtime.DisposeAsync();
}
