namespace Skiff.Storage;

/// <summary>A durable store: the in-memory engine over a SQLite file, loaded whole when opened.</summary>
/// <remarks>
/// History does not survive a restart: after opening, <see cref="IStore.CompactedRevision"/> is the loaded revision,
/// so older watches and ranges get <see cref="CompactedException"/> (a 410 Gone for clients, which then re-list).
/// </remarks>
public sealed class SqliteStore : RevisionedStore
{
    private SqliteStore(SqlitePersistence persistence, PersistedState state, RevisionedStoreOptions? options)
        : base(persistence, state, options)
    {
    }

    /// <summary>Opens the store in the SQLite file at <paramref name="path"/>, creating it if needed.</summary>
    public static Task<SqliteStore> OpenAsync(string path, CancellationToken ct) => OpenAsync(path, null, ct);

    /// <summary>Opens the store in the SQLite file at <paramref name="path"/> with the given engine options.</summary>
    public static async Task<SqliteStore> OpenAsync(string path, RevisionedStoreOptions? options, CancellationToken ct)
    {
        var persistence = await SqlitePersistence.OpenAsync(path, ct);
        try
        {
            var state = await persistence.LoadAsync(ct);
            return new SqliteStore(persistence, state, options);
        }
        catch
        {
            await persistence.DisposeAsync();
            throw;
        }
    }
}
