using System.Collections.Concurrent;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Skiff.Client;
using Skiff.Controllers.Resources;

namespace Skiff.Controllers.Namespace;

/// <summary>
/// Upstream's deleteAllContent: delete every object of every namespaced resource, list again to see what is left,
/// and estimate how long the rest will take (pods' grace periods; a default for objects held by finalizers).
/// </summary>
public sealed partial class NamespaceController
{
    /// <summary>Upstream's finalizerEstimateSeconds: how long objects held by finalizers are assumed to need.</summary>
    private const long FinalizerEstimateSeconds = 15;

    // Objects of one resource are deleted in parallel (upstream sends one deletecollection), within reason.
    private const int DeletionParallelism = 16;

    /// <summary>
    /// Deletes the namespace's content and records the outcome in its status conditions. Returns the estimate in
    /// seconds before the remaining content is gone (zero: nothing left) and the namespace as last written; throws
    /// when some content could not be deleted.
    /// </summary>
    private async Task<(long Estimate, V1Namespace Namespace)> DeleteAllContentAsync(V1Namespace ns, DateTime deletedAt, CancellationToken ct)
    {
        var name = ns.Metadata.Name;
        var conditions = new NamespaceConditions(time.GetUtcNow().UtcDateTime);
        var errors = new List<string>();
        var remainingByResource = new Dictionary<string, int>(StringComparer.Ordinal);
        var remainingByFinalizer = new Dictionary<string, int>(StringComparer.Ordinal);
        long estimate = 0;
        foreach (var access in content)
        {
            var outcome = await DeleteContentAsync(access, name, deletedAt, ct);
            if (outcome.Error is { } error)
            {
                errors.Add(error);
                conditions.ContentDeletionFailed(error);
            }

            estimate = Math.Max(estimate, outcome.Estimate);
            if (outcome.Remaining > 0)
            {
                remainingByResource[$"{access.Resource.Plural}.{access.Resource.Group}"] = outcome.Remaining;
                foreach (var (finalizer, count) in outcome.Finalizers)
                {
                    remainingByFinalizer[finalizer] = remainingByFinalizer.GetValueOrDefault(finalizer) + count;
                }
            }
        }

        conditions.ContentRemaining(remainingByResource, remainingByFinalizer);
        ns.Status ??= new V1NamespaceStatus();
        if (conditions.ApplyTo(ns.Status))
        {
            try
            {
                ns = await client.UpdateStatusAsync(ns, ct);
            }
            catch (KubeApiException e)
            {
                // Conditions are informative; as upstream, failing to write them does not stop the deletion.
                LogConditionsNotWritten(logger, e, name);
            }
        }

        if (errors.Count > 0)
        {
            throw new InvalidOperationException(errors.Count == 1 ? errors[0] : $"[{string.Join(", ", errors)}]");
        }

        return (estimate, ns);
    }

    /// <summary>Deletes every object of one resource in the namespace, then counts what is left and what holds it.</summary>
    private async Task<ContentOutcome> DeleteContentAsync(IResourceAccess access, string ns, DateTime deletedAt, CancellationToken ct)
    {
        var resource = access.Resource;
        long estimate = 0;
        try
        {
            if (resource.Group.Length == 0 && resource.Plural == "pods")
            {
                estimate = await EstimatePodTerminationAsync(ns, deletedAt, ct);
            }

            var failure = await DeleteEachAsync(access, ns, ct);
            if (failure is not null)
            {
                return new ContentOutcome(estimate, 0, ContentOutcome.NoFinalizers, failure);
            }

            var left = await access.ListAsync(ns, ct);
            if (left.Count == 0)
            {
                return new ContentOutcome(0, 0, ContentOutcome.NoFinalizers, null);
            }

            var finalizers = left.SelectMany(meta => meta.Finalizers ?? []).GroupBy(f => f, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            if (estimate != 0)
            {
                return new ContentOutcome(estimate, left.Count, finalizers, null);
            }

            if (finalizers.Count > 0)
            {
                // Held by finalizers (the garbage collector's, say): a normal wait, not an error.
                return new ContentOutcome(FinalizerEstimateSeconds, left.Count, finalizers, null);
            }

            return new ContentOutcome(estimate, left.Count, ContentOutcome.NoFinalizers,
                $"unexpected items still remain in namespace: {ns} for gvr: {resource.Group}/{resource.Version}, Resource={resource.Plural}");
        }
        catch (KubeApiException e)
        {
            return new ContentOutcome(estimate, 0, ContentOutcome.NoFinalizers, e.Message);
        }
    }

    /// <summary>
    /// Deletes every listed object with Background propagation (the namespace's content goes in any case, so
    /// nothing must be orphaned). Returns the first failure other than NotFound, if any.
    /// </summary>
    private static async Task<string?> DeleteEachAsync(IResourceAccess access, string ns, CancellationToken ct)
    {
        var items = await access.ListAsync(ns, ct);
        var failures = new ConcurrentQueue<string>();
        var options = new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = DeletionParallelism };
        await Parallel.ForEachAsync(items, options, async (item, token) =>
        {
            try
            {
                await access.DeleteAsync(ns, item.Name, new V1DeleteOptions { PropagationPolicy = "Background" }, token);
            }
            catch (KubeApiException e) when (e.IsNotFound || e.Code == 405)
            {
                // Gone already, or not deletable one by one: nothing to do.
            }
            catch (KubeApiException e)
            {
                failures.Enqueue(e.Message);
            }
        });
        return failures.TryPeek(out var first) ? first : null;
    }

    /// <summary>
    /// The longest grace period of the namespace's pods that have not finished, or zero once that long has passed
    /// since the namespace's deletion (upstream's estimateGracefulTerminationForPods).
    /// </summary>
    private async Task<long> EstimatePodTerminationAsync(string ns, DateTime deletedAt, CancellationToken ct)
    {
        long estimate = 0;
        foreach (var pod in (await client.ListAsync<V1Pod>(ns, null, ct)).Items)
        {
            if (pod.Status?.Phase is "Succeeded" or "Failed")
            {
                continue;
            }

            estimate = Math.Max(estimate, pod.Spec?.TerminationGracePeriodSeconds ?? 0);
        }

        var elapsed = time.GetUtcNow().UtcDateTime - DateTime.SpecifyKind(deletedAt, DateTimeKind.Utc);
        return elapsed >= TimeSpan.FromSeconds(estimate) ? 0 : estimate;
    }

    /// <summary>What deleting one resource's content left behind.</summary>
    private sealed record ContentOutcome(long Estimate, int Remaining, IReadOnlyDictionary<string, int> Finalizers, string? Error)
    {
        public static readonly IReadOnlyDictionary<string, int> NoFinalizers = new Dictionary<string, int>();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not update the status conditions of namespace {Namespace}")]
    private static partial void LogConditionsNotWritten(ILogger logger, Exception e, string @namespace);
}
