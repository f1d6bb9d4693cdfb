using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Skiff.Client.WorkQueues;

namespace Skiff.Client.Tests.WorkQueues;

/// <summary>The worker loop: retry with backoff on failure, forget on success, stop cleanly on cancellation.</summary>
public sealed class QueueWorkersTests
{
    private readonly FakeTimeProvider clock = new();
    private readonly RecordingLogger logger = new();

    [Fact]
    public async Task AFailingReconcile_IsRetriedWithBackoff_AndForgottenOnceItSucceeds()
    {
        using var queue = new WorkQueue<string>("replicaset", clock);
        var attempts = 0;
        using var stop = new CancellationTokenSource();
        var run = QueueWorkers.RunAsync(queue, 2, (key, _) =>
        {
            // Fails twice, then succeeds.
            return Interlocked.Increment(ref attempts) <= 2 ? Task.FromException(new InvalidOperationException($"conflict on {key}")) : Task.CompletedTask;
        }, logger, stop.Token);

        queue.Add("ns/a");
        await Eventually.TrueAsync(() => attempts == 1 && queue.DelayedCount == 1, "first attempt and its requeue");
        Assert.Equal(1, queue.NumRequeues("ns/a"));

        // The first retry waits 5 ms on the queue's clock, the second 10 ms.
        clock.Advance(TimeSpan.FromMilliseconds(4));
        Assert.Equal(1, queue.DelayedCount);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await Eventually.TrueAsync(() => attempts == 2 && queue.DelayedCount == 1, "second attempt and its requeue");
        Assert.Equal(2, queue.NumRequeues("ns/a"));

        clock.Advance(TimeSpan.FromMilliseconds(9));
        Assert.Equal(1, queue.DelayedCount);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await Eventually.TrueAsync(() => attempts == 3 && queue.NumRequeues("ns/a") == 0, "third attempt succeeding");

        await stop.CancelAsync();
        await run.WaitAsync(Eventually.Timeout);
        Assert.Equal(3, attempts);
        Assert.Equal(0, queue.DelayedCount);

        var failures = logger.Entries.Where(e => e.Level == LogLevel.Error).ToList();
        Assert.Equal(2, failures.Count);
        Assert.All(failures, f => Assert.IsType<InvalidOperationException>(f.Exception));
        Assert.Contains("ns/a", failures[0].Message, StringComparison.Ordinal);
        Assert.Contains("replicaset", failures[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Workers_ReconcileDifferentKeysConcurrently_ButEachKeyAloneAtATime()
    {
        using var queue = new WorkQueue<string>("test", clock);
        var inFlight = new ConcurrentDictionary<string, byte>();
        var reconciled = new ConcurrentDictionary<string, int>();
        var overlaps = 0;
        var bothStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();

        var run = QueueWorkers.RunAsync(queue, 3, async (key, cancellationToken) =>
        {
            if (!inFlight.TryAdd(key, 0))
            {
                Interlocked.Increment(ref overlaps);
            }

            if (inFlight.Count == 2)
            {
                bothStarted.TrySetResult();
            }

            await release.Task.WaitAsync(cancellationToken);
            reconciled.AddOrUpdate(key, 1, (_, n) => n + 1);
            inFlight.TryRemove(key, out _);
        }, logger, stop.Token);

        queue.Add("ns/a");
        queue.Add("ns/b");
        await bothStarted.Task.WaitAsync(Eventually.Timeout);

        // Re-adding a key that is being reconciled must not give it to the idle third worker.
        queue.Add("ns/a");
        Assert.Equal(0, queue.Count);
        release.SetResult();
        await Eventually.TrueAsync(() => reconciled.GetValueOrDefault("ns/a") == 2 && reconciled.GetValueOrDefault("ns/b") == 1, "both keys reconciled, ns/a twice");

        await stop.CancelAsync();
        await run.WaitAsync(Eventually.Timeout);
        Assert.Equal(0, overlaps);
    }

    [Fact]
    public async Task Cancelling_ShutsTheQueueDown_CancelsTheReconcileInFlight_AndDoesNotRetryIt()
    {
        using var queue = new WorkQueue<string>("test", clock);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();
        var run = QueueWorkers.RunAsync(queue, 2, async (_, cancellationToken) =>
        {
            started.TrySetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        }, logger, stop.Token);

        queue.Add("ns/a");
        await started.Task.WaitAsync(Eventually.Timeout);
        await stop.CancelAsync();
        await run.WaitAsync(Eventually.Timeout);

        Assert.True(queue.IsShuttingDown);
        Assert.Equal(0, queue.NumRequeues("ns/a"));
        Assert.Equal(0, queue.DelayedCount);
        Assert.Empty(logger.Entries);
    }

    [Fact]
    public async Task ShuttingTheQueueDown_EndsTheWorkers()
    {
        using var queue = new WorkQueue<string>("test", clock);
        var run = QueueWorkers.RunAsync(queue, 4, (_, _) => Task.CompletedTask, logger, CancellationToken.None);

        queue.ShutDown();
        await run.WaitAsync(Eventually.Timeout);
    }

    [Fact]
    public async Task ASynchronouslyThrowingReconcile_IsStillRetried()
    {
        using var queue = new WorkQueue<string>("test", clock);
        var attempts = 0;
        using var stop = new CancellationTokenSource();
        var run = QueueWorkers.RunAsync<string>(queue, 1, (_, _) =>
        {
            Interlocked.Increment(ref attempts);
            throw new InvalidOperationException("thrown before any Task exists");
        }, logger, stop.Token);

        queue.Add("ns/a");
        await Eventually.TrueAsync(() => attempts == 1 && queue.DelayedCount == 1, "first attempt and its requeue");
        clock.Advance(TimeSpan.FromMilliseconds(5));
        await Eventually.TrueAsync(() => attempts == 2, "the retry");

        await stop.CancelAsync();
        await run.WaitAsync(Eventually.Timeout);
    }
}
