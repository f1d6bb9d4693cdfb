namespace Skiff.Storage;

/// <summary>Thrown when a read or watch needs history that compaction has forgotten (HTTP 410 Gone upstream).</summary>
public sealed class CompactedException(long requestedRevision, long compactedRevision)
    : Exception($"required revision {requestedRevision} has been compacted (compacted revision {compactedRevision})")
{
    /// <summary>The revision the caller asked for.</summary>
    public long RequestedRevision { get; } = requestedRevision;

    /// <summary>The store's compacted revision when the request failed.</summary>
    public long CompactedRevision { get; } = compactedRevision;
}
