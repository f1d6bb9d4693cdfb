using System.Threading.Channels;

namespace Skiff.ApiServer.Watch;

/// <summary>One registered watch: the key prefix it follows, the queue of events waiting to be sent, and its bookmark timer.</summary>
public sealed class Watcher(string prefix, long afterRevision, int capacity, bool allowBookmarks, DateTimeOffset? deadline)
{
    private readonly Channel<CachedEvent> queue = Channel.CreateBounded<CachedEvent>(
        new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });

    private ITimer? bookmarkTimer;

    public string Prefix { get; } = prefix;

    /// <summary>Events at or below this revision are not delivered (the client already has them).</summary>
    public long AfterRevision { get; } = afterRevision;

    /// <summary>Whether the client asked for bookmarks (allowWatchBookmarks=true).</summary>
    public bool AllowsBookmarks { get; } = allowBookmarks;

    /// <summary>When the server ends this watch (timeoutSeconds), if it does: the last bookmark goes out just before.</summary>
    public DateTimeOffset? Deadline { get; } = deadline;

    public ChannelReader<CachedEvent> Events => queue.Reader;

    internal bool IsClosed { get; private set; }

    /// <summary>Queues an event; a watcher too slow to keep up is closed so it reconnects (as etcd does).</summary>
    internal void Offer(CachedEvent e)
    {
        if (e.Revision <= AfterRevision || !e.Key.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return;
        }

        if (!queue.Writer.TryWrite(e))
        {
            queue.Writer.TryComplete(new WatcherTooSlowException());
        }
    }

    /// <summary>
    /// Queues a bookmark behind every event already queued. Upstream sends none at or below the revision the
    /// watch started from, and drops one that does not fit rather than closing the watcher.
    /// </summary>
    internal void OfferBookmark(long revision)
    {
        if (revision > AfterRevision)
        {
            queue.Writer.TryWrite(CachedEvent.Bookmark(revision));
        }
    }

    /// <summary>Arms the bookmark timer (created on first use) to call <paramref name="onDue"/> with this watcher once, after <paramref name="due"/>.</summary>
    internal void ScheduleBookmark(TimeProvider time, TimeSpan due, TimerCallback onDue)
    {
        bookmarkTimer ??= time.CreateTimer(onDue, this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        bookmarkTimer.Change(due, Timeout.InfiniteTimeSpan);
    }

    internal void Close()
    {
        IsClosed = true;
        bookmarkTimer?.Dispose();
        queue.Writer.TryComplete();
    }
}
