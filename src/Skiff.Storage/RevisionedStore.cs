using System.Threading.Channels;

namespace Skiff.Storage;

/// <summary>
/// The store engine: an in-memory MVCC index serving every read, and a single writer loop that group-commits queued
/// writes to an <see cref="IStorePersistence"/> before applying them and publishing them to watchers.
/// </summary>
/// <remarks>
/// Write path: callers queue requests; the writer loop drains up to <see cref="RevisionedStoreOptions.MaxBatchSize"/> of
/// them, checks each against the current state including the earlier writes of the same batch, numbers the accepted
/// ones with consecutive revisions, persists the batch in one call, then applies it to the index under the write lock,
/// publishes the events and completes the callers' tasks. Readers take the read lock only for the duration of a lookup.
/// The writer loop reads the index without the lock, which is safe because it is the only code that changes it.
/// </remarks>
public partial class RevisionedStore : IStore
{
    private readonly IStorePersistence _persistence;
    private readonly RevisionedStoreOptions _options;
    private readonly Channel<StoreRequest> _requests =
        Channel.CreateUnbounded<StoreRequest>(new UnboundedChannelOptions { SingleReader = true });

    // Not disposed on purpose: a reader may still be inside it when the store is disposed, and it owns no handle
    // that outlives garbage collection.
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);

    // Everything below is changed only by the writer loop (or DisposeAsync after it ended), under the write lock.
    private readonly Dictionary<string, KeyHistory> _keys = new(StringComparer.Ordinal);
    private readonly SortedSet<KeyHistory> _order = new(KeyHistoryOrder.Instance);
    private readonly List<StoreEvent> _history = [];
    private readonly List<StoreWatcher> _watchers = [];
    private long _currentRevision;
    private long _compactedRevision;

    private readonly Task _writerLoop;
    private int _disposed;

    /// <summary>Starts an engine from <paramref name="initialState"/>, writing through <paramref name="persistence"/>.</summary>
    /// <remarks>The engine owns <paramref name="persistence"/> and disposes it. No history before the initial state exists.</remarks>
    public RevisionedStore(IStorePersistence persistence, PersistedState initialState, RevisionedStoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(persistence);
        ArgumentNullException.ThrowIfNull(initialState);
        _persistence = persistence;
        _options = options ?? new RevisionedStoreOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxBatchSize, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.WatchBufferCapacity, 1, nameof(options));

        var revision = Math.Max(1, initialState.Revision);
        foreach (var item in initialState.Items)
        {
            var history = new KeyHistory(item.Key);
            history.Add(item.ModRevision, item);
            if (!_keys.TryAdd(item.Key, history))
            {
                throw new ArgumentException($"key {item.Key} appears twice in the initial state", nameof(initialState));
            }

            _order.Add(history);
            revision = Math.Max(revision, item.ModRevision);
        }

        _currentRevision = revision;
        // Events up to the loaded revision were not kept, so they count as compacted; a store that was never
        // written has no events to lose, so a watch from 0 on it is still complete.
        _compactedRevision = revision > 1 ? revision : 0;
        // Its own thread: persistence blocks (SQLite, fsync) and must not hold one of the pool's few threads.
        _writerLoop = DedicatedThreadContext.Run("skiff store writer", RunWriterLoopAsync);
    }

    /// <inheritdoc />
    public long CurrentRevision => Volatile.Read(ref _currentRevision);

    /// <inheritdoc />
    public long CompactedRevision => Volatile.Read(ref _compactedRevision);

    private bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <inheritdoc />
    public Task<KeyValue> CreateAsync(string key, byte[] value, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(value);
        return EnqueueAsync(new WriteRequest(WriteOperation.Create, key, value, 0, ct));
    }

    /// <inheritdoc />
    public Task<KeyValue> UpdateAsync(string key, byte[] value, long expectedModRevision, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedModRevision);
        return EnqueueAsync(new WriteRequest(WriteOperation.Update, key, value, expectedModRevision, ct));
    }

    /// <inheritdoc />
    public Task<KeyValue> DeleteAsync(string key, long expectedModRevision, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(expectedModRevision);
        return EnqueueAsync(new WriteRequest(WriteOperation.Delete, key, null, expectedModRevision, ct));
    }

    /// <inheritdoc />
    public Task CompactAsync(long revision, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(revision);
        ct.ThrowIfCancellationRequested();
        var request = new CompactRequest(revision, ct);
        Enqueue(request);
        return request.Completion.Task;
    }

    /// <summary>Stops accepting requests, finishes the queued ones, ends every watch and disposes the persistence.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _requests.Writer.TryComplete();
        await _writerLoop;

        _lock.EnterWriteLock();
        try
        {
            foreach (var watcher in _watchers)
            {
                watcher.Close();
            }

            _watchers.Clear();
        }
        finally
        {
            _lock.ExitWriteLock();
        }

        await _persistence.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    private Task<KeyValue> EnqueueAsync(WriteRequest request)
    {
        ArgumentException.ThrowIfNullOrEmpty(request.Key, "key");
        request.Cancellation.ThrowIfCancellationRequested();
        Enqueue(request);
        return request.Completion.Task;
    }

    private void Enqueue(StoreRequest request)
    {
        // The channel is completed by DisposeAsync, so a failed write means the store is closed.
        if (!_requests.Writer.TryWrite(request))
        {
            throw new ObjectDisposedException(GetType().Name);
        }
    }

    /// <summary>Index in <see cref="_history"/> of the first event with a revision above <paramref name="revision"/>.</summary>
    private int FirstHistoryIndexAfter(long revision)
    {
        // Revisions in the history are strictly increasing, so a binary search finds the boundary.
        int low = 0, high = _history.Count;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (_history[middle].Revision <= revision)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }
}
