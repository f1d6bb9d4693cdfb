using System.Globalization;
using System.Text.Json.Nodes;
using Skiff.Api.Resources;
using Skiff.ApiServer.Tests.Infrastructure;

namespace Skiff.ApiServer.Tests.Watch;

/// <summary>Watch streams over HTTPS from the API server running in-process on a fake clock.</summary>
public sealed class WatchEndpointTests
{
    private const string TableAccept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

    [Fact]
    public async Task Bookmarks_come_every_minute_only_to_the_watch_that_asked()
    {
        await using var server = await InProcessServer.StartAsync();
        await server.CreateNamespaceAsync("watched");
        await server.CreateNamespaceAsync("other");
        var start = await server.CreateConfigMapAsync("other", "seed");
        using var asked = await server.WatchAsync($"/api/v1/namespaces/watched/configmaps?watch=true&resourceVersion={start}&allowWatchBookmarks=true");
        using var notAsked = await server.WatchAsync($"/api/v1/namespaces/other/configmaps?watch=true&resourceVersion={start}");

        // The other namespace's watch seeing an event proves the cache has reached that revision.
        var x = await server.CreateConfigMapAsync("other", "x");
        Assert.Equal(("ADDED", x), Summary(await notAsked.NextAsync()));
        server.Time.Advance(TimeSpan.FromSeconds(59));
        var y = await server.CreateConfigMapAsync("watched", "y");
        Assert.Equal(("ADDED", y), Summary(await asked.NextAsync()));
        var z = await server.CreateConfigMapAsync("other", "z");
        Assert.Equal(("ADDED", z), Summary(await notAsked.NextAsync()));

        server.Time.Advance(TimeSpan.FromSeconds(1));
        var bookmark = await asked.NextAsync();
        Assert.Equal(("BOOKMARK", z), Summary(bookmark));
        Assert.Equal($$$"""{"kind":"ConfigMap","apiVersion":"v1","metadata":{"resourceVersion":"{{{z}}}"}}""", bookmark!["object"]!.ToJsonString());

        server.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(("BOOKMARK", z), Summary(await asked.NextAsync()));

        // Two minutes passed for the watch that did not ask: its next event is the next change, not a bookmark.
        var w = await server.CreateConfigMapAsync("other", "w");
        Assert.Equal(("ADDED", w), Summary(await notAsked.NextAsync()));
    }

    [Fact]
    public async Task A_table_watch_ends_its_initial_events_with_a_one_row_table_bookmark_for_every_resource()
    {
        await using var server = await InProcessServer.StartAsync();
        foreach (var resource in ResourceRegistry.CreateDefault().Resources.Where(r => r.Verbs.Contains("watch")))
        {
            var collection = resource.Group.Length == 0
                ? $"/api/{resource.Version}/{resource.Plural}"
                : $"/apis/{resource.Group}/{resource.Version}/{resource.Plural}";
            using var watch = await server.WatchAsync(
                collection + "?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true", TableAccept);

            var events = new List<JsonObject>();
            do
            {
                events.Add(await watch.NextAsync() ?? throw new InvalidOperationException($"{collection}: the stream ended"));
            }
            while (events[^1]["type"]!.GetValue<string>() != "BOOKMARK");

            var columns = events[0]["object"]!["columnDefinitions"]!.AsArray().Count;
            var table = events[^1]["object"]!;
            Assert.Equal("Table", table["kind"]!.GetValue<string>());
            Assert.Equal(events.Count == 1, table["columnDefinitions"] is not null);
            var row = Assert.Single(table["rows"]!.AsArray())!;
            Assert.Equal(columns, row["cells"]!.AsArray().Count);
            var metadata = row["object"]!["metadata"]!;
            Assert.Equal("true", metadata["annotations"]!["k8s.io/initial-events-end"]!.GetValue<string>());
            Assert.Equal(table["metadata"]!["resourceVersion"]!.GetValue<string>(), metadata["resourceVersion"]!.GetValue<string>());
        }
    }

    private static (string Type, long ResourceVersion) Summary(JsonObject? e)
    {
        Assert.NotNull(e);
        return (e["type"]!.GetValue<string>(), long.Parse(e["object"]!["metadata"]!["resourceVersion"]!.GetValue<string>(), CultureInfo.InvariantCulture));
    }
}
