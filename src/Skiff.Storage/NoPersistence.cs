namespace Skiff.Storage;

/// <summary>Persistence that records nothing, for a store that lives only in memory.</summary>
internal sealed class NoPersistence : IStorePersistence
{
    public Task PersistAsync(IReadOnlyList<StoreEvent> batch, long revision, CancellationToken ct) => Task.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
