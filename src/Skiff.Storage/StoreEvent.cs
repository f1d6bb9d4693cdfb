namespace Skiff.Storage;

/// <summary>One committed change of one key, as delivered to watchers.</summary>
/// <remarks>
/// For <see cref="StoreEventType.Put"/>, <see cref="Current"/> is the new value and <see cref="Previous"/> the value it
/// replaced (null for a create). For <see cref="StoreEventType.Delete"/>, <see cref="Current"/> carries the deleted
/// value with <see cref="KeyValue.ModRevision"/> set to the delete's revision, and <see cref="Previous"/> is the deleted
/// value exactly as it was stored.
/// </remarks>
public sealed record StoreEvent(StoreEventType Type, KeyValue Current, KeyValue? Previous)
{
    /// <summary>The revision at which the change was committed.</summary>
    public long Revision => Current.ModRevision;
}
