using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Skiff.Api.Selectors;
using Skiff.Client;
using Skiff.Client.Events;
using Skiff.Client.Informers;
using Skiff.Client.WorkQueues;
using Skiff.Controllers.Ownership;
using Skiff.Controllers.Pods;

namespace Skiff.Controllers.Deployment;

/// <summary>
/// Upstream's deployment controller: one ReplicaSet per pod template, rolled from old to new by the strategy
/// (RollingUpdate within maxSurge/maxUnavailable, or Recreate), scaled proportionally, paused and resumed, with
/// revisions, progress conditions and old ReplicaSets cleaned up past revisionHistoryLimit. Informer events of
/// deployments, ReplicaSets and (for Recreate) pod deletions enqueue deployment keys; a worker syncs one
/// deployment at a time from the caches, writing only through the API.
/// </summary>
public sealed partial class DeploymentController : IController
{
    /// <summary>ReplicaSets without a controller, by namespace: the ones a deployment may adopt.</summary>
    public const string OrphanReplicaSets = "replicasets-orphans-by-namespace";

    private const string ApiVersion = "apps/v1";
    private const string Kind = "Deployment";

    private readonly IKubeClient client;
    private readonly SharedInformer<V1Deployment> deployments;
    private readonly SharedInformer<V1ReplicaSet> replicaSets;
    private readonly SharedInformer<V1Pod> pods;
    private readonly EventRecorder events;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly int workers;
    private readonly WorkQueue<string> queue;

    public DeploymentController(IKubeClient client, InformerFactory informers, EventRecorder events, TimeProvider time, ILogger logger, int workers)
    {
        this.client = client;
        this.events = events;
        this.time = time;
        this.logger = logger;
        this.workers = workers;
        deployments = informers.For<V1Deployment>();
        replicaSets = informers.For<V1ReplicaSet>();
        pods = informers.For<V1Pod>();
        queue = new WorkQueue<string>("deployment", new DefaultControllerRateLimiter<string>(time), time);
        PodIndexes.Ensure(pods.Cache);
        replicaSets.Cache.TryAddIndex(OrphanReplicaSets, rs => ControllerRef.Of(rs) is null ? [rs.Metadata?.NamespaceProperty ?? ""] : []);
        deployments.AddHandler(new ResourceEventHandler<V1Deployment>
        {
            OnAdd = Enqueue,
            OnUpdate = (_, current) => Enqueue(current),
            OnDelete = Enqueue,
        });
        replicaSets.AddHandler(new ResourceEventHandler<V1ReplicaSet>
        {
            OnAdd = ReplicaSetAdded,
            OnUpdate = ReplicaSetUpdated,
            OnDelete = ReplicaSetDeleted,
        });
        pods.AddHandler(new ResourceEventHandler<V1Pod> { OnDelete = PodDeleted });
    }

    public string Name => "deployment-controller";

    public async Task RunAsync(CancellationToken ct)
    {
        await Task.WhenAll(deployments.WaitForSyncAsync(ct), replicaSets.WaitForSyncAsync(ct), pods.WaitForSyncAsync(ct));
        await QueueWorkers.RunAsync(queue, workers, SyncAsync, logger, ct);
    }

    private static LabelSelector SelectorOf(V1Deployment d)
    {
        try
        {
            return LabelSelector.FromModel(d.Spec?.Selector);
        }
        catch (SelectorParseException)
        {
            return LabelSelector.Nothing; // validation keeps these out; a bad one must not match everything
        }
    }

    /// <summary>A deep copy: objects from the caches are shared and must never be changed or handed to a write.</summary>
    private static T Copy<T>(T obj) => KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(obj));

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    [LoggerMessage(Level = LogLevel.Information, Message = "Hash collision for deployment {Deployment}: collisionCount is now {CollisionCount}")]
    private partial void LogHashCollision(string deployment, int collisionCount);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Scaling down old replica sets of deployment {Namespace}/{Name} failed, trying again later: {Error}")]
    private partial void LogScaleDownFailed(string? @namespace, string name, string error);
}
