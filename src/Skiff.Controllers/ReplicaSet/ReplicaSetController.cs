using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Skiff.Api.Selectors;
using Skiff.Client;
using Skiff.Client.Events;
using Skiff.Client.Expectations;
using Skiff.Client.Informers;
using Skiff.Client.WorkQueues;
using Skiff.Controllers.Ownership;
using Skiff.Controllers.Pods;

namespace Skiff.Controllers.ReplicaSet;

/// <summary>
/// Keeps the number of active pods of each ReplicaSet (or ReplicationController) equal to its replicas, as
/// upstream's ReplicaSet controller: informer events enqueue owner keys, a worker syncs one owner at a time from
/// the cache, creations and deletions are tracked by expectations so a stale cache never doubles them.
/// </summary>
public sealed partial class ReplicaSetController<TOwner> : IController
    where TOwner : class, IKubernetesObject<V1ObjectMeta>
{
    /// <summary>Upstream's burstReplicas: at most this many creations or deletions per sync.</summary>
    public const int BurstReplicas = 500;

    private readonly IKubeClient client;
    private readonly IReplicaOwnerKind<TOwner> kind;
    private readonly SharedInformer<TOwner> owners;
    private readonly SharedInformer<V1Pod> pods;
    private readonly EventRecorder events;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly int workers;
    private readonly WorkQueue<string> queue;
    private readonly UidTrackingExpectations expectations;

    public ReplicaSetController(IKubeClient client, InformerFactory informers, IReplicaOwnerKind<TOwner> kind, EventRecorder events,
        TimeProvider time, ILogger logger, int workers)
    {
        this.client = client;
        this.kind = kind;
        this.events = events;
        this.time = time;
        this.logger = logger;
        this.workers = workers;
        owners = informers.For<TOwner>();
        pods = informers.For<V1Pod>();
        queue = new WorkQueue<string>(kind.ComponentName, new DefaultControllerRateLimiter<string>(time), time);
        expectations = new UidTrackingExpectations(time);
        PodIndexes.Ensure(pods.Cache);
        owners.AddHandler(new ResourceEventHandler<TOwner>
        {
            OnAdd = Enqueue,
            OnUpdate = (_, current) => Enqueue(current),
            OnDelete = OwnerDeleted,
        });
        pods.AddHandler(new ResourceEventHandler<V1Pod>
        {
            OnAdd = PodAdded,
            OnUpdate = PodUpdated,
            OnDelete = PodDeleted,
        });
    }

    public string Name => kind.ComponentName;

    public async Task RunAsync(CancellationToken ct)
    {
        await Task.WhenAll(owners.WaitForSyncAsync(ct), pods.WaitForSyncAsync(ct));
        await QueueWorkers.RunAsync(queue, workers, SyncAsync, logger, ct);
    }

    private LabelSelector SelectorOf(V1ReplicaSet view)
    {
        try
        {
            return LabelSelector.FromModel(view.Spec?.Selector);
        }
        catch (SelectorParseException)
        {
            return LabelSelector.Nothing; // validation keeps these out; a bad one must not match every pod
        }
    }
}
