using System.Threading.Channels;

namespace Skiff.Storage;

/// <summary>One watch's buffer of live events, filled by the writer loop without ever blocking it.</summary>
internal sealed class StoreWatcher
{
    private readonly Channel<StoreEvent> _events;
    private readonly int _capacity;

    public StoreWatcher(string prefix, long afterRevision, int capacity)
    {
        Prefix = prefix;
        AfterRevision = afterRevision;
        _capacity = capacity;
        _events = Channel.CreateBounded<StoreEvent>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public string Prefix { get; }

    /// <summary>Events at or below this revision are not wanted (it can be ahead of the store for a future watch).</summary>
    public long AfterRevision { get; }

    public ChannelReader<StoreEvent> Events => _events.Reader;

    /// <summary>Buffers the event if the watcher wants it; returns false when the buffer is full and the watch was ended.</summary>
    public bool TryDeliver(StoreEvent storeEvent)
    {
        if (storeEvent.Revision <= AfterRevision || !storeEvent.Current.Key.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return true;
        }

        if (_events.Writer.TryWrite(storeEvent))
        {
            return true;
        }

        // Waiting would stall every writer behind one slow reader; ending the watch lets the reader re-list instead.
        _events.Writer.TryComplete(new WatchOverflowException(_capacity));
        return false;
    }

    /// <summary>Ends the watch normally once the reader has drained what is buffered.</summary>
    public void Close() => _events.Writer.TryComplete();
}
