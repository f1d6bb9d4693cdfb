using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Skiff.E2E.Tests.Infrastructure;

namespace Skiff.E2E.Tests;

/// <summary>
/// Watch bookmarks and the watch-list protocol (sendInitialEvents) against the real binary, over raw HTTPS, the
/// KubernetesClient library and kubectl's own informer with client-go's WatchListClient gate on.
/// </summary>
public sealed class WatchBookmarkTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string InitialEventsEnd = "k8s.io/initial-events-end";

    [Fact]
    public async Task Bookmarks_arrive_only_when_asked()
    {
        using var api = new ApiClient(fixture.Server);
        var ns = await api.CreateNamespaceAsync("bookmarks");
        var other = await api.CreateNamespaceAsync("elsewhere");
        var from = await api.ListResourceVersionAsync($"/api/v1/namespaces/{ns}/configmaps");
        var c1 = await api.CreateConfigMapAsync(ns, "c1");
        var c2 = await api.CreateConfigMapAsync(ns, "c2");
        var elsewhere = await api.CreateConfigMapAsync(other, "x");

        // Upstream sends the last bookmark two seconds before timeoutSeconds ends, so a 4-second watch gets one.
        var watch = $"/api/v1/namespaces/{ns}/configmaps?watch=true&resourceVersion={from}&timeoutSeconds=4";
        var streams = await Task.WhenAll(Open(watch + "&allowWatchBookmarks=true"), Open(watch));
        var (asked, notAsked) = (streams[0], streams[1]);

        Assert.Equal([("ADDED", "c1", c1), ("ADDED", "c2", c2)], notAsked.Select(Summary));
        var bookmarks = asked.SkipWhile(e => Type(e) != "BOOKMARK").ToList();
        Assert.Equal([("ADDED", "c1", c1), ("ADDED", "c2", c2)], asked.Take(asked.Count - bookmarks.Count).Select(Summary));
        Assert.NotEmpty(bookmarks);
        foreach (var bookmark in bookmarks)
        {
            Assert.Equal("BOOKMARK", Type(bookmark));
            var revision = ApiClient.ResourceVersionOf(bookmark["object"]!);
            // The bookmark carries the revision the server reached, past the last change this watch was sent.
            Assert.True(revision >= elsewhere, $"bookmark at {revision}, before the write at {elsewhere}");
            Assert.Equal($$$"""{"kind":"ConfigMap","apiVersion":"v1","metadata":{"resourceVersion":"{{{revision}}}"}}""", bookmark["object"]!.ToJsonString());
        }

        async Task<List<JsonObject>> Open(string path)
        {
            using var stream = await api.WatchAsync(path);
            return await stream.ReadToEndAsync();
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_initial_events_end_bookmark_follows_exactly_the_current_objects(bool atLatestRevision)
    {
        using var api = new ApiClient(fixture.Server);
        var ns = await api.CreateNamespaceAsync("watchlist");
        var other = await api.CreateNamespaceAsync("elsewhere");
        await api.CreateConfigMapAsync(ns, "c1");
        await api.CreateConfigMapAsync(ns, "c2");
        await api.CreateConfigMapAsync(ns, "c3");
        await api.DeleteConfigMapAsync(ns, "c3");
        await api.PatchConfigMapAsync(ns, "c1", "2");
        var latest = await api.CreateConfigMapAsync(other, "x");

        // resourceVersion "" is a consistent read; NotOlderThan the latest write must also see every write above.
        var resourceVersion = atLatestRevision ? $"&resourceVersion={latest}" : "";
        using var watch = await api.WatchAsync(
            $"/api/v1/namespaces/{ns}/configmaps?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true{resourceVersion}");
        var initial = await watch.ReadUntilAsync(e => Type(e) == "BOOKMARK");

        var bookmark = initial[^1]["object"]!;
        Assert.Equal("true", bookmark["metadata"]!["annotations"]![InitialEventsEnd]!.GetValue<string>());
        var stateRevision = ApiClient.ResourceVersionOf(bookmark);
        Assert.True(stateRevision >= latest, $"state at {stateRevision}, before the write at {latest}");
        var objects = initial[..^1];
        Assert.All(objects, e => Assert.Equal("ADDED", Type(e)));
        Assert.Equal(
            [("c1", "2"), ("c2", "1")],
            objects.Select(e => (Name(e), e["object"]!["data"]!["k"]!.GetValue<string>())).Order());
        Assert.All(objects, e => Assert.True(ApiClient.ResourceVersionOf(e["object"]!) <= stateRevision));

        var c4 = await api.CreateConfigMapAsync(ns, "c4");
        var live = await watch.NextAsync();
        Assert.Equal(("ADDED", "c4", c4), Summary(live!));
        Assert.True(c4 > stateRevision);
    }

    [Fact]
    public async Task A_watch_resumed_from_a_bookmark_gets_no_duplicate_and_no_missed_event()
    {
        using var api = new ApiClient(fixture.Server);
        var ns = await api.CreateNamespaceAsync("resume");
        var other = await api.CreateNamespaceAsync("elsewhere");
        var from = await api.ListResourceVersionAsync($"/api/v1/namespaces/{ns}/configmaps");
        var expected = new List<(string, string, long)>
        {
            ("ADDED", "c1", await api.CreateConfigMapAsync(ns, "c1")),
            ("ADDED", "c2", await api.CreateConfigMapAsync(ns, "c2")),
        };
        var elsewhere = await api.CreateConfigMapAsync(other, "x");

        // As client-go's reflector does: remember the resourceVersion of the last event, bookmark or not.
        List<JsonObject> first;
        using (var watch = await api.WatchAsync($"/api/v1/namespaces/{ns}/configmaps?watch=true&resourceVersion={from}&allowWatchBookmarks=true&timeoutSeconds=4"))
        {
            first = await watch.ReadToEndAsync();
        }

        Assert.Equal("BOOKMARK", Type(first[^1]));
        var resumeFrom = ApiClient.ResourceVersionOf(first[^1]["object"]!);
        Assert.True(resumeFrom >= elsewhere, $"bookmark at {resumeFrom}, before the write at {elsewhere}");

        expected.Add(("ADDED", "c3", await api.CreateConfigMapAsync(ns, "c3")));
        expected.Add(("MODIFIED", "c1", await api.PatchConfigMapAsync(ns, "c1", "2")));
        await api.CreateConfigMapAsync(other, "y");
        expected.Add(("DELETED", "c2", await api.DeleteConfigMapAsync(ns, "c2")));
        List<JsonObject> second;
        using (var watch = await api.WatchAsync($"/api/v1/namespaces/{ns}/configmaps?watch=true&resourceVersion={resumeFrom}&timeoutSeconds=2"))
        {
            second = await watch.ReadToEndAsync();
        }

        Assert.Equal(expected, first.Concat(second).Where(e => Type(e) != "BOOKMARK").Select(Summary));
    }

    [Theory]
    [InlineData("sendInitialEvents=true",
        "resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan")]
    [InlineData("resourceVersionMatch=NotOlderThan&resourceVersion=1",
        "resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided")]
    [InlineData("sendInitialEvents=true&resourceVersionMatch=Exact&allowWatchBookmarks=true",
        "[resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan, resourceVersionMatch: Unsupported value: \"Exact\": supported values: \"NotOlderThan\"]")]
    public async Task Invalid_watch_list_options_are_422_as_upstream(string query, string errors)
    {
        using var api = new ApiClient(fixture.Server);
        using var response = await api.GetAsync("/api/v1/namespaces/default/configmaps?watch=true&" + query);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("Invalid", status["reason"]!.GetValue<string>());
        Assert.Equal($"ListOptions.meta.k8s.io \"\" is invalid: {errors}", status["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_watch_list_at_a_revision_not_reached_ends_with_a_too_large_error_event()
    {
        using var api = new ApiClient(fixture.Server);
        var ahead = await api.ListResourceVersionAsync("/api/v1/namespaces/default/configmaps") + 1_000_000;
        using var watch = await api.WatchAsync(
            $"/api/v1/namespaces/default/configmaps?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&resourceVersion={ahead}");

        var e = Assert.Single(await watch.ReadToEndAsync());

        Assert.Equal("ERROR", Type(e));
        Assert.Equal(504, e["object"]!["code"]!.GetValue<int>());
        Assert.Equal("Timeout", e["object"]!["reason"]!.GetValue<string>());
        Assert.StartsWith($"Timeout: Too large resource version: {ahead}, current: ", e["object"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_client_library_watch_list_ends_its_initial_events_with_the_annotated_bookmark()
    {
        using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(fixture.Server.Kubeconfig));
        using var api = new ApiClient(fixture.Server);
        var ns = await api.CreateNamespaceAsync("library");
        await api.CreateConfigMapAsync(ns, "c1");
        await api.CreateConfigMapAsync(ns, "c2");
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var seen = new List<(WatchEventType, string?)>();
        await foreach (var (type, item) in client.CoreV1.WatchListNamespacedConfigMapAsync(ns, allowWatchBookmarks: true,
            resourceVersionMatch: "NotOlderThan", sendInitialEvents: true, cancellationToken: cancel.Token))
        {
            if (type == WatchEventType.Bookmark)
            {
                Assert.Equal("true", item.Metadata.Annotations[InitialEventsEnd]);
                Assert.False(string.IsNullOrEmpty(item.Metadata.ResourceVersion));
                break;
            }

            seen.Add((type, item.Name()));
        }

        Assert.Equal([(WatchEventType.Added, "c1"), (WatchEventType.Added, "c2")], seen.OrderBy(s => s.Item2));
    }

    [Fact]
    public async Task Kubectl_wait_works_with_client_gos_watch_list()
    {
        using var api = new ApiClient(fixture.Server);
        var ns = await api.CreateNamespaceAsync("kubectlwait");
        await api.CreateConfigMapAsync(ns, "c1");
        using var kubectl = new Kubectl(fixture.Server);
        kubectl.Environment["KUBE_FEATURE_WatchListClient"] = "true";

        // Its informer waits for the initial-events-end bookmark before it looks at any object; without one it would
        // sit out --timeout. -v=6 shows that the watch-list request was the one made.
        var waiting = kubectl.RunAsync("wait", "-n", ns, "--for=jsonpath={.data.k}=2", "configmap/c1", "--timeout=30s", "-v=6");
        await api.PatchConfigMapAsync(ns, "c1", "2");
        var result = await waiting;

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("configmap/c1 condition met", result.StdOut);
        Assert.Contains("sendInitialEvents=true", result.StdErr);
    }

    private static string Type(JsonObject e) => e["type"]!.GetValue<string>();

    private static string Name(JsonObject e) => e["object"]!["metadata"]!["name"]!.GetValue<string>();

    private static (string Type, string Name, long ResourceVersion) Summary(JsonObject e) =>
        (Type(e), Name(e), ApiClient.ResourceVersionOf(e["object"]!));
}
