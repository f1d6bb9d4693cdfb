using System.Collections.Concurrent;
using System.Text.Json;
using k8s.Models;
using Skiff.Client;
using Skiff.Controllers.Resources;

namespace Skiff.Controllers.GarbageCollector;

/// <summary>
/// Upstream's attemptToOrphanWorker: an owner deleted with the orphan finalizer has its reference removed from
/// every dependent, then loses the finalizer (and so goes). Also the finalizer removal both deletions end with.
/// </summary>
public sealed partial class GarbageCollectorController
{
    // client-go's retry.DefaultBackoff allows four attempts before the conflict is handed back (and retried later).
    private const int FinalizerUpdateAttempts = 4;

    // Dependents are patched in parallel, as upstream does, but a huge owner must not flood the API.
    private const int OrphaningParallelism = 16;

    private async Task AttemptToOrphanAsync(ObjectIdentity owner, CancellationToken ct)
    {
        if (resources.Find(owner.ApiVersion, owner.Kind) is not { } access)
        {
            LogUnknownKind(logger, owner);
            return;
        }

        var failures = new ConcurrentBag<string>();
        var options = new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = OrphaningParallelism };
        await Parallel.ForEachAsync(DependentsOf(owner.Uid), options, async (dependent, token) =>
        {
            var patch = OwnerReferencePatches.Remove(dependent.Identity.Uid, [owner.Uid]);
            try
            {
                await dependent.Access.PatchAsync(dependent.Identity.Namespace, dependent.Identity.Name, PatchKind.StrategicMerge, patch, token);
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
                // Gone already: nothing left to orphan.
            }
            catch (KubeApiException e)
            {
                failures.Add($"orphaning {dependent.Identity} failed, {e.Message}");
            }
        });
        if (!failures.IsEmpty)
        {
            throw new InvalidOperationException($"failed to orphan dependents of owner {owner}, got errors: {string.Join(", ", failures.Order(StringComparer.Ordinal))}");
        }

        await RemoveFinalizerAsync(access, owner, OrphanFinalizer, ct);
    }

    /// <summary>
    /// Removes one finalizer with a merge patch pinned to the resourceVersion it was read at, reading again after
    /// a conflict (upstream's removeFinalizer). An object that is gone, or another object under its name, needs nothing.
    /// </summary>
    private static async Task RemoveFinalizerAsync(IResourceAccess access, ObjectIdentity item, string finalizer, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            V1ObjectMeta current;
            try
            {
                current = await access.GetAsync(item.Namespace, item.Name, ct);
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
                return;
            }

            if (current.Uid != item.Uid || !HasFinalizer(current, finalizer))
            {
                return;
            }

            var remaining = current.Finalizers!.Where(f => f != finalizer).ToList();
            var patch = JsonSerializer.Serialize(new
            {
                metadata = new { resourceVersion = current.ResourceVersion, finalizers = remaining.Count > 0 ? remaining : null },
            });
            try
            {
                await access.PatchAsync(item.Namespace, item.Name, PatchKind.Merge, patch, ct);
                return;
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
                return;
            }
            catch (KubeApiException e) when (e.IsConflict && attempt < FinalizerUpdateAttempts)
            {
                // Written by someone else in between: read it again.
            }
        }
    }
}
