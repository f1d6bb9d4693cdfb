using System.Text;

namespace Skiff.Storage.Tests;

/// <summary>The behaviour every <see cref="IStore"/> must have; subclassed once per implementation.</summary>
public abstract class StoreContractTests : IAsyncLifetime
{
    /// <summary>Bounds every wait so a broken store fails a test instead of hanging it.</summary>
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));

    protected IStore Store { get; set; } = null!;

    protected CancellationToken Ct => _timeout.Token;

    protected abstract Task<IStore> CreateStoreAsync();

    public async Task InitializeAsync() => Store = await CreateStoreAsync();

    public virtual async Task DisposeAsync()
    {
        await Store.DisposeAsync();
        _timeout.Dispose();
    }

    protected static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    protected static string Text(KeyValue item) => Encoding.UTF8.GetString(item.Value);

    [Fact]
    public void NewStore_IsAtRevisionOne_WithNothingCompacted()
    {
        Assert.Equal(1, Store.CurrentRevision);
        Assert.Equal(0, Store.CompactedRevision);
    }

    [Fact]
    public async Task EveryWrite_AdvancesTheRevisionByOne()
    {
        var created = await Store.CreateAsync("/r/a", Bytes("v1"), Ct);
        Assert.Equal(new KeyValue("/r/a", created.Value, 2, 2), created);
        Assert.Equal(2, Store.CurrentRevision);

        var updated = await Store.UpdateAsync("/r/a", Bytes("v2"), 2, Ct);
        Assert.Equal(2, updated.CreateRevision);
        Assert.Equal(3, updated.ModRevision);
        Assert.Equal("v2", Text(updated));

        var deleted = await Store.DeleteAsync("/r/a", 3, Ct);
        Assert.Equal(2, deleted.CreateRevision);
        Assert.Equal(4, deleted.ModRevision);
        Assert.Equal("v2", Text(deleted));
        Assert.Equal(4, Store.CurrentRevision);

        // A key created again after a delete starts a new life.
        var recreated = await Store.CreateAsync("/r/a", Bytes("v3"), Ct);
        Assert.Equal(5, recreated.CreateRevision);
        Assert.Equal(5, recreated.ModRevision);
    }

    [Fact]
    public async Task Create_OfAnExistingKey_FailsWithoutConsumingARevision()
    {
        await Store.CreateAsync("/r/a", Bytes("v1"), Ct);

        var error = await Assert.ThrowsAsync<KeyExistsException>(() => Store.CreateAsync("/r/a", Bytes("v2"), Ct));

        Assert.Equal("/r/a", error.Key);
        Assert.Equal(2, Store.CurrentRevision);
        Assert.Equal("v1", Text((await Store.GetAsync("/r/a", Ct))!));
    }

    [Fact]
    public async Task UpdateAndDelete_OfAMissingKey_FailWithNotFound()
    {
        await Assert.ThrowsAsync<KeyNotFoundInStoreException>(() => Store.UpdateAsync("/r/missing", Bytes("v"), 0, Ct));
        var error = await Assert.ThrowsAsync<KeyNotFoundInStoreException>(() => Store.DeleteAsync("/r/missing", 0, Ct));

        Assert.Equal("/r/missing", error.Key);
        Assert.Equal(1, Store.CurrentRevision);
    }

    [Fact]
    public async Task Update_WithAStaleRevision_ConflictsAndCarriesTheCurrentValue()
    {
        await Store.CreateAsync("/r/a", Bytes("v1"), Ct);
        await Store.UpdateAsync("/r/a", Bytes("v2"), 2, Ct);

        var error = await Assert.ThrowsAsync<RevisionConflictException>(() => Store.UpdateAsync("/r/a", Bytes("v3"), 2, Ct));

        Assert.Equal(3, error.Current.ModRevision);
        Assert.Equal("v2", Text(error.Current));
        Assert.Equal(2, error.ExpectedModRevision);
        Assert.Equal(3, Store.CurrentRevision);
        Assert.Equal(4, (await Store.UpdateAsync("/r/a", Bytes("v3"), 3, Ct)).ModRevision);
        Assert.Equal(5, (await Store.UpdateAsync("/r/a", Bytes("v4"), 0, Ct)).ModRevision);
    }

    [Fact]
    public async Task Delete_WithAStaleRevision_Conflicts_AndWithZeroSucceeds()
    {
        await Store.CreateAsync("/r/a", Bytes("v1"), Ct);
        await Store.UpdateAsync("/r/a", Bytes("v2"), 0, Ct);

        var error = await Assert.ThrowsAsync<RevisionConflictException>(() => Store.DeleteAsync("/r/a", 2, Ct));
        Assert.Equal(3, error.Current.ModRevision);
        Assert.NotNull(await Store.GetAsync("/r/a", Ct));

        var deleted = await Store.DeleteAsync("/r/a", 0, Ct);
        Assert.Equal(4, deleted.ModRevision);
        Assert.Null(await Store.GetAsync("/r/a", Ct));
    }

    [Fact]
    public async Task Get_ReturnsTheCurrentValueOrNull()
    {
        Assert.Null(await Store.GetAsync("/r/a", Ct));
        await Store.CreateAsync("/r/a", Bytes("v1"), Ct);
        await Store.UpdateAsync("/r/a", Bytes("v2"), 0, Ct);

        var item = await Store.GetAsync("/r/a", Ct);

        Assert.NotNull(item);
        Assert.Equal("v2", Text(item));
        Assert.Equal(2, item.CreateRevision);
        Assert.Equal(3, item.ModRevision);
        Assert.Null(await Store.GetAsync("/r/a/", Ct));
    }

    [Fact]
    public async Task Range_ReturnsOnlyKeysWithThePrefix_InOrdinalOrder()
    {
        foreach (var key in new[] { "/registry/pods/ns/b", "/registry/pods2/ns/x", "/registry/pods/ns/a", "/registry/pod", "/registry/pods/ns/B", "/registry/pods/other/a" })
        {
            await Store.CreateAsync(key, Bytes(key), Ct);
        }

        var all = await Store.RangeAsync("/registry/pods/", null, 0, 0, Ct);
        var namespaced = await Store.RangeAsync("/registry/pods/ns/", null, 0, 0, Ct);
        var none = await Store.RangeAsync("/registry/services/", null, 0, 0, Ct);

        Assert.Equal(["/registry/pods/ns/B", "/registry/pods/ns/a", "/registry/pods/ns/b", "/registry/pods/other/a"], all.Items.Select(i => i.Key));
        Assert.Equal(["/registry/pods/ns/B", "/registry/pods/ns/a", "/registry/pods/ns/b"], namespaced.Items.Select(i => i.Key));
        Assert.Empty(none.Items);
        Assert.Equal(7, all.Revision);
        Assert.False(all.More);
        Assert.Equal(0, all.RemainingCount);
        Assert.Equal(6, (await Store.RangeAsync("", null, 0, 0, Ct)).Items.Count);
    }

    [Fact]
    public async Task Range_PagesWithLimitAndStartAfterKey()
    {
        for (var i = 0; i < 10; i++)
        {
            await Store.CreateAsync($"/r/k{i:D2}", Bytes($"{i}"), Ct);
        }

        await Store.CreateAsync("/s/outside", Bytes("x"), Ct);

        var pages = new List<RangeResult>();
        string? startAfter = null;
        do
        {
            var page = await Store.RangeAsync("/r/", startAfter, 4, 0, Ct);
            pages.Add(page);
            startAfter = page.Items.Count > 0 ? page.Items[^1].Key : null;
        }
        while (pages[^1].More);

        Assert.Equal([4, 4, 2], pages.Select(p => p.Items.Count));
        Assert.Equal([true, true, false], pages.Select(p => p.More));
        Assert.Equal([6L, 2L, 0L], pages.Select(p => p.RemainingCount));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"/r/k{i:D2}"), pages.SelectMany(p => p.Items).Select(i => i.Key));

        // An exact fit is not "more".
        var exact = await Store.RangeAsync("/r/", "/r/k05", 4, 0, Ct);
        Assert.Equal(["/r/k06", "/r/k07", "/r/k08", "/r/k09"], exact.Items.Select(i => i.Key));
        Assert.False(exact.More);

        // A start key past the prefix's range, or before it, is handled.
        Assert.Empty((await Store.RangeAsync("/r/", "/r/zzz", 4, 0, Ct)).Items);
        Assert.Equal("/r/k00", (await Store.RangeAsync("/r/", "/a", 1, 0, Ct)).Items[0].Key);
    }

    [Fact]
    public async Task Range_AtAnOlderRevision_SeesTheStateOfThatRevision()
    {
        await Store.CreateAsync("/r/a", Bytes("a1"), Ct);           // 2
        await Store.CreateAsync("/r/b", Bytes("b1"), Ct);           // 3
        var snapshot = Store.CurrentRevision;
        await Store.UpdateAsync("/r/a", Bytes("a2"), 0, Ct);        // 4
        await Store.DeleteAsync("/r/b", 0, Ct);                     // 5
        await Store.CreateAsync("/r/c", Bytes("c1"), Ct);           // 6

        var old = await Store.RangeAsync("/r/", null, 0, snapshot, Ct);
        var now = await Store.RangeAsync("/r/", null, 0, 0, Ct);
        var middle = await Store.RangeAsync("/r/", null, 0, 4, Ct);

        Assert.Equal(snapshot, old.Revision);
        Assert.Equal(["/r/a=a1", "/r/b=b1"], old.Items.Select(i => $"{i.Key}={Text(i)}"));
        Assert.Equal(6, now.Revision);
        Assert.Equal(["/r/a=a2", "/r/c=c1"], now.Items.Select(i => $"{i.Key}={Text(i)}"));
        Assert.Equal(["/r/a=a2", "/r/b=b1"], middle.Items.Select(i => $"{i.Key}={Text(i)}"));
        Assert.Empty((await Store.RangeAsync("/r/", null, 0, 1, Ct)).Items);
        await Assert.ThrowsAsync<FutureRevisionException>(() => Store.RangeAsync("/r/", null, 0, 7, Ct));
    }

    [Fact]
    public async Task Range_PagingAtTheFirstPagesRevision_IgnoresLaterWrites()
    {
        for (var i = 0; i < 6; i++)
        {
            await Store.CreateAsync($"/r/k{i}", Bytes("v"), Ct);
        }

        var first = await Store.RangeAsync("/r/", null, 3, 0, Ct);
        await Store.DeleteAsync("/r/k4", 0, Ct);
        await Store.CreateAsync("/r/k45", Bytes("new"), Ct);
        var second = await Store.RangeAsync("/r/", first.Items[^1].Key, 3, first.Revision, Ct);

        Assert.Equal(["/r/k3", "/r/k4", "/r/k5"], second.Items.Select(i => i.Key));
        Assert.Equal(first.Revision, second.Revision);
        Assert.False(second.More);
    }

    [Fact]
    public async Task Watch_ReplaysHistoryThenDeliversLiveEvents_ForThePrefixOnly()
    {
        await Store.CreateAsync("/r/a", Bytes("a1"), Ct);           // 2
        var from = Store.CurrentRevision;
        await Store.CreateAsync("/other/x", Bytes("x"), Ct);        // 3
        await Store.UpdateAsync("/r/a", Bytes("a2"), 0, Ct);        // 4
        await Store.CreateAsync("/r/b", Bytes("b1"), Ct);           // 5

        await using var watch = Store.WatchAsync("/r/", from, Ct).GetAsyncEnumerator(Ct);
        var replayed = await TakeAsync(watch, 2);
        await Store.CreateAsync("/other/y", Bytes("y"), Ct);        // 6
        await Store.DeleteAsync("/r/a", 0, Ct);                     // 7
        await Store.CreateAsync("/r/c", Bytes("c1"), Ct);           // 8
        var live = await TakeAsync(watch, 2);

        Assert.Equal([4L, 5L], replayed.Select(e => e.Revision));
        Assert.Equal(StoreEventType.Put, replayed[0].Type);
        Assert.Equal("a2", Text(replayed[0].Current));
        Assert.Equal("a1", Text(replayed[0].Previous!));
        Assert.Null(replayed[1].Previous);

        Assert.Equal([7L, 8L], live.Select(e => e.Revision));
        var deletion = live[0];
        Assert.Equal(StoreEventType.Delete, deletion.Type);
        Assert.Equal("/r/a", deletion.Current.Key);
        Assert.Equal("a2", Text(deletion.Current));
        Assert.Equal(7, deletion.Current.ModRevision);
        Assert.Equal(2, deletion.Current.CreateRevision);
        Assert.Equal(4, deletion.Previous!.ModRevision);
    }

    [Fact]
    public async Task Watch_FromTheCurrentRevision_DeliversOnlyNewEvents()
    {
        await Store.CreateAsync("/r/old", Bytes("v"), Ct);

        await using var watch = Store.WatchAsync("/r/", Store.CurrentRevision, Ct).GetAsyncEnumerator(Ct);
        var next = watch.MoveNextAsync();
        await Store.CreateAsync("/r/new", Bytes("v"), Ct);

        Assert.True(await next);
        Assert.Equal("/r/new", watch.Current.Current.Key);
    }

    [Fact]
    public async Task Watch_StartedWhileWritersRun_HasNoGapsOrDuplicates()
    {
        const int writers = 8, writesEach = 40;
        var start = Store.CurrentRevision;
        var writing = Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < writesEach; i++)
            {
                await Store.CreateAsync($"/r/{w}/{i}", Bytes("v"), Ct);
            }
        })));

        // Start the watch from a revision the writers are already past, so replay and live delivery must meet exactly.
        await using var watch = Store.WatchAsync("/r/", start, Ct).GetAsyncEnumerator(Ct);
        var events = await TakeAsync(watch, writers * writesEach);
        await writing;

        Assert.Equal(Enumerable.Range(0, writers * writesEach).Select(i => start + 1 + i), events.Select(e => e.Revision));
    }

    [Fact]
    public async Task Compaction_MakesOlderRangesAndWatchesFail_AndKeepsNewerHistory()
    {
        await Store.CreateAsync("/r/a", Bytes("a1"), Ct);           // 2
        await Store.CreateAsync("/r/b", Bytes("b1"), Ct);           // 3
        await Store.UpdateAsync("/r/a", Bytes("a2"), 0, Ct);        // 4
        await Store.DeleteAsync("/r/b", 0, Ct);                     // 5
        await Store.CreateAsync("/r/c", Bytes("c1"), Ct);           // 6
        await Store.UpdateAsync("/r/c", Bytes("c2"), 0, Ct);        // 7

        await Store.CompactAsync(5, Ct);

        Assert.Equal(5, Store.CompactedRevision);
        var rangeError = await Assert.ThrowsAsync<CompactedException>(() => Store.RangeAsync("/r/", null, 0, 4, Ct));
        Assert.Equal(5, rangeError.CompactedRevision);
        Assert.Equal(4, rangeError.RequestedRevision);
        Assert.Throws<CompactedException>(() => Store.WatchAsync("/r/", 4, Ct));

        var atCompaction = await Store.RangeAsync("/r/", null, 0, 5, Ct);
        Assert.Equal(["/r/a=a2"], atCompaction.Items.Select(i => $"{i.Key}={Text(i)}"));
        var atSix = await Store.RangeAsync("/r/", null, 0, 6, Ct);
        Assert.Equal(["/r/a=a2", "/r/c=c1"], atSix.Items.Select(i => $"{i.Key}={Text(i)}"));

        await using var watch = Store.WatchAsync("/r/", 5, Ct).GetAsyncEnumerator(Ct);
        Assert.Equal([6L, 7L], (await TakeAsync(watch, 2)).Select(e => e.Revision));

        // Compacting again at or below is a no-op; compacting the future is refused.
        await Store.CompactAsync(3, Ct);
        Assert.Equal(5, Store.CompactedRevision);
        await Assert.ThrowsAsync<FutureRevisionException>(() => Store.CompactAsync(8, Ct));

        // A key deleted before the compaction revision can be created again.
        Assert.Equal(8, (await Store.CreateAsync("/r/b", Bytes("b2"), Ct)).CreateRevision);
        await Store.CompactAsync(Store.CurrentRevision, Ct);
        Assert.Equal(["/r/a", "/r/b", "/r/c"], (await Store.RangeAsync("/r/", null, 0, 0, Ct)).Items.Select(i => i.Key));
    }

    [Fact]
    public async Task ConcurrentCreates_AllSucceed_WithUniqueRevisions_AndAreAllVisible()
    {
        const int tasks = 64, createsEach = 50;
        var results = await Task.WhenAll(Enumerable.Range(0, tasks).Select(t => Task.Run(async () =>
        {
            var created = new List<KeyValue>(createsEach);
            for (var i = 0; i < createsEach; i++)
            {
                created.Add(await Store.CreateAsync($"/r/{t:D2}/{i:D2}", Bytes($"{t}-{i}"), Ct));
            }

            return created;
        })));

        var revisions = results.SelectMany(r => r).Select(i => i.ModRevision).Order().ToList();
        Assert.Equal(Enumerable.Range(2, tasks * createsEach).Select(i => (long)i), revisions);
        Assert.Equal(1 + (tasks * createsEach), Store.CurrentRevision);
        var all = await Store.RangeAsync("/r/", null, 0, 0, Ct);
        Assert.Equal(tasks * createsEach, all.Items.Count);
        Assert.Equal("17-23", Text((await Store.GetAsync("/r/17/23", Ct))!));
    }

    [Fact]
    public async Task AfterDispose_WritesFail_AndWatchesEnd()
    {
        await using var watch = Store.WatchAsync("/r/", Store.CurrentRevision, Ct).GetAsyncEnumerator(Ct);
        var next = watch.MoveNextAsync();

        await Store.DisposeAsync();

        Assert.False(await next);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => Store.CreateAsync("/r/a", Bytes("v"), Ct));
    }

    [Fact]
    public async Task AnAlreadyCancelledWrite_IsNotApplied()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.CreateAsync("/r/a", Bytes("v"), cancelled.Token));

        Assert.Null(await Store.GetAsync("/r/a", Ct));
        Assert.Equal(1, Store.CurrentRevision);
    }

    protected static async Task<List<StoreEvent>> TakeAsync(IAsyncEnumerator<StoreEvent> watch, int count)
    {
        var events = new List<StoreEvent>(count);
        while (events.Count < count)
        {
            Assert.True(await watch.MoveNextAsync(), $"the watch ended after {events.Count} of {count} events");
            events.Add(watch.Current);
        }

        return events;
    }
}
