using System.Threading.Channels;

namespace Skiff.ApiServer.Watch;

/// <summary>One registered watch: the key prefix it follows and the queue of events waiting to be sent.</summary>
public sealed class Watcher(string prefix, long afterRevision, int capacity)
{
    private readonly Channel<CachedEvent> queue = Channel.CreateBounded<CachedEvent>(
        new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });

    public string Prefix { get; } = prefix;

    /// <summary>Events at or below this revision are not delivered (the client already has them).</summary>
    public long AfterRevision { get; } = afterRevision;

    public ChannelReader<CachedEvent> Events => queue.Reader;

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

    internal void Close() => queue.Writer.TryComplete();
}
