using Skiff.Storage;

namespace Skiff.ApiServer.Watch;

/// <summary>A store event as the watch cache keeps it, typed as the API names it and shared by every watcher; or a bookmark.</summary>
public sealed class CachedEvent
{
    private readonly StoreEvent? storeEvent;

    private CachedEvent(string type, StoreEvent? storeEvent, long revision)
    {
        Type = type;
        this.storeEvent = storeEvent;
        Revision = revision;
    }

    /// <summary>ADDED, MODIFIED, DELETED or BOOKMARK.</summary>
    public string Type { get; }

    /// <summary>A bookmark carries only a revision: every event up to it was queued before it.</summary>
    public bool IsBookmark => storeEvent is null;

    public string Key => storeEvent?.Current.Key ?? "";

    public long Revision { get; }

    /// <summary>The object after the event (for DELETED: its last state), as stored; empty for a bookmark.</summary>
    public byte[] Value => storeEvent?.Current.Value ?? [];

    /// <summary>The object before the event, when there was one (used to tell selector transitions).</summary>
    public byte[]? PreviousValue => storeEvent?.Previous?.Value;

    public static CachedEvent From(StoreEvent e) => new(
        e.Type == StoreEventType.Delete ? "DELETED" : e.Previous is null ? "ADDED" : "MODIFIED", e, e.Revision);

    public static CachedEvent Bookmark(long revision) => new("BOOKMARK", null, revision);
}
