using Microsoft.Data.Sqlite;

namespace Skiff.Storage;

/// <summary>
/// Persists the current value of every key and the store revision in one SQLite file (WAL, full sync), one transaction
/// per batch.
/// </summary>
/// <remarks>
/// Only current rows are kept, not history: deletes remove the row, and the revision lives in its own one-row table
/// because a delete consumes a revision that no remaining row would remember. Microsoft.Data.Sqlite's async methods
/// complete synchronously anyway, so the synchronous calls are used; they run on the store's single writer loop.
/// </remarks>
public sealed class SqlitePersistence : IStorePersistence
{
    // A rowid table with the key in its own index, not a WITHOUT ROWID table clustered on the key: objects are a few KB,
    // and a WITHOUT ROWID row that large does not fit its B-tree cell, so every row also took an overflow page. That
    // doubled SQLite's share of each commit, which runs on the single writer every write waits for.
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS kv (
            key TEXT NOT NULL PRIMARY KEY,
            value BLOB NOT NULL,
            create_rev INTEGER NOT NULL,
            mod_rev INTEGER NOT NULL
        );
        CREATE TABLE IF NOT EXISTS store_revision (
            id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
            revision INTEGER NOT NULL
        );
        """;

    /// <summary>Moves the rows of a database written before the rowid schema into it, in one transaction.</summary>
    private const string MigrateFromWithoutRowid = """
        BEGIN IMMEDIATE;
        CREATE TABLE kv_rowid (
            key TEXT NOT NULL PRIMARY KEY,
            value BLOB NOT NULL,
            create_rev INTEGER NOT NULL,
            mod_rev INTEGER NOT NULL
        );
        INSERT INTO kv_rowid (key, value, create_rev, mod_rev) SELECT key, value, create_rev, mod_rev FROM kv;
        DROP TABLE kv;
        ALTER TABLE kv_rowid RENAME TO kv;
        COMMIT;
        """;

    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _upsert;
    private readonly SqliteParameter _upsertKey;
    private readonly SqliteParameter _upsertValue;
    private readonly SqliteParameter _upsertCreateRevision;
    private readonly SqliteParameter _upsertModRevision;
    private readonly SqliteCommand _delete;
    private readonly SqliteParameter _deleteKey;
    private readonly SqliteCommand _setRevision;
    private readonly SqliteParameter _revision;

    private SqlitePersistence(SqliteConnection connection)
    {
        _connection = connection;

        _upsert = connection.CreateCommand();
        _upsert.CommandText = """
            INSERT INTO kv (key, value, create_rev, mod_rev) VALUES ($key, $value, $create_rev, $mod_rev)
            ON CONFLICT (key) DO UPDATE SET value = excluded.value, create_rev = excluded.create_rev, mod_rev = excluded.mod_rev
            """;
        _upsertKey = _upsert.Parameters.Add("$key", SqliteType.Text);
        _upsertValue = _upsert.Parameters.Add("$value", SqliteType.Blob);
        _upsertCreateRevision = _upsert.Parameters.Add("$create_rev", SqliteType.Integer);
        _upsertModRevision = _upsert.Parameters.Add("$mod_rev", SqliteType.Integer);

        _delete = connection.CreateCommand();
        _delete.CommandText = "DELETE FROM kv WHERE key = $key";
        _deleteKey = _delete.Parameters.Add("$key", SqliteType.Text);

        _setRevision = connection.CreateCommand();
        _setRevision.CommandText = "INSERT INTO store_revision (id, revision) VALUES (1, $revision) " +
                                   "ON CONFLICT (id) DO UPDATE SET revision = excluded.revision";
        _revision = _setRevision.Parameters.Add("$revision", SqliteType.Integer);
    }

    /// <summary>Opens (creating if needed) the database at <paramref name="path"/>.</summary>
    public static async Task<SqlitePersistence> OpenAsync(string path, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            // Without pooling, disposing really closes the file, so it can be reopened, moved or deleted right away.
            Pooling = false,
        }.ToString();
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(ct);
            using (var setup = connection.CreateCommand())
            {
                // WAL: a commit is one append and one sync. FULL: that sync also happens on every commit in WAL mode,
                // so an acknowledged write survives kill -9 and power loss.
                setup.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000;";
                await setup.ExecuteNonQueryAsync(ct);
                setup.CommandText = "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'kv'";
                if (await setup.ExecuteScalarAsync(ct) is string existing && existing.Contains("WITHOUT ROWID", StringComparison.OrdinalIgnoreCase))
                {
                    setup.CommandText = MigrateFromWithoutRowid;
                    await setup.ExecuteNonQueryAsync(ct);
                }

                setup.CommandText = Schema;
                await setup.ExecuteNonQueryAsync(ct);
            }

            var persistence = new SqlitePersistence(connection);
            persistence.Prepare();
            return persistence;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Reads every stored key and the store revision.</summary>
    public async Task<PersistedState> LoadAsync(CancellationToken ct)
    {
        var items = new List<KeyValue>();
        long revision = 1;
        using (var select = _connection.CreateCommand())
        {
            select.CommandText = "SELECT key, value, create_rev, mod_rev FROM kv";
            using var reader = await select.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var item = new KeyValue(reader.GetString(0), reader.GetFieldValue<byte[]>(1), reader.GetInt64(2), reader.GetInt64(3));
                items.Add(item);
                revision = Math.Max(revision, item.ModRevision);
            }
        }

        using (var select = _connection.CreateCommand())
        {
            select.CommandText = "SELECT revision FROM store_revision WHERE id = 1";
            if (await select.ExecuteScalarAsync(ct) is long stored)
            {
                revision = Math.Max(revision, stored);
            }
        }

        return new PersistedState(items, revision);
    }

    /// <inheritdoc />
    public Task PersistAsync(IReadOnlyList<StoreEvent> batch, long revision, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        using var transaction = _connection.BeginTransaction();
        _upsert.Transaction = transaction;
        _delete.Transaction = transaction;
        _setRevision.Transaction = transaction;
        foreach (var storeEvent in batch)
        {
            var item = storeEvent.Current;
            if (storeEvent.Type == StoreEventType.Put)
            {
                _upsertKey.Value = item.Key;
                _upsertValue.Value = item.Value;
                _upsertCreateRevision.Value = item.CreateRevision;
                _upsertModRevision.Value = item.ModRevision;
                _upsert.ExecuteNonQuery();
            }
            else
            {
                _deleteKey.Value = item.Key;
                _delete.ExecuteNonQuery();
            }
        }

        _revision.Value = revision;
        _setRevision.ExecuteNonQuery();
        transaction.Commit();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _upsert.DisposeAsync();
        await _delete.DisposeAsync();
        await _setRevision.DisposeAsync();
        await _connection.DisposeAsync();
    }

    private void Prepare()
    {
        _upsert.Prepare();
        _delete.Prepare();
        _setRevision.Prepare();
    }
}
