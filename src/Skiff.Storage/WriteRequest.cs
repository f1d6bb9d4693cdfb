namespace Skiff.Storage;

/// <summary>A queued create, update or delete and the task its caller awaits.</summary>
internal sealed class WriteRequest(
    WriteOperation operation,
    string key,
    byte[]? value,
    long expectedModRevision,
    CancellationToken cancellation) : StoreRequest(cancellation)
{
    public WriteOperation Operation { get; } = operation;

    public string Key { get; } = key;

    /// <summary>The new value; null for a delete.</summary>
    public byte[]? Value { get; } = value;

    /// <summary>The ModRevision the key must have; 0 for unconditional writes and creates.</summary>
    public long ExpectedModRevision { get; } = expectedModRevision;

    /// <summary>Completed asynchronously so callers' continuations never run on the writer loop.</summary>
    public TaskCompletionSource<KeyValue> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
