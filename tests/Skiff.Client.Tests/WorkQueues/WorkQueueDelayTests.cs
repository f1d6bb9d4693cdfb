using Microsoft.Extensions.Time.Testing;
using Skiff.Client.WorkQueues;

namespace Skiff.Client.Tests.WorkQueues;

/// <summary>AddAfter and AddRateLimited on a fake clock: items appear only when the clock reaches their time.</summary>
public sealed class WorkQueueDelayTests
{
    private readonly FakeTimeProvider clock = new();

    private async Task<List<string>> DrainAsync(WorkQueue<string> queue)
    {
        var items = new List<string>();
        while (queue.Count > 0)
        {
            var (item, _) = await queue.GetAsync(CancellationToken.None).AsTask().WaitAsync(Eventually.Timeout);
            items.Add(item);
            queue.Done(item);
        }

        return items;
    }

    [Fact]
    public void AddAfter_AddsOnlyOnceTheFakeClockReachesTheDelay()
    {
        using var queue = new WorkQueue<string>("test", clock);
        queue.AddAfter("ns/a", TimeSpan.FromSeconds(10));

        Assert.Equal(0, queue.Count);
        Assert.Equal(1, queue.DelayedCount);
        clock.Advance(TimeSpan.FromSeconds(10) - TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, queue.Count);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, queue.Count);
        Assert.Equal(0, queue.DelayedCount);
    }

    [Fact]
    public async Task AddAfter_ReleasesItemsInReadyTimeOrder_NotAddOrder()
    {
        using var queue = new WorkQueue<string>("test", clock);
        queue.AddAfter("ns/c", TimeSpan.FromSeconds(3));
        queue.AddAfter("ns/a", TimeSpan.FromSeconds(1));
        queue.AddAfter("ns/b", TimeSpan.FromSeconds(2));

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(["ns/a"], await DrainAsync(queue));

        // One large step still releases them in order of their ready times.
        queue.AddAfter("ns/d", TimeSpan.FromMilliseconds(1500));
        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(["ns/b", "ns/d", "ns/c"], await DrainAsync(queue));
    }

    [Fact]
    public async Task AddAfter_ForAWaitingItem_KeepsTheSoonerTime_AndAddsItOnce()
    {
        using var queue = new WorkQueue<string>("test", clock);
        queue.AddAfter("ns/a", TimeSpan.FromSeconds(10));
        queue.AddAfter("ns/a", TimeSpan.FromSeconds(1));
        queue.AddAfter("ns/b", TimeSpan.FromSeconds(1));
        queue.AddAfter("ns/b", TimeSpan.FromSeconds(10));

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(["ns/a", "ns/b"], await DrainAsync(queue));

        clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(0, queue.Count);
        Assert.Equal(0, queue.DelayedCount);
    }

    [Fact]
    public void AddAfter_OfAnItemAlreadyQueued_DoesNotQueueItTwice()
    {
        using var queue = new WorkQueue<string>("test", clock);
        queue.Add("ns/a");
        queue.AddAfter("ns/a", TimeSpan.FromSeconds(1));

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, queue.Count);
    }

    [Fact]
    public void AddAfter_WithNoPositiveDelay_AddsAtOnce()
    {
        using var queue = new WorkQueue<string>("test", clock);
        queue.AddAfter("ns/a", TimeSpan.Zero);
        queue.AddAfter("ns/b", TimeSpan.FromSeconds(-1));

        Assert.Equal(2, queue.Count);
    }

    [Fact]
    public void AddAfter_WithAFractionOfAMillisecond_NeverFiresEarly()
    {
        using var queue = new WorkQueue<string>("test", clock);
        queue.AddAfter("ns/a", TimeSpan.FromMilliseconds(1.5));

        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, queue.Count);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, queue.Count);
    }

    [Fact]
    public void AddAfter_BeyondTheLongestTimer_StillFires()
    {
        using var queue = new WorkQueue<string>("test", clock);
        queue.AddAfter("ns/a", TimeSpan.FromDays(60));

        clock.Advance(TimeSpan.FromDays(59));
        Assert.Equal(0, queue.Count);
        clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(1, queue.Count);
    }

    [Fact]
    public void ShutDown_DropsDelayedItems_AndIgnoresLaterAddAfter()
    {
        using var queue = new WorkQueue<string>("test", clock);
        queue.AddAfter("ns/a", TimeSpan.FromSeconds(1));
        queue.ShutDown();
        queue.AddAfter("ns/b", TimeSpan.FromSeconds(1));
        queue.AddAfter("ns/c", TimeSpan.Zero);

        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(0, queue.Count);
        Assert.Equal(0, queue.DelayedCount);
    }

    [Fact]
    public async Task AddRateLimited_BacksOffExponentially_UntilForgotten()
    {
        var limiter = new ItemExponentialFailureRateLimiter<string>(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1000));
        using var queue = new WorkQueue<string>("test", limiter, clock);

        queue.AddRateLimited("ns/a");
        Assert.Equal(1, queue.NumRequeues("ns/a"));
        clock.Advance(TimeSpan.FromMilliseconds(4));
        Assert.Equal(0, queue.Count);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(["ns/a"], await DrainAsync(queue));

        queue.AddRateLimited("ns/a");
        Assert.Equal(2, queue.NumRequeues("ns/a"));
        clock.Advance(TimeSpan.FromMilliseconds(9));
        Assert.Equal(0, queue.Count);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(["ns/a"], await DrainAsync(queue));

        queue.Forget("ns/a");
        Assert.Equal(0, queue.NumRequeues("ns/a"));
        queue.AddRateLimited("ns/a");
        clock.Advance(TimeSpan.FromMilliseconds(5));
        Assert.Equal(1, queue.Count);
    }

    [Fact]
    public async Task AnItemRateLimitedWhileProcessing_IsRequeuedAfterDone()
    {
        using var queue = new WorkQueue<string>("test", clock);
        queue.Add("ns/a");
        var (item, _) = await queue.GetAsync(CancellationToken.None);

        // The worker's failure path: AddRateLimited before Done.
        queue.AddRateLimited(item);
        clock.Advance(DefaultControllerRateLimiter<string>.BaseDelay);
        Assert.Equal(0, queue.Count);
        queue.Done(item);
        Assert.Equal(1, queue.Count);
    }
}
