namespace Skiff.Storage;

/// <summary>Thrown by a compare-and-swap update or delete when the key was modified at another revision.</summary>
public sealed class RevisionConflictException(KeyValue current, long expectedModRevision)
    : Exception($"key {current.Key} is at revision {current.ModRevision}, not {expectedModRevision}")
{
    /// <summary>The key's current value, so the caller can report or retry without another read.</summary>
    public KeyValue Current { get; } = current;

    /// <summary>The revision the caller expected.</summary>
    public long ExpectedModRevision { get; } = expectedModRevision;
}
