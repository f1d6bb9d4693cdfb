using Microsoft.Data.Sqlite;

namespace Skiff.Storage.Tests;

/// <summary>Runs the store contract against <see cref="SqliteStore"/>, plus what only a durable store must do.</summary>
public sealed class SqliteStoreTests : StoreContractTests
{
    private readonly string _directory = Directory.CreateTempSubdirectory("skiff-storage-").FullName;

    private string DatabasePath => Path.Combine(_directory, "skiff.db");

    protected override async Task<IStore> CreateStoreAsync() => await SqliteStore.OpenAsync(DatabasePath, Ct);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Reopening_KeepsEveryObjectAndTheRevision_IncludingDeletes()
    {
        await Store.CreateAsync("/r/a", Bytes("a1"), Ct);           // 2
        await Store.CreateAsync("/r/b", Bytes("b1"), Ct);           // 3
        await Store.UpdateAsync("/r/a", Bytes("a2"), 0, Ct);        // 4
        await Store.CreateAsync("/r/empty", [], Ct);                // 5
        await Store.DeleteAsync("/r/b", 0, Ct);                     // 6: only the revision table remembers it

        await Store.DisposeAsync();
        Store = await SqliteStore.OpenAsync(DatabasePath, Ct);

        Assert.Equal(6, Store.CurrentRevision);
        Assert.Equal(6, Store.CompactedRevision);
        var items = (await Store.RangeAsync("/r/", null, 0, 0, Ct)).Items;
        Assert.Equal(
            [new KeyValue("/r/a", items[0].Value, 2, 4), new KeyValue("/r/empty", items[1].Value, 5, 5)],
            items);
        Assert.Equal("a2", Text(items[0]));
        Assert.Empty(items[1].Value);
        Assert.Null(await Store.GetAsync("/r/b", Ct));
        Assert.Equal(7, (await Store.CreateAsync("/r/b", Bytes("b2"), Ct)).ModRevision);

        // History did not survive: only watches from the loaded revision on are complete.
        Assert.Throws<CompactedException>(() => Store.WatchAsync("/r/", 5, Ct));
        await using var watch = Store.WatchAsync("/r/", 6, Ct).GetAsyncEnumerator(Ct);
        Assert.Equal([7L], (await TakeAsync(watch, 1)).Select(e => e.Revision));
    }

    [Fact]
    public async Task Opening_ADatabaseOfTheWithoutRowidSchema_MovesItsRowsIntoTheCurrentSchema()
    {
        await Store.DisposeAsync();
        File.Delete(DatabasePath);
        var connectionString = new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString();
        await using (var connection = new SqliteConnection(connectionString))
        {
            await connection.OpenAsync(Ct);
            await using var setup = connection.CreateCommand();
            setup.CommandText = """
                PRAGMA journal_mode = WAL;
                CREATE TABLE kv (key TEXT NOT NULL PRIMARY KEY, value BLOB NOT NULL, create_rev INTEGER NOT NULL, mod_rev INTEGER NOT NULL) WITHOUT ROWID;
                CREATE TABLE store_revision (id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1), revision INTEGER NOT NULL);
                INSERT INTO kv VALUES ('/r/a', X'6131', 2, 4), ('/r/c', X'6331', 3, 3);
                INSERT INTO store_revision VALUES (1, 5);
                """;
            await setup.ExecuteNonQueryAsync(Ct);
        }

        Store = await SqliteStore.OpenAsync(DatabasePath, Ct);

        Assert.Equal(5, Store.CurrentRevision);
        var items = (await Store.RangeAsync("/r/", null, 0, 0, Ct)).Items;
        Assert.Equal([("/r/a", "a1", 2L, 4L), ("/r/c", "c1", 3L, 3L)], items.Select(i => (i.Key, Text(i), i.CreateRevision, i.ModRevision)));
        await Store.UpdateAsync("/r/a", Bytes("a2"), 4, Ct);
        await Store.DeleteAsync("/r/c", 3, Ct);
        await Store.CreateAsync("/r/d", Bytes("d1"), Ct);

        await Store.DisposeAsync();
        await using (var connection = new SqliteConnection(connectionString))
        {
            await connection.OpenAsync(Ct);
            await using var schema = connection.CreateCommand();
            schema.CommandText = "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'kv'";
            Assert.DoesNotContain("WITHOUT ROWID", (string)(await schema.ExecuteScalarAsync(Ct))!, StringComparison.OrdinalIgnoreCase);
        }

        Store = await SqliteStore.OpenAsync(DatabasePath, Ct);
        Assert.Equal(8, Store.CurrentRevision);
        items = (await Store.RangeAsync("/r/", null, 0, 0, Ct)).Items;
        Assert.Equal([("/r/a", "a2", 2L, 6L), ("/r/d", "d1", 8L, 8L)], items.Select(i => (i.Key, Text(i), i.CreateRevision, i.ModRevision)));
    }

    [Fact]
    public async Task DisposeThenReopen_WorksRepeatedly()
    {
        for (var round = 0; round < 3; round++)
        {
            await Store.CreateAsync($"/r/{round}", Bytes($"{round}"), Ct);
            await Store.DisposeAsync();
            Store = await SqliteStore.OpenAsync(DatabasePath, Ct);
        }

        Assert.Equal(4, Store.CurrentRevision);
        Assert.Equal(["/r/0", "/r/1", "/r/2"], (await Store.RangeAsync("/r/", null, 0, 0, Ct)).Items.Select(i => i.Key));
    }

    [Fact]
    public async Task Reopening_AfterConcurrentWrites_KeepsThemAll()
    {
        var created = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Store.CreateAsync($"/r/{i:D3}", Bytes($"{i}"), Ct)));

        await Store.DisposeAsync();
        Store = await SqliteStore.OpenAsync(DatabasePath, Ct);

        var items = (await Store.RangeAsync("/r/", null, 0, 0, Ct)).Items;
        Assert.Equal(created.OrderBy(i => i.Key, StringComparer.Ordinal).Select(i => (i.Key, i.ModRevision)), items.Select(i => (i.Key, i.ModRevision)));
        Assert.Equal(201, Store.CurrentRevision);
    }
}
