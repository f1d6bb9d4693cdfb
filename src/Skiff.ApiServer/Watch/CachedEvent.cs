using Skiff.Storage;

namespace Skiff.ApiServer.Watch;

/// <summary>A store event as the watch cache keeps it: typed as the API names it, shared by every watcher.</summary>
public sealed class CachedEvent(string type, StoreEvent storeEvent)
{
    /// <summary>ADDED, MODIFIED or DELETED.</summary>
    public string Type { get; } = type;

    public string Key => storeEvent.Current.Key;

    public long Revision => storeEvent.Revision;

    /// <summary>The object after the event (for DELETED: its last state), as stored.</summary>
    public byte[] Value => storeEvent.Current.Value;

    /// <summary>The object before the event, when there was one (used to tell selector transitions).</summary>
    public byte[]? PreviousValue => storeEvent.Previous?.Value;

    public static CachedEvent From(StoreEvent e) => new(
        e.Type == StoreEventType.Delete ? "DELETED" : e.Previous is null ? "ADDED" : "MODIFIED", e);
}
