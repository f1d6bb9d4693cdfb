using System.Runtime.CompilerServices;

namespace Skiff.Storage;

/// <summary>Watches: a replay from the event history followed by live events from a per-watch buffer.</summary>
public partial class RevisionedStore
{
    /// <inheritdoc />
    public IAsyncEnumerable<StoreEvent> WatchAsync(string prefix, long afterRevision, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentOutOfRangeException.ThrowIfNegative(afterRevision);
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        // Checked here so the caller learns about it before enumerating; checked again when the watch starts,
        // in case a compaction ran in between.
        var compacted = CompactedRevision;
        if (afterRevision < compacted)
        {
            throw new CompactedException(afterRevision, compacted);
        }

        return WatchEventsAsync(prefix, afterRevision, ct);
    }

    private async IAsyncEnumerable<StoreEvent> WatchEventsAsync(
        string prefix, long afterRevision, [EnumeratorCancellation] CancellationToken ct)
    {
        var (watcher, replay) = Subscribe(prefix, afterRevision);
        try
        {
            for (var i = 0; i < replay.Count; i++)
            {
                ct.ThrowIfCancellationRequested();
                yield return replay[i];
            }

            // Let the replayed events be collected while the watch lives on.
            replay = [];
            await foreach (var storeEvent in watcher.Events.ReadAllAsync(ct))
            {
                yield return storeEvent;
            }
        }
        finally
        {
            Unsubscribe(watcher);
        }
    }

    private (StoreWatcher Watcher, List<StoreEvent> Replay) Subscribe(string prefix, long afterRevision)
    {
        // The write lock keeps batches out while we copy the history and register: every event is then either in the
        // replay (committed before) or delivered live (committed after), never both, never neither.
        _lock.EnterWriteLock();
        try
        {
            ObjectDisposedException.ThrowIf(IsDisposed, this);
            if (afterRevision < _compactedRevision)
            {
                throw new CompactedException(afterRevision, _compactedRevision);
            }

            var replay = new List<StoreEvent>();
            for (var i = FirstHistoryIndexAfter(afterRevision); i < _history.Count; i++)
            {
                if (_history[i].Current.Key.StartsWith(prefix, StringComparison.Ordinal))
                {
                    replay.Add(_history[i]);
                }
            }

            var watcher = new StoreWatcher(prefix, afterRevision, _options.WatchBufferCapacity);
            _watchers.Add(watcher);
            return (watcher, replay);
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    private void Unsubscribe(StoreWatcher watcher)
    {
        _lock.EnterWriteLock();
        try
        {
            _watchers.Remove(watcher);
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }
}
