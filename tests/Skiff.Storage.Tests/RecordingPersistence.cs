using System.Collections.Concurrent;

namespace Skiff.Storage.Tests;

/// <summary>A fake persistence that records each batch, can hold the first one back, and can fail on demand.</summary>
internal sealed class RecordingPersistence : IStorePersistence
{
    private readonly TaskCompletionSource _releaseFirstBatch = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _calls;

    /// <summary>When set, the first batch waits in <see cref="PersistAsync"/> until <see cref="ReleaseFirstBatch"/>.</summary>
    public bool HoldFirstBatch { get; init; }

    /// <summary>Completed when the first batch has reached the persistence.</summary>
    public TaskCompletionSource FirstBatchArrived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>When set, every batch is refused with this error.</summary>
    public Exception? Failure { get; set; }

    public ConcurrentQueue<(IReadOnlyList<StoreEvent> Events, long Revision)> Batches { get; } = new();

    public int Calls => Volatile.Read(ref _calls);

    public bool Disposed { get; private set; }

    public void ReleaseFirstBatch() => _releaseFirstBatch.TrySetResult();

    public async Task PersistAsync(IReadOnlyList<StoreEvent> batch, long revision, CancellationToken ct)
    {
        if (Interlocked.Increment(ref _calls) == 1)
        {
            FirstBatchArrived.TrySetResult();
            if (HoldFirstBatch)
            {
                await _releaseFirstBatch.Task;
            }
        }

        if (Failure is { } failure)
        {
            throw failure;
        }

        Batches.Enqueue(([.. batch], revision));
    }

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        return ValueTask.CompletedTask;
    }
}
