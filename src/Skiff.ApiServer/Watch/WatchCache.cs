using k8s.Models;
using Microsoft.Extensions.Logging;
using Skiff.ApiServer.Http;
using Skiff.Storage;

namespace Skiff.ApiServer.Watch;

/// <summary>
/// One store watch over every resource, fanned out to all API watchers, with a window of recent events for
/// watches that resume from a resourceVersion, and bookmarks for the watchers that asked for them. However many
/// clients watch, the store sees a single watch.
/// </summary>
/// <remarks>
/// Bookmarks follow kube-apiserver's cacher: a watcher that allows them gets one about every
/// <see cref="BookmarkInterval"/> and one two seconds before its deadline, carrying the revision the cache has
/// reached. Because the cache follows every resource at once, that revision also covers writes to other resources,
/// which is what lets a quiet watch resume without replaying anything. Timers run on the injected TimeProvider.
/// </remarks>
public sealed partial class WatchCache(IStore store, TimeProvider time, ILogger<WatchCache> logger, int windowSize = 20_000) : IAsyncDisposable
{
    /// <summary>Upstream's defaultBookmarkFrequency.</summary>
    public static readonly TimeSpan BookmarkInterval = TimeSpan.FromMinutes(1);

    /// <summary>How long a request for a revision the cache has not reached waits (upstream's blockTimeout).</summary>
    public static readonly TimeSpan FreshnessTimeout = TimeSpan.FromSeconds(3);

    private const int WatcherCapacity = 100_000;

    /// <summary>The last bookmark goes out this long before a watch's deadline, as upstream's.</summary>
    private static readonly TimeSpan PreDeadlineMargin = TimeSpan.FromSeconds(2);

    private readonly Lock gate = new();
    private readonly Queue<CachedEvent> window = new();
    private readonly List<Watcher> watchers = [];
    private readonly List<(long Revision, TaskCompletionSource Reached)> freshnessWaiters = [];
    private readonly CancellationTokenSource stopping = new();
    private Task? pump;
    private long startRevision;
    private long lastRevision;
    private TaskCompletionSource started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The highest revision the cache has seen (events up to it are in the window or older).</summary>
    public long LastRevision
    {
        get
        {
            lock (gate)
            {
                return lastRevision;
            }
        }
    }

    public Task StartAsync()
    {
        startRevision = store.CurrentRevision;
        lastRevision = startRevision;
        pump = Task.Run(() => PumpAsync(stopping.Token));
        return started.Task;
    }

    /// <summary>
    /// Registers a watcher for events after a revision. Events still in the window are queued first, then live
    /// ones, without a gap: both happen under the same lock as the pump's appends. With
    /// <paramref name="allowBookmarks"/>, bookmarks are queued between them on the bookmark schedule.
    /// </summary>
    public Watcher Watch(string prefix, long afterRevision, bool allowBookmarks = false, DateTimeOffset? deadline = null)
    {
        lock (gate)
        {
            var oldestKnown = window.Count > 0 ? window.Peek().Revision - 1 : lastRevision;
            if (afterRevision < oldestKnown && afterRevision < lastRevision)
            {
                throw ApiErrors.Gone($"too old resource version: {afterRevision} ({oldestKnown + 1})");
            }

            var watcher = new Watcher(prefix, afterRevision, WatcherCapacity, allowBookmarks, deadline);
            foreach (var e in window)
            {
                watcher.Offer(e);
            }

            watchers.Add(watcher);
            if (allowBookmarks)
            {
                ScheduleNextBookmark(watcher);
            }

            return watcher;
        }
    }

    public void Unwatch(Watcher watcher)
    {
        lock (gate)
        {
            watchers.Remove(watcher);
            watcher.Close();
        }
    }

