namespace Skiff.Storage.Tests;

/// <summary>Runs the store contract against <see cref="MemoryStore"/>.</summary>
public sealed class MemoryStoreTests : StoreContractTests
{
    protected override Task<IStore> CreateStoreAsync() => Task.FromResult<IStore>(new MemoryStore());
}
