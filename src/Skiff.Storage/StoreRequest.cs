namespace Skiff.Storage;

/// <summary>Something the single writer loop must do, in the order the requests were queued.</summary>
internal abstract class StoreRequest(CancellationToken cancellation)
{
    /// <summary>Honoured only while the request waits in the queue; once in a batch it runs to completion.</summary>
    public CancellationToken Cancellation { get; } = cancellation;
}
