namespace Skiff.Storage;

/// <summary>A queued compaction; it runs on the writer loop so it never races with a batch being checked.</summary>
internal sealed class CompactRequest(long revision, CancellationToken cancellation) : StoreRequest(cancellation)
{
    public long Revision { get; } = revision;

    public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
