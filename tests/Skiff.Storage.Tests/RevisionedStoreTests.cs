using System.Text;

namespace Skiff.Storage.Tests;

/// <summary>The engine's own guarantees: group commit, failures that stay local, bounded watchers.</summary>
public sealed class RevisionedStoreTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public async Task ConcurrentWrites_ShareOnePersistenceCallPerBatch()
    {
        var persistence = new RecordingPersistence { HoldFirstBatch = true };
        await using var store = new RevisionedStore(persistence, PersistedState.Empty);

        // While the first batch is held, everything else queues up behind it.
        var first = store.CreateAsync("/r/first", Bytes("v"), CancellationToken.None);
        await persistence.FirstBatchArrived.Task.WaitAsync(Timeout);
        var writes = Enumerable.Range(0, 500).Select(i => store.CreateAsync($"/r/{i:D3}", Bytes("v"), CancellationToken.None)).ToList();
        persistence.ReleaseFirstBatch();
        var results = await Task.WhenAll(writes).WaitAsync(Timeout);
        await first;

        Assert.Equal(2, persistence.Calls);
        var batches = persistence.Batches.ToList();
        Assert.Equal([1, 500], batches.Select(b => b.Events.Count));
        Assert.Equal(Enumerable.Range(3, 500).Select(i => (long)i), results.Select(r => r.ModRevision));
        Assert.Equal(502, batches[1].Revision);
        Assert.Equal(batches[1].Events.Select(e => e.Revision), results.Select(r => r.ModRevision));
    }

    [Fact]
    public async Task Batches_AreCutAtTheMaximumSize()
    {
        var persistence = new RecordingPersistence { HoldFirstBatch = true };
        await using var store = new RevisionedStore(persistence, PersistedState.Empty, new RevisionedStoreOptions { MaxBatchSize = 10 });

        var first = store.CreateAsync("/r/first", Bytes("v"), CancellationToken.None);
        await persistence.FirstBatchArrived.Task.WaitAsync(Timeout);
        var writes = Enumerable.Range(0, 95).Select(i => store.CreateAsync($"/r/{i:D3}", Bytes("v"), CancellationToken.None)).ToList();
        persistence.ReleaseFirstBatch();
        await Task.WhenAll(writes).WaitAsync(Timeout);
        await first;

        Assert.Equal([1, 10, 10, 10, 10, 10, 10, 10, 10, 10, 5], persistence.Batches.Select(b => b.Events.Count));
    }

    [Fact]
    public async Task AWriteFailingItsCheck_FailsAlone_WithoutARevision_AndSeesEarlierWritesOfItsBatch()
    {
        var persistence = new RecordingPersistence { HoldFirstBatch = true };
        await using var store = new RevisionedStore(persistence, PersistedState.Empty);

        var first = store.CreateAsync("/r/first", Bytes("v"), CancellationToken.None);
        await persistence.FirstBatchArrived.Task.WaitAsync(Timeout);
        var createA = store.CreateAsync("/r/a", Bytes("a1"), CancellationToken.None);
        var createAAgain = store.CreateAsync("/r/a", Bytes("a-dup"), CancellationToken.None);
        var updateA = store.UpdateAsync("/r/a", Bytes("a2"), 3, CancellationToken.None);
        var staleUpdateA = store.UpdateAsync("/r/a", Bytes("a3"), 3, CancellationToken.None);
        var updateMissing = store.UpdateAsync("/r/missing", Bytes("m"), 0, CancellationToken.None);
        var deleteA = store.DeleteAsync("/r/a", 0, CancellationToken.None);
        var createB = store.CreateAsync("/r/b", Bytes("b1"), CancellationToken.None);
        persistence.ReleaseFirstBatch();

        Assert.Equal(2, (await first.WaitAsync(Timeout)).ModRevision);
        Assert.Equal(3, (await createA.WaitAsync(Timeout)).ModRevision);
        await Assert.ThrowsAsync<KeyExistsException>(() => createAAgain.WaitAsync(Timeout));
        Assert.Equal(4, (await updateA.WaitAsync(Timeout)).ModRevision);
        var conflict = await Assert.ThrowsAsync<RevisionConflictException>(() => staleUpdateA.WaitAsync(Timeout));
        Assert.Equal(4, conflict.Current.ModRevision);
        await Assert.ThrowsAsync<KeyNotFoundInStoreException>(() => updateMissing.WaitAsync(Timeout));
        Assert.Equal(5, (await deleteA.WaitAsync(Timeout)).ModRevision);
        Assert.Equal(6, (await createB.WaitAsync(Timeout)).ModRevision);
        Assert.Equal([1, 4], persistence.Batches.Select(b => b.Events.Count));
        Assert.Equal(6, store.CurrentRevision);
    }

    [Fact]
    public async Task APersistenceFailure_FailsTheBatch_AndLeavesTheStateAndRevisionUntouched()
    {
        var persistence = new RecordingPersistence();
        await using var store = new RevisionedStore(persistence, PersistedState.Empty);
        await store.CreateAsync("/r/a", Bytes("a1"), CancellationToken.None);
        await using var watch = store.WatchAsync("/r/", store.CurrentRevision, CancellationToken.None).GetAsyncEnumerator();
        var nextEvent = watch.MoveNextAsync();

        persistence.Failure = new IOException("disk full");
        var error = await Assert.ThrowsAsync<IOException>(() => store.CreateAsync("/r/b", Bytes("b1"), CancellationToken.None));
        Assert.Equal("disk full", error.Message);
        Assert.Equal(2, store.CurrentRevision);
        Assert.Null(await store.GetAsync("/r/b", CancellationToken.None));

        persistence.Failure = null;
        var created = await store.CreateAsync("/r/c", Bytes("c1"), CancellationToken.None);
        Assert.Equal(3, created.ModRevision);
        Assert.True(await nextEvent.AsTask().WaitAsync(Timeout));
        Assert.Equal("/r/c", watch.Current.Current.Key);
    }

    [Fact]
    public async Task AWatcherThatFallsTooFarBehind_IsEnded_WithoutBlockingWriters()
    {
        await using var store = new RevisionedStore(new RecordingPersistence(), PersistedState.Empty, new RevisionedStoreOptions { WatchBufferCapacity = 10 });
        await using var watch = store.WatchAsync("/r/", store.CurrentRevision, CancellationToken.None).GetAsyncEnumerator();
        Assert.True(await ReadsOrTimesOutAsync(watch, store));

        // Nobody reads the watch while 50 more writes commit; they must all complete.
        for (var i = 0; i < 50; i++)
        {
            await store.CreateAsync($"/r/{i}", Bytes("v"), CancellationToken.None).WaitAsync(Timeout);
        }

        var delivered = 0;
        await Assert.ThrowsAsync<WatchOverflowException>(async () =>
        {
            while (await watch.MoveNextAsync())
            {
                delivered++;
            }
        });
        Assert.Equal(10, delivered);
    }

    [Fact]
    public async Task AWatchFromAFutureRevision_SkipsEventsUpToIt()
    {
        await using var store = new MemoryStore();
        await using var watch = store.WatchAsync("/r/", 3, CancellationToken.None).GetAsyncEnumerator();
        var next = watch.MoveNextAsync();

        await store.CreateAsync("/r/a", Bytes("v"), CancellationToken.None);   // 2
        await store.CreateAsync("/r/b", Bytes("v"), CancellationToken.None);   // 3
        await store.CreateAsync("/r/c", Bytes("v"), CancellationToken.None);   // 4

        Assert.True(await next.AsTask().WaitAsync(Timeout));
        Assert.Equal(4, watch.Current.Revision);
    }

    [Fact]
    public async Task Compaction_ForgetsDeletedKeysAndOldVersions()
    {
        await using var store = new MemoryStore();
        for (var i = 0; i < 100; i++)
        {
            await store.CreateAsync($"/r/{i:D3}", Bytes("v1"), CancellationToken.None);
            await store.UpdateAsync($"/r/{i:D3}", Bytes("v2"), 0, CancellationToken.None);
            if (i % 2 == 0)
            {
                await store.DeleteAsync($"/r/{i:D3}", 0, CancellationToken.None);
            }
        }

        await store.CompactAsync(store.CurrentRevision, CancellationToken.None);

        var remaining = await store.RangeAsync("/r/", null, 0, store.CurrentRevision, CancellationToken.None);
        Assert.Equal(50, remaining.Items.Count);
        Assert.All(remaining.Items, i => Assert.Equal("v2", Encoding.UTF8.GetString(i.Value)));
        // A paged range over the compacted store still counts only live keys.
        var page = await store.RangeAsync("/r/", null, 10, 0, CancellationToken.None);
        Assert.Equal(40, page.RemainingCount);
    }

    [Fact]
    public async Task Dispose_FinishesQueuedWrites_AndDisposesThePersistence()
    {
        var persistence = new RecordingPersistence { HoldFirstBatch = true };
        var store = new RevisionedStore(persistence, PersistedState.Empty);
        var first = store.CreateAsync("/r/first", Bytes("v"), CancellationToken.None);
        await persistence.FirstBatchArrived.Task.WaitAsync(Timeout);
        var queued = store.CreateAsync("/r/queued", Bytes("v"), CancellationToken.None);

        var disposing = store.DisposeAsync().AsTask();
        persistence.ReleaseFirstBatch();
        await disposing.WaitAsync(Timeout);

        Assert.Equal(2, (await first).ModRevision);
        Assert.Equal(3, (await queued).ModRevision);
        Assert.True(persistence.Disposed);
    }

    [Fact]
    public async Task InitialState_SetsTheRevisionAndCompaction()
    {
        var state = new PersistedState([new KeyValue("/r/a", Bytes("v"), 3, 9)], 12);
        await using var store = new RevisionedStore(new RecordingPersistence(), state);

        Assert.Equal(12, store.CurrentRevision);
        Assert.Equal(12, store.CompactedRevision);
    }

    /// <summary>Proves the watch is registered by having it receive one event.</summary>
    private static async Task<bool> ReadsOrTimesOutAsync(IAsyncEnumerator<StoreEvent> watch, IStore store)
    {
        var next = watch.MoveNextAsync();
        await store.CreateAsync("/r/probe", Bytes("v"), CancellationToken.None);
        return await next.AsTask().WaitAsync(Timeout);
    }
}
