namespace Skiff.Storage;

/// <summary>Where a <see cref="RevisionedStore"/> makes its committed writes durable.</summary>
public interface IStorePersistence : IAsyncDisposable
{
    /// <summary>
    /// Durably records one batch of changes, all or nothing, and <paramref name="revision"/> as the store's revision.
    /// </summary>
    /// <remarks>
    /// Called by one writer at a time, once per batch (group commit: one transaction and one sync for the whole batch).
    /// The events are in revision order; the last one has <paramref name="revision"/>. Returning means the batch survives
    /// a crash; throwing means none of it was recorded. The list is not reused after the call returns.
    /// </remarks>
    Task PersistAsync(IReadOnlyList<StoreEvent> batch, long revision, CancellationToken ct);
}
