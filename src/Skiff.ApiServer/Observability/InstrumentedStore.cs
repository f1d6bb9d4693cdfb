using System.Collections.Concurrent;
using Prometheus;
using Skiff.Storage;

namespace Skiff.ApiServer.Observability;

/// <summary>
/// The store as the registry sees it, timing each call into etcd_request_duration_seconds, etcd_requests_total and
/// etcd_request_errors_total by operation (get, list, create, update, delete) and type (the key's resource, e.g.
/// "pods" or "deployments.apps", as upstream's groupResource label). Watches and compaction pass straight through.
/// </summary>
/// <remarks>
/// A failed compare-and-swap (conflict, key exists, key missing) and a cancelled call are not errors, as for
/// upstream's etcd3 store, which counts only its client's errors: those answers are normal optimistic concurrency.
/// </remarks>
public sealed class InstrumentedStore(IStore inner, ApiServerMetrics metrics, TimeProvider time) : IStore
{
    private const string RegistryPrefix = "/registry/";

    // (operation, type) -> bound children. The type is read off the key as a span, so a lookup allocates nothing.
    private readonly ConcurrentDictionary<string, OperationSeries>[] byOperation =
        [new(StringComparer.Ordinal), new(StringComparer.Ordinal), new(StringComparer.Ordinal), new(StringComparer.Ordinal), new(StringComparer.Ordinal)];

    private enum Operation
    {
        Get,
        List,
        Create,
        Update,
        Delete,
    }

    public long CurrentRevision => inner.CurrentRevision;

    public long CompactedRevision => inner.CompactedRevision;

    // Each call reads the clock before calling in: reads complete inside the call, writes are queued by it.
    public Task<KeyValue> CreateAsync(string key, byte[] value, CancellationToken ct)
    {
        var started = time.GetTimestamp();
        return Observe(Operation.Create, key, started, inner.CreateAsync(key, value, ct));
    }

    public Task<KeyValue> UpdateAsync(string key, byte[] value, long expectedModRevision, CancellationToken ct)
    {
        var started = time.GetTimestamp();
        return Observe(Operation.Update, key, started, inner.UpdateAsync(key, value, expectedModRevision, ct));
    }

    public Task<KeyValue> DeleteAsync(string key, long expectedModRevision, CancellationToken ct)
    {
        var started = time.GetTimestamp();
        return Observe(Operation.Delete, key, started, inner.DeleteAsync(key, expectedModRevision, ct));
    }

    public Task<KeyValue?> GetAsync(string key, CancellationToken ct)
    {
        var started = time.GetTimestamp();
        return Observe(Operation.Get, key, started, inner.GetAsync(key, ct));
    }

    public Task<RangeResult> RangeAsync(string prefix, string? startAfterKey, int limit, long atRevision, CancellationToken ct)
    {
        var started = time.GetTimestamp();
        return Observe(Operation.List, prefix, started, inner.RangeAsync(prefix, startAfterKey, limit, atRevision, ct));
    }

    public IAsyncEnumerable<StoreEvent> WatchAsync(string prefix, long afterRevision, CancellationToken ct) => inner.WatchAsync(prefix, afterRevision, ct);

    public Task CompactAsync(long revision, CancellationToken ct) => inner.CompactAsync(revision, ct);

    /// <summary>The store's owner disposes it; this view owns nothing.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>"/registry/deployments.apps/ns/name" -> "deployments.apps"; keys outside /registry/ are typed "".</summary>
    public static ReadOnlySpan<char> TypeOf(string key)
    {
        if (!key.StartsWith(RegistryPrefix, StringComparison.Ordinal))
        {
            return [];
        }

        var rest = key.AsSpan(RegistryPrefix.Length);
        var slash = rest.IndexOf('/');
        return slash < 0 ? rest : rest[..slash];
    }

    private Task<T> Observe<T>(Operation operation, string key, long started, Task<T> call)
    {
        var bound = Series(operation, key);
        // Reads from memory complete synchronously: record them without an async state machine.
        if (call.IsCompletedSuccessfully)
        {
            bound.Record(time.GetElapsedTime(started), failed: false);
            return call;
        }

        return AwaitAsync(call, bound, started);
    }

    private async Task<T> AwaitAsync<T>(Task<T> call, OperationSeries bound, long started)
    {
        try
        {
            var result = await call.ConfigureAwait(false);
            bound.Record(time.GetElapsedTime(started), failed: false);
            return result;
        }
        catch (Exception e) when (e is RevisionConflictException or KeyExistsException or KeyNotFoundInStoreException or OperationCanceledException)
        {
            // Expected outcomes, not storage failures: upstream's etcd3 store sees a failed compare (conflict, key
            // exists) as a response, not an error, and counts only errors of the client itself.
            bound.Record(time.GetElapsedTime(started), failed: false);
            throw;
        }
        catch
        {
            bound.Record(time.GetElapsedTime(started), failed: true);
            throw;
        }
    }

    private OperationSeries Series(Operation operation, string key)
    {
        var map = byOperation[(int)operation];
        var type = TypeOf(key);
        var lookup = map.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(type, out var found))
        {
            return found;
        }

        var name = OperationName(operation);
        var typeLabel = type.ToString();
        return map.GetOrAdd(typeLabel, t => new OperationSeries(
            metrics.StorageRequestDuration.WithLabels(name, t),
            metrics.StorageRequestTotal.WithLabels(name, t),
            metrics.StorageRequestErrors.WithLabels(name, t)));
    }

    private static string OperationName(Operation operation) => operation switch
    {
        Operation.Get => "get",
        Operation.List => "list",
        Operation.Create => "create",
        Operation.Update => "update",
        _ => "delete",
    };

    /// <summary>The bound children of one (operation, type) pair.</summary>
    private sealed class OperationSeries(Histogram.Child duration, Counter.Child total, Counter.Child errors)
    {
        public void Record(TimeSpan elapsed, bool failed)
        {
            duration.Observe(elapsed.TotalSeconds);
            total.Inc();
            if (failed)
            {
                errors.Inc();
            }
        }
    }
}
