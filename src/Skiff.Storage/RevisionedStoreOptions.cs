namespace Skiff.Storage;

/// <summary>Tuning of a <see cref="RevisionedStore"/>; the defaults suit the API server.</summary>
public sealed record RevisionedStoreOptions
{
    /// <summary>How many queued writes at most go into one persistence call (one transaction, one sync).</summary>
    public int MaxBatchSize { get; init; } = 1000;

    /// <summary>How many undelivered events a watcher may have before it is ended with <see cref="WatchOverflowException"/>.</summary>
    public int WatchBufferCapacity { get; init; } = 100_000;
}
