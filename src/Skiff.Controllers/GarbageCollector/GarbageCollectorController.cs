using k8s.Models;
using Microsoft.Extensions.Logging;
using Skiff.Api.Resources;
using Skiff.Client;
using Skiff.Client.Informers;
using Skiff.Client.WorkQueues;
using Skiff.Controllers.Resources;

namespace Skiff.Controllers.GarbageCollector;

/// <summary>
/// Deletes objects whose owners are gone and carries out Foreground and Orphan deletions, as upstream's garbage
/// collector. The owner graph is the shared informer caches of every served resource, whose owner-uid index gives
/// an owner's dependents; informer events put objects to look at on the attemptToDelete queue and owners whose
/// dependents must be orphaned on the attemptToOrphan queue. Every decision is checked against the API, never the
/// cache alone.
/// </summary>
public sealed partial class GarbageCollectorController : IController
{
    /// <summary>metav1.FinalizerOrphanDependents: the owner waits until its dependents no longer reference it.</summary>
    public const string OrphanFinalizer = "orphan";

    /// <summary>metav1.FinalizerDeleteDependents: the owner waits until its blocking dependents are gone.</summary>
    public const string ForegroundFinalizer = "foregroundDeletion";

    // Upstream's absentOwnerCache size.
    private const int AbsentOwnerCacheSize = 500;

    private readonly ServedResources resources;
    private readonly IReadOnlyList<IResourceAccess> monitored;
    private readonly HashSet<IResourceAccess> monitoredSet;
    private readonly ILogger logger;
    private readonly int workers;
    private readonly WorkQueue<ObjectIdentity> attemptToDelete;
    private readonly WorkQueue<ObjectIdentity> attemptToOrphan;
    private readonly AbsentOwnerCache absentOwners = new(AbsentOwnerCacheSize);

    // Set once every monitored cache is filled; events before that are covered by one pass over the caches.
    private volatile bool graphReady;

    public GarbageCollectorController(IKubeClient client, InformerFactory informers, ResourceRegistry registry, TimeProvider time,
        ILogger logger, int workers)
    {
        this.logger = logger;
        this.workers = workers;
        resources = new ServedResources(registry, client, informers);
        monitored = [.. resources.All.Where(IsMonitored)];
        monitoredSet = [.. monitored];
        attemptToDelete = new WorkQueue<ObjectIdentity>("garbage_collector_attempt_to_delete", new DefaultControllerRateLimiter<ObjectIdentity>(time), time);
        attemptToOrphan = new WorkQueue<ObjectIdentity>("garbage_collector_attempt_to_orphan", new DefaultControllerRateLimiter<ObjectIdentity>(time), time);
        foreach (var access in monitored)
        {
            Subscribe(access);
        }
    }

    public string Name => "garbage-collector-controller";

    public async Task RunAsync(CancellationToken ct)
    {
        await Task.WhenAll(monitored.Select(access => access.WaitForSyncAsync(ct)));
        graphReady = true;
        foreach (var access in monitored)
        {
            foreach (var meta in access.CachedAll())
            {
                Observe(access, null, meta);
            }
        }

        await Task.WhenAll(
            QueueWorkers.RunAsync(attemptToDelete, workers, AttemptToDeleteAsync, logger, ct),
            QueueWorkers.RunAsync(attemptToOrphan, workers, AttemptToOrphanAsync, logger, ct));
    }

    /// <summary>
    /// Resources that can be listed, watched and deleted, except events: upstream's collector ignores them by
    /// default (nothing owns events in practice, and they are the most written resource).
    /// </summary>
    private static bool IsMonitored(IResourceAccess access)
    {
        var resource = access.Resource;
        return resource.Verbs.Contains("delete") && resource.Verbs.Contains("list") && resource.Verbs.Contains("watch") &&
            !(resource.Group.Length == 0 && resource.Plural == "events");
    }

    private static bool HasFinalizer(V1ObjectMeta meta, string finalizer) => meta.Finalizers?.Contains(finalizer) == true;

    /// <summary>Being deleted in the foreground: it waits for its blocking dependents to go.</summary>
    private static bool IsDeletingDependents(V1ObjectMeta meta) => meta.DeletionTimestamp is not null && HasFinalizer(meta, ForegroundFinalizer);

    /// <summary>The cached objects that reference <paramref name="ownerUid"/> as an owner, in every monitored resource.</summary>
    private List<Dependent> DependentsOf(string ownerUid)
    {
        var found = new List<Dependent>();
        foreach (var access in monitored)
        {
            foreach (var meta in access.CachedDependentsOf(ownerUid))
            {
                found.Add(new Dependent(access, ObjectIdentity.Of(access, meta), meta));
            }
        }

        return found;
    }

    /// <summary>
    /// The cached owner a reference names (a namespaced owner is looked up in the dependent's namespace), with its
    /// identity; null metadata when it is not cached (not seen yet, gone, or of a resource not monitored).
    /// </summary>
    private (ObjectIdentity Identity, V1ObjectMeta? Meta) CachedOwner(V1OwnerReference reference, string? dependentNamespace)
    {
        var access = resources.Find(reference.ApiVersion, reference.Kind);
        var ownerNamespace = access is null || access.Resource.IsNamespaced ? dependentNamespace : null;
        var identity = ObjectIdentity.OwnerOf(reference, ownerNamespace);
        var meta = access is not null && monitoredSet.Contains(access) && (ownerNamespace is not null || !access.Resource.IsNamespaced)
            ? access.Cached(ownerNamespace, reference.Name)
            : null;
        return (identity, meta);
    }

    /// <summary>A cached dependent: its resource, identity and (shared, read-only) metadata.</summary>
    private readonly record struct Dependent(IResourceAccess Access, ObjectIdentity Identity, V1ObjectMeta Meta);
}