    /// <summary>
    /// Waits until the cache has seen <paramref name="revision"/> and returns the revision it reached; answers
    /// upstream's 504 "Too large resource version" when that takes longer than <see cref="FreshnessTimeout"/>.
    /// </summary>
    public async Task<long> WaitUntilFreshAsync(long revision, CancellationToken ct)
    {
        TaskCompletionSource reached;
        lock (gate)
        {
            if (lastRevision >= revision)
            {
                return lastRevision;
            }

            reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            freshnessWaiters.Add((revision, reached));
        }

        try
        {
            await reached.Task.WaitAsync(FreshnessTimeout, time, ct);
            return LastRevision;
        }
        catch (TimeoutException)
        {
            throw TooLargeResourceVersion(revision, LastRevision);
        }
        finally
        {
            lock (gate)
            {
                freshnessWaiters.RemoveAll(w => w.Reached == reached);
            }
        }
    }

    /// <summary>
    /// Upstream's nextBookmarkTime: a bookmark every interval, but the last one two seconds before the deadline,
    /// and none once that moment has passed. Called under the lock.
    /// </summary>
    private void ScheduleNextBookmark(Watcher watcher, bool justSent = false)
    {
        var now = time.GetUtcNow();
        var next = now + BookmarkInterval;
        if (watcher.Deadline is { } deadline)
        {
            var preDeadline = deadline - PreDeadlineMargin;
            if (preDeadline < next)
            {
                next = preDeadline;
            }

            // A timer can fire exactly at the pre-deadline moment (a fake clock always does): that bookmark was the
            // last one, and rescheduling at the same instant would loop.
            if (next < now || (justSent && next == now))
            {
                return;
            }
        }

        watcher.ScheduleBookmark(time, next - now, BookmarkDue);
    }

    private void BookmarkDue(object? state)
    {
        var watcher = (Watcher)state!;
        lock (gate)
        {
            if (watcher.IsClosed)
            {
                return;
            }

            // Under the lock, so the bookmark lands after every event up to lastRevision and before any later one.
            watcher.OfferBookmark(lastRevision);
            ScheduleNextBookmark(watcher, justSent: true);
        }
    }

    private async Task PumpAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var from = LastRevision;
                var stream = store.WatchAsync("/registry/", from, ct);
                started.TrySetResult();
                await foreach (var e in stream)
                {
                    Append(CachedEvent.From(e));
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return; // The store is shutting down.
            }
            catch (Exception e)
            {
                // The store ended our watch (e.g. compaction overtook it): close every watcher so clients relist.
                LogPumpRestart(logger, e);
                ResetAfterGap();
            }
        }
    }

    private void Append(CachedEvent e)
    {
        lock (gate)
        {
            window.Enqueue(e);
            if (window.Count > windowSize)
            {
                window.Dequeue();
            }

            lastRevision = e.Revision;
            foreach (var watcher in watchers)
            {
                watcher.Offer(e);
            }

            ReleaseFreshnessWaiters();
        }
    }

    /// <summary>Completes the waits for revisions the cache has now reached. Called under the lock.</summary>
    private void ReleaseFreshnessWaiters()
    {
        foreach (var (revision, reached) in freshnessWaiters)
        {
            if (revision <= lastRevision)
            {
                reached.TrySetResult();
            }
        }
    }

    private void ResetAfterGap()
    {
        lock (gate)
        {
            foreach (var watcher in watchers)
            {
                watcher.Close();
            }

            watchers.Clear();
            window.Clear();
            lastRevision = store.CurrentRevision;
            ReleaseFreshnessWaiters();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        if (pump is not null)
        {
            await pump.ConfigureAwait(false);
        }

        lock (gate)
        {
            foreach (var watcher in watchers)
            {
                watcher.Close();
            }

            watchers.Clear();
        }

        stopping.Dispose();
    }

    /// <summary>Upstream's storage.NewTooLargeResourceVersionError: 504 Timeout, retry after a second.</summary>
    private static ApiException TooLargeResourceVersion(long requested, long current) =>
        ApiErrors.Make(504, "Timeout", $"Timeout: Too large resource version: {requested}, current: {current}", new V1StatusDetails
        {
            RetryAfterSeconds = 1,
            Causes = [new V1StatusCause { Reason = "ResourceVersionTooLarge", Message = "Too large resource version" }],
        });

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watch cache lost its store watch; watchers were closed")]
    private static partial void LogPumpRestart(ILogger logger, Exception e);
}
