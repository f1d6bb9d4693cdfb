using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using Skiff.Client.WorkQueues;

namespace Skiff.Client.Tests.WorkQueues;

/// <summary>The queue's guarantees: repeated adds collapse, one worker per item, re-adds while processing, shutdown.</summary>
public sealed class WorkQueueTests
{
    private static readonly TimeSpan Timeout = Eventually.Timeout;

    private static WorkQueue<string> NewQueue() => new("test", new FakeTimeProvider());

    private static async Task<string> GetItemAsync(WorkQueue<string> queue)
    {
        var (item, shutDown) = await queue.GetAsync(CancellationToken.None).AsTask().WaitAsync(Timeout);
        Assert.False(shutDown);
        return item;
    }

    [Fact]
    public async Task Add_CollapsesRepeatedAddsOfAWaitingItem_AndKeepsFirstAddOrder()
    {
        using var queue = NewQueue();
        queue.Add("ns/a");
        queue.Add("ns/b");
        queue.Add("ns/a");
        queue.Add("ns/c");
        queue.Add("ns/b");

        Assert.Equal(3, queue.Count);
        Assert.Equal("ns/a", await GetItemAsync(queue));
        Assert.Equal("ns/b", await GetItemAsync(queue));
        Assert.Equal("ns/c", await GetItemAsync(queue));
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task AnItemAddedWhileProcessing_IsHandedOutAgainOnlyAfterDone()
    {
        using var queue = NewQueue();
        queue.Add("ns/a");
        var item = await GetItemAsync(queue);

        queue.Add("ns/a");
        queue.Add("ns/a");
        Assert.Equal(0, queue.Count);
        var second = queue.GetAsync(CancellationToken.None).AsTask();
        Assert.False(second.IsCompleted);

        queue.Done(item);
        var (again, shutDown) = await second.WaitAsync(Timeout);
        Assert.False(shutDown);
        Assert.Equal("ns/a", again);

        // The two adds during processing collapsed into that one re-run.
        queue.Done(again);
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task Done_WithoutAReAdd_DoesNotRequeue()
    {
        using var queue = NewQueue();
        queue.Add("ns/a");
        queue.Done(await GetItemAsync(queue));

        Assert.Equal(0, queue.Count);
        var next = queue.GetAsync(CancellationToken.None).AsTask();
        queue.Add("ns/b");
        Assert.Equal("ns/b", (await next.WaitAsync(Timeout)).Item);
    }

    [Fact]
    public async Task ParkedGetters_AreServedInArrivalOrder()
    {
        using var queue = NewQueue();
        var first = queue.GetAsync(CancellationToken.None).AsTask();
        var second = queue.GetAsync(CancellationToken.None).AsTask();

        queue.Add("ns/a");
        Assert.Equal("ns/a", (await first.WaitAsync(Timeout)).Item);
        Assert.False(second.IsCompleted);
        queue.Add("ns/b");
        Assert.Equal("ns/b", (await second.WaitAsync(Timeout)).Item);
    }

    [Fact]
    public async Task ACancelledGet_Throws_AndTheNextItemIsNotLost()
    {
        using var queue = NewQueue();
        using var cancel = new CancellationTokenSource();
        var get = queue.GetAsync(cancel.Token).AsTask();

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => get.WaitAsync(Timeout));

        queue.Add("ns/a");
        Assert.Equal(1, queue.Count);
        Assert.Equal("ns/a", await GetItemAsync(queue));
    }

    [Fact]
    public async Task NoItemIsEverProcessedByTwoWorkersAtOnce_AndNoAddIsLost()
    {
        const int Workers = 8;
        const int Producers = 4;
        const int AddsPerProducer = 2_000;
        var keys = Enumerable.Range(0, 5).Select(i => $"ns/key-{i}").ToArray();
        using var queue = new WorkQueue<string>("test", TimeProvider.System);

        // A version per key, bumped before each add: whoever processes the key after an add sees that version.
        var versions = new ConcurrentDictionary<string, int>(keys.ToDictionary(k => k, _ => 0));
        var seen = new ConcurrentDictionary<string, int>(keys.ToDictionary(k => k, _ => 0));
        var inFlight = new ConcurrentDictionary<string, byte>();
        var overlaps = 0;
        var processed = 0;

        async Task WorkAsync()
        {
            while (true)
            {
                var (key, shutDown) = await queue.GetAsync(CancellationToken.None);
                if (shutDown)
                {
                    return;
                }

                if (!inFlight.TryAdd(key, 0))
                {
                    Interlocked.Increment(ref overlaps);
                }

                seen[key] = versions[key];
                await Task.Yield();
                Interlocked.Increment(ref processed);
                inFlight.TryRemove(key, out _);
                queue.Done(key);
            }
        }

        var workers = Enumerable.Range(0, Workers).Select(_ => Task.Run(WorkAsync)).ToArray();
        var producers = Enumerable.Range(0, Producers).Select(p => Task.Run(async () =>
        {
            for (var i = 0; i < AddsPerProducer; i++)
            {
                var key = keys[(i + p) % keys.Length];
                versions.AddOrUpdate(key, 1, (_, v) => v + 1);
                queue.Add(key);
                if (i % 64 == 0)
                {
                    await Task.Yield();
                }
            }
        })).ToArray();

        await Task.WhenAll(producers).WaitAsync(Timeout);
        await queue.ShutDownWithDrainAsync(CancellationToken.None).WaitAsync(Timeout);
        await Task.WhenAll(workers).WaitAsync(Timeout);

        Assert.Equal(0, overlaps);
        Assert.True(processed >= keys.Length, $"processed {processed}");
        foreach (var key in keys)
        {
            Assert.Equal(versions[key], seen[key]);
        }
    }

    [Fact]
    public async Task ShutDown_ReleasesParkedWorkers_IgnoresNewAdds_AndStillHandsOutWhatWasQueued()
    {
        using var queue = NewQueue();
        var parked = queue.GetAsync(CancellationToken.None).AsTask();
        queue.ShutDown();
        Assert.True((await parked.WaitAsync(Timeout)).ShutDown);

        using var second = NewQueue();
        second.Add("ns/a");
        second.ShutDown();
        second.Add("ns/b");
        Assert.True(second.IsShuttingDown);
        Assert.Equal(1, second.Count);
        Assert.Equal("ns/a", await GetItemAsync(second));
        Assert.True((await second.GetAsync(CancellationToken.None)).ShutDown);
    }

    [Fact]
    public async Task ShutDownWithDrain_WaitsUntilEveryItemInProcessIsDone()
    {
        using var queue = NewQueue();
        queue.Add("ns/a");
        queue.Add("ns/b");
        var a = await GetItemAsync(queue);
        var b = await GetItemAsync(queue);

        var drain = queue.ShutDownWithDrainAsync(CancellationToken.None);
        Assert.False(drain.IsCompleted);
        Assert.True(queue.IsShuttingDown);

        queue.Done(a);
        Assert.False(drain.IsCompleted);
        queue.Done(b);
        await drain.WaitAsync(Timeout);
        Assert.True((await queue.GetAsync(CancellationToken.None)).ShutDown);
    }

    [Fact]
    public async Task ShutDownWithDrain_ReturnsAtOnceWhenNothingIsInProcess()
    {
        using var queue = NewQueue();
        await queue.ShutDownWithDrainAsync(CancellationToken.None).WaitAsync(Timeout);
        Assert.True(queue.IsShuttingDown);
    }

    [Fact]
    public async Task ShutDown_AfterShutDownWithDrain_StopsTheDrainWaiting()
    {
        using var queue = NewQueue();
        queue.Add("ns/a");
        await GetItemAsync(queue);

        var drain = queue.ShutDownWithDrainAsync(CancellationToken.None);
        Assert.False(drain.IsCompleted);
        queue.ShutDown();
        await drain.WaitAsync(Timeout);
    }
}
