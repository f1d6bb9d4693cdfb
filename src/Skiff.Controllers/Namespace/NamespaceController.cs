using k8s.Models;
using Microsoft.Extensions.Logging;
using Skiff.Api.Resources;
using Skiff.Client;
using Skiff.Client.Informers;
using Skiff.Client.WorkQueues;
using Skiff.Controllers.Resources;

namespace Skiff.Controllers.Namespace;

/// <summary>
/// Empties namespaces that are being deleted, as upstream's namespace controller: once a namespace has a
/// deletionTimestamp it is marked Terminating, everything in it is deleted (and its status conditions say what
/// is left), and when nothing is left the "kubernetes" finalizer is removed through the finalize subresource, upon
/// which the API server deletes the namespace.
/// </summary>
public sealed partial class NamespaceController : IController
{
    /// <summary>The spec.finalizers token this controller owns (v1.FinalizerKubernetes).</summary>
    public const string KubernetesFinalizer = "kubernetes";

    private readonly IKubeClient client;
    private readonly SharedInformer<V1Namespace> namespaces;
    private readonly IReadOnlyList<IResourceAccess> content;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly int workers;
    private readonly TimeSpan deletionDelay;
    private readonly WorkQueue<string> queue;

    /// <param name="client">The API.</param>
    /// <param name="informers">Where the namespace informer comes from.</param>
    /// <param name="registry">The served resources: every namespaced one that can be deleted is emptied.</param>
    /// <param name="time">Clock for delays, retries and condition timestamps.</param>
    /// <param name="logger">Where failures are reported.</param>
    /// <param name="workers">Namespaces processed at once.</param>
    /// <param name="deletionDelay">How long after a namespace's deletion is seen before it is processed (upstream: 5 s).</param>
    public NamespaceController(IKubeClient client, InformerFactory informers, ResourceRegistry registry, TimeProvider time, ILogger logger,
        int workers, TimeSpan deletionDelay)
    {
        this.client = client;
        this.time = time;
        this.logger = logger;
        this.workers = workers;
        this.deletionDelay = deletionDelay;
        namespaces = informers.For<V1Namespace>();
        content = [.. new ServedResources(registry, client, informers).All
            .Where(access => access.Resource.IsNamespaced && access.Resource.Verbs.Contains("delete"))];
        // Upstream's nsControllerRateLimiter: retries at least every minute, at most 10 per second overall.
        queue = new WorkQueue<string>("namespace", new MaxOfRateLimiter<string>(
            new ItemExponentialFailureRateLimiter<string>(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(60)),
            new BucketRateLimiter<string>(10, 100, time)), time);
        namespaces.AddHandler(new ResourceEventHandler<V1Namespace>
        {
            OnAdd = Enqueue,
            OnUpdate = (_, current) => Enqueue(current),
        });
    }

    public string Name => "namespace-controller";

    public async Task RunAsync(CancellationToken ct)
    {
        await namespaces.WaitForSyncAsync(ct);
        await QueueWorkers.RunAsync(queue, workers, SyncAsync, logger, ct);
    }

    /// <summary>
    /// Only namespaces being deleted matter. They wait a moment first, as upstream's do, so that a creation that
    /// passed the namespace check just before the deletion has landed before the content is listed.
    /// </summary>
    private void Enqueue(V1Namespace ns)
    {
        if (ns.Metadata?.DeletionTimestamp is not null)
        {
            queue.AddAfter(ns.Metadata.Name, deletionDelay);
        }
    }

    private async Task SyncAsync(string name, CancellationToken ct)
    {
        if (namespaces.Cache.Get(name) is null)
        {
            return; // deleted already
        }

        // Several writers edit a terminating namespace: work from the API's latest state, not the cache's.
        V1Namespace ns;
        try
        {
            ns = await client.GetAsync<V1Namespace>(null, name, ct);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            return;
        }

        if (ns.Metadata.DeletionTimestamp is not { } deletedAt)
        {
            return;
        }

        if (await RetryOnConflictAsync(ns, MarkTerminatingAsync, ct) is not { } terminating || terminating.Spec?.Finalizers is not { Count: > 0 })
        {
            return; // gone, or finalized already
        }

        (var estimate, terminating) = await DeleteAllContentAsync(terminating, deletedAt, ct);
        if (estimate > 0)
        {
            // Upstream waits half the estimate (plus a second) before looking again.
            var wait = TimeSpan.FromSeconds(estimate / 2 + 1);
            LogContentRemaining(logger, name, (long)wait.TotalSeconds);
            queue.AddAfter(name, wait);
            return;
        }

        await RetryOnConflictAsync(terminating, FinalizeAsync, ct);
    }

    private async Task<V1Namespace> MarkTerminatingAsync(V1Namespace ns, CancellationToken ct)
    {
        if (ns.Status?.Phase == "Terminating")
        {
            return ns;
        }

        ns.Status ??= new V1NamespaceStatus();
        ns.Status.Phase = "Terminating";
        return await client.UpdateStatusAsync(ns, ct);
    }

    /// <summary>Removes this controller's token from spec.finalizers; the server deletes the namespace once none are left.</summary>
    private async Task<V1Namespace> FinalizeAsync(V1Namespace ns, CancellationToken ct)
    {
        ns.Spec ??= new V1NamespaceSpec();
        ns.Spec.Finalizers = [.. (ns.Spec.Finalizers ?? []).Where(f => f != KubernetesFinalizer).Distinct().Order(StringComparer.Ordinal)];
        try
        {
            return await client.UpdateSubresourceAsync(ns, "finalize", ct);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            return ns; // finalized and deleted already
        }
    }

    /// <summary>
    /// Applies an update, reading the namespace again after each conflict (upstream's retryOnConflictError).
    /// Null when the namespace is gone; a different uid means another namespace under the same name: an error.
    /// </summary>
    private async Task<V1Namespace?> RetryOnConflictAsync(V1Namespace ns, Func<V1Namespace, CancellationToken, Task<V1Namespace>> update, CancellationToken ct)
    {
        while (true)
        {
            try
            {
                return await update(ns, ct);
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
                return null;
            }
            catch (KubeApiException e) when (e.IsConflict)
            {
                V1Namespace latest;
                try
                {
                    latest = await client.GetAsync<V1Namespace>(null, ns.Metadata.Name, ct);
                }
                catch (KubeApiException missing) when (missing.IsNotFound)
                {
                    return null;
                }

                if (latest.Metadata.Uid != ns.Metadata.Uid)
                {
                    throw new InvalidOperationException("namespace uid has changed across retries");
                }

                ns = latest;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Content remaining in namespace {Namespace}, waiting {Seconds} seconds")]
    private static partial void LogContentRemaining(ILogger logger, string @namespace, long seconds);
}
