namespace Skiff.Storage;

/// <summary>The single writer: group commit of queued writes, compaction, and publishing to watchers.</summary>
public partial class RevisionedStore
{
    private async Task RunWriterLoopAsync()
    {
        var reader = _requests.Reader;
        var batch = new List<WriteRequest>(_options.MaxBatchSize);
        while (await reader.WaitToReadAsync())
        {
            // Everything that queued up while the previous batch was being persisted goes into this one: that is what
            // makes 64 concurrent writers cost a handful of syncs instead of 64.
            while (batch.Count < _options.MaxBatchSize && reader.TryRead(out var request))
            {
                if (request is CompactRequest compaction)
                {
                    // Writes queued before the compaction must be applied before it, to keep the queue's order.
                    await CommitBatchAsync(batch);
                    batch.Clear();
                    Compact(compaction);
                }
                else
                {
                    batch.Add((WriteRequest)request);
                }
            }

            await CommitBatchAsync(batch);
            batch.Clear();
        }
    }

    private async Task CommitBatchAsync(List<WriteRequest> batch)
    {
        if (batch.Count == 0)
        {
            return;
        }

        var events = new List<StoreEvent>(batch.Count);
        var accepted = new List<WriteRequest>(batch.Count);
        var rejected = new List<(WriteRequest Request, Exception Error)>();
        try
        {
            // Later writes of the batch must see the earlier ones: key -> value after them (null: deleted).
            var pending = new Dictionary<string, KeyValue?>(StringComparer.Ordinal);
            var revision = _currentRevision;
            foreach (var request in batch)
            {
                if (request.Cancellation.IsCancellationRequested)
                {
                    request.Completion.TrySetCanceled(request.Cancellation);
                    continue;
                }

                var current = pending.TryGetValue(request.Key, out var batched)
                    ? batched
                    : _keys.TryGetValue(request.Key, out var history) ? history.Latest : null;
                var error = Check(request, current);
                if (error is not null)
                {
                    rejected.Add((request, error));
                    continue;
                }

                revision++;
                var storeEvent = request.Operation switch
                {
                    WriteOperation.Create => new StoreEvent(
                        StoreEventType.Put, new KeyValue(request.Key, request.Value!, revision, revision), null),
                    WriteOperation.Update => new StoreEvent(
                        StoreEventType.Put, new KeyValue(request.Key, request.Value!, current!.CreateRevision, revision), current),
                    _ => new StoreEvent(StoreEventType.Delete, current! with { ModRevision = revision }, current),
                };
                pending[request.Key] = storeEvent.Type == StoreEventType.Put ? storeEvent.Current : null;
                events.Add(storeEvent);
                accepted.Add(request);
            }

            if (events.Count > 0)
            {
                // Not cancellable: once the batch is handed over it must either fully commit or fully fail.
                await _persistence.PersistAsync(events, revision, CancellationToken.None);
                Apply(events, revision);
            }
        }
        catch (Exception ex)
        {
            // Nothing was applied, so no revision was consumed. The rejections were judged against a state that
            // assumed this batch would commit, so they fail with the same cause rather than a possibly wrong verdict.
            foreach (var request in batch)
            {
                request.Completion.TrySetException(ex);
            }

            return;
        }

        for (var i = 0; i < accepted.Count; i++)
        {
            accepted[i].Completion.TrySetResult(events[i].Current);
        }

        foreach (var (request, error) in rejected)
        {
            request.Completion.TrySetException(error);
        }
    }

    private static Exception? Check(WriteRequest request, KeyValue? current)
    {
        if (request.Operation == WriteOperation.Create)
        {
            return current is null ? null : new KeyExistsException(request.Key);
        }

        if (current is null)
        {
            return new KeyNotFoundInStoreException(request.Key);
        }

        return request.ExpectedModRevision != 0 && request.ExpectedModRevision != current.ModRevision
            ? new RevisionConflictException(current, request.ExpectedModRevision)
            : null;
    }

    /// <summary>Makes a persisted batch visible to readers and hands its events to the watchers, atomically.</summary>
    private void Apply(List<StoreEvent> events, long revision)
    {
        _lock.EnterWriteLock();
        try
        {
            foreach (var storeEvent in events)
            {
                var key = storeEvent.Current.Key;
                if (!_keys.TryGetValue(key, out var history))
                {
                    history = new KeyHistory(key);
                    _keys.Add(key, history);
                    _order.Add(history);
                }

                history.Add(storeEvent.Revision, storeEvent.Type == StoreEventType.Put ? storeEvent.Current : null);
                _history.Add(storeEvent);
            }

            Volatile.Write(ref _currentRevision, revision);

            // Publishing under the same lock as the apply is what lets a new watch take "history up to now" and
            // "everything after" without a gap or a duplicate.
            for (var i = _watchers.Count - 1; i >= 0; i--)
            {
                var watcher = _watchers[i];
                foreach (var storeEvent in events)
                {
                    if (!watcher.TryDeliver(storeEvent))
                    {
                        _watchers.RemoveAt(i);
                        break;
                    }
                }
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    private void Compact(CompactRequest request)
    {
        if (request.Cancellation.IsCancellationRequested)
        {
            request.Completion.TrySetCanceled(request.Cancellation);
            return;
        }

        if (request.Revision > _currentRevision)
        {
            request.Completion.TrySetException(new FutureRevisionException(request.Revision, _currentRevision));
            return;
        }

        if (request.Revision > _compactedRevision)
        {
            _lock.EnterWriteLock();
            try
            {
                // Only keys written in the forgotten part of the history can have versions to drop.
                var cut = FirstHistoryIndexAfter(request.Revision);
                for (var i = 0; i < cut; i++)
                {
                    var key = _history[i].Current.Key;
                    if (_keys.TryGetValue(key, out var history) && history.Compact(request.Revision))
                    {
                        _keys.Remove(key);
                        _order.Remove(history);
                    }
                }

                _history.RemoveRange(0, cut);
                // Give memory back after a burst of writes, but not on every compaction.
                if (_history.Capacity > 4096 && _history.Count < _history.Capacity / 4)
                {
                    _history.TrimExcess();
                }

                Volatile.Write(ref _compactedRevision, request.Revision);
            }
            finally
            {
                _lock.ExitWriteLock();
            }
        }

        request.Completion.TrySetResult();
    }
}
