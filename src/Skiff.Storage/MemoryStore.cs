namespace Skiff.Storage;

/// <summary>A store that keeps everything in memory and nothing on disk; for tests and throw-away clusters.</summary>
public sealed class MemoryStore(RevisionedStoreOptions? options = null)
    : RevisionedStore(new NoPersistence(), PersistedState.Empty, options);
