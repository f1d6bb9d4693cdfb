namespace Skiff.Storage;

/// <summary>Ends a watch whose consumer fell so far behind that its buffer of undelivered events filled up.</summary>
public sealed class WatchOverflowException(int bufferCapacity)
    : Exception($"watcher fell more than {bufferCapacity} events behind and was closed")
{
    /// <summary>How many undelivered events the watcher could hold.</summary>
    public int BufferCapacity { get; } = bufferCapacity;
}
