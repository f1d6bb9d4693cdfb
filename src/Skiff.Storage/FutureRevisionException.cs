namespace Skiff.Storage;

/// <summary>Thrown when a read or compaction names a revision the store has not reached yet.</summary>
public sealed class FutureRevisionException(long requestedRevision, long currentRevision)
    : Exception($"required revision {requestedRevision} is a future revision (current revision {currentRevision})")
{
    /// <summary>The revision the caller asked for.</summary>
    public long RequestedRevision { get; } = requestedRevision;

    /// <summary>The store's current revision when the request failed.</summary>
    public long CurrentRevision { get; } = currentRevision;
}
