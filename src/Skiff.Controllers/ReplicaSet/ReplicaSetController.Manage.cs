using k8s;
using k8s.Models;
using Skiff.Client;
using Skiff.Controllers.Ownership;
using Skiff.Controllers.Batching;
using Skiff.Controllers.Pods;

namespace Skiff.Controllers.ReplicaSet;

/// <summary>Creating missing pods in slow-start batches and deleting surplus ones in upstream's order.</summary>
public sealed partial class ReplicaSetController<TOwner>
{
    private async Task<Exception?> ManageReplicasAsync(string key, TOwner owner, V1ReplicaSet view, List<V1Pod> active, CancellationToken ct)
    {
        var desired = view.Spec?.Replicas ?? 1;
        var diff = active.Count - desired;
        if (diff < 0)
        {
            var missing = Math.Min(-diff, BurstReplicas);
            // Expect before creating: the informer may report a new pod before CreateAsync even returns.
            expectations.ExpectCreations(key, missing);
            var template = new PodFactory(view, kind.ApiVersion, kind.Kind);
            Exception? firstError = null;
            var created = await SlowStart.RunAsync(missing, async token =>
            {
                try
                {
                    var pod = await client.CreateAsync(template.NewPod(), token);
                    events.Normal(owner, "SuccessfulCreate", $"Created pod: {pod.Metadata.Name}");
                    return true;
                }
                catch (KubeApiException e) when (IsNamespaceTerminating(e))
                {
                    return true; // upstream ignores these: the namespace and this owner are going away
                }
                catch (KubeApiException e)
                {
                    events.Warning(owner, "FailedCreate", $"Error creating: {e.Message}");
                    Interlocked.CompareExchange(ref firstError, e, null);
                    return false;
                }
            }, ct);

            // Creations that failed or were never attempted will not be observed: stop expecting them.
            for (var skipped = missing - created; skipped > 0; skipped--)
            {
                expectations.CreationObserved(key);
            }

            return firstError;
        }

        if (diff > 0)
        {
            var surplus = Math.Min(diff, BurstReplicas);
            var victims = PodDeletionOrder.PodsToDelete(active, RelatedPods(view, active), surplus, time.GetUtcNow().UtcDateTime);
            expectations.ExpectDeletions(key, victims.Select(ObjectKey.Of).ToList());
            Exception? firstError = null;
            await Parallel.ForEachAsync(victims, new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = 64 }, async (pod, token) =>
            {
                try
                {
                    await client.DeleteAsync<V1Pod>(pod.Metadata.NamespaceProperty, pod.Metadata.Name, null, token);
                    events.Normal(owner, "SuccessfulDelete", $"Deleted pod: {pod.Metadata.Name}");
                }
                catch (KubeApiException e)
                {
                    // This deletion will not be observed: stop expecting it.
                    expectations.DeletionObserved(key, ObjectKey.Of(pod));
                    if (!e.IsNotFound)
                    {
                        events.Warning(owner, "FailedDelete", $"Error deleting: {e.Message}");
                        Interlocked.CompareExchange(ref firstError, e, null);
                    }
                }
            });
            return firstError;
        }

        return null;
    }

    /// <summary>
    /// Pods of every ReplicaSet that shares this one's controller (a Deployment's old and new sets), for ranking
    /// victims by how many related pods share their node; just this owner's pods when it has no controller.
    /// </summary>
    private IReadOnlyList<V1Pod> RelatedPods(V1ReplicaSet view, List<V1Pod> active)
    {
        if (ControllerRef.Of(view) is not { } controller)
        {
            return active;
        }

        return [.. owners.Cache.ByIndex(Client.Informers.ObjectCache<TOwner>.OwnerUidIndex, controller.Uid)
            .SelectMany(sibling => pods.Cache.ByIndex(PodIndexes.ByController, sibling.Metadata.Uid))];
    }

    private static bool IsNamespaceTerminating(KubeApiException e) =>
        e.Status.Details?.Causes?.Any(c => c.Reason == "NamespaceTerminating") == true;
}
