using System.Net;
using System.Text;
using Skiff.ApiServer.Tests.Infrastructure;
using Skiff.Testing;

namespace Skiff.ApiServer.Tests.Observability;

public class MetricsEndpointTests
{
    private static (string, string)[] Request(string verb, string group, string resource, string scope, string code, string subresource = "", string dryRun = "") =>
    [
        ("verb", verb), ("dry_run", dryRun), ("group", group), ("version", "v1"), ("resource", resource),
        ("subresource", subresource), ("scope", scope), ("component", "apiserver"), ("code", code),
    ];

    private static async Task<string> ScrapeAsync(InProcessServer server)
    {
        using var response = await server.Http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain; version=0.0.4", response.Content.Headers.ContentType!.ToString());
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task<HttpStatusCode> SendAsync(InProcessServer server, HttpMethod method, string path, string? json = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, contentType);
        }

        using var response = await server.Http.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task Every_request_is_counted_under_upstreams_labels()
    {
        await using var server = await InProcessServer.StartAsync();
        await server.CreateNamespaceAsync("m");
        await server.CreateConfigMapAsync("m", "c");
        Assert.Equal(HttpStatusCode.OK, await SendAsync(server, HttpMethod.Get, "/api/v1/namespaces/m/configmaps/c"));
        Assert.Equal(HttpStatusCode.NotFound, await SendAsync(server, HttpMethod.Get, "/api/v1/namespaces/m/configmaps/missing"));
        Assert.Equal(HttpStatusCode.OK, await SendAsync(server, HttpMethod.Get, "/api/v1/namespaces/m/configmaps"));
        Assert.Equal(HttpStatusCode.OK, await SendAsync(server, HttpMethod.Get, "/api/v1/configmaps"));
        Assert.Equal(HttpStatusCode.OK, await SendAsync(server, HttpMethod.Patch, "/api/v1/namespaces/m/configmaps/c", """{"data":{"k":"v"}}""", "application/merge-patch+json"));
        Assert.Equal(HttpStatusCode.Created, await SendAsync(server, HttpMethod.Post, "/api/v1/namespaces/m/configmaps?dryRun=All",
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"dry"}}"""));
        Assert.Equal(HttpStatusCode.Created, await SendAsync(server, HttpMethod.Post, "/apis/apps/v1/namespaces/m/deployments",
            """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},"spec":{"selector":{"matchLabels":{"a":"b"}},"template":{"metadata":{"labels":{"a":"b"}},"spec":{"containers":[{"name":"c","image":"nginx"}]}}}}"""));
        Assert.Equal(HttpStatusCode.OK, await SendAsync(server, HttpMethod.Get, "/apis/apps/v1/namespaces/m/deployments/d/scale"));
        Assert.Equal(HttpStatusCode.OK, await SendAsync(server, HttpMethod.Delete, "/api/v1/namespaces/m/configmaps/c"));
        // No such subresource: a 404 that names no resource, so no series for it.
        Assert.Equal(HttpStatusCode.NotFound, await SendAsync(server, HttpMethod.Get, "/api/v1/namespaces/m/configmaps/c/bogus"));

        var text = await ScrapeAsync(server);

        Assert.Equal(1, PrometheusText.Value(text, "apiserver_request_total", Request("POST", "", "configmaps", "resource", "201")));
        Assert.Equal(1, PrometheusText.Value(text, "apiserver_request_total", Request("POST", "", "configmaps", "resource", "201", dryRun: "All")));
        Assert.Equal(1, PrometheusText.Value(text, "apiserver_request_total", Request("GET", "", "configmaps", "resource", "200")));
        Assert.Equal(1, PrometheusText.Value(text, "apiserver_request_total", Request("GET", "", "configmaps", "resource", "404")));
        Assert.Equal(1, PrometheusText.Value(text, "apiserver_request_total", Request("LIST", "", "configmaps", "namespace", "200")));
        Assert.Equal(1, PrometheusText.Value(text, "apiserver_request_total", Request("LIST", "", "configmaps", "cluster", "200")));
        Assert.Equal(1, PrometheusText.Value(text, "apiserver_request_total", Request("PATCH", "", "configmaps", "resource", "200")));
        Assert.Equal(1, PrometheusText.Value(text, "apiserver_request_total", Request("DELETE", "", "configmaps", "resource", "200")));
        Assert.Equal(1, PrometheusText.Value(text, "apiserver_request_total", Request("POST", "apps", "deployments", "resource", "201")));
        Assert.Equal(1, PrometheusText.Value(text, "apiserver_request_total", Request("GET", "apps", "deployments", "resource", "200", "scale")));
        Assert.Null(PrometheusText.Value(text, "apiserver_request_total", ("subresource", "bogus")));

        // The histogram has upstream's buckets; the fake clock stands still, so every request lands in the first.
        Assert.Equal(1, PrometheusText.Value(text, "apiserver_request_duration_seconds_count",
            ("verb", "POST"), ("resource", "deployments"), ("group", "apps"), ("version", "v1"), ("scope", "resource"), ("dry_run", ""), ("component", "apiserver")));
        Assert.Equal(1, PrometheusText.Value(text, "apiserver_request_duration_seconds_bucket", ("verb", "POST"), ("resource", "deployments"), ("le", "0.005")));
        Assert.Equal(1, PrometheusText.Value(text, "apiserver_request_duration_seconds_bucket", ("verb", "POST"), ("resource", "deployments"), ("le", "60")));
        Assert.Contains("le=\"0.025\"", text);
    }

    [Fact]
    public async Task Metrics_need_the_clusters_token()
    {
        await using var server = await InProcessServer.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Authorization = null;
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer wrong");
        using var response = await server.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Stored_objects_are_counted_and_storage_calls_timed_per_resource()
    {
        await using var server = await InProcessServer.StartAsync();
        await server.CreateNamespaceAsync("s");
        for (var i = 0; i < 3; i++)
        {
            await server.CreateConfigMapAsync("s", $"c{i}");
        }

        Assert.Equal(HttpStatusCode.OK, await SendAsync(server, HttpMethod.Delete, "/api/v1/namespaces/s/configmaps/c0"));
        var text = await ScrapeAsync(server);

        Assert.Equal(2, PrometheusText.Value(text, "apiserver_storage_objects", ("resource", "configmaps")));
        Assert.Equal(0, PrometheusText.Value(text, "apiserver_storage_objects", ("resource", "deployments.apps")));
        // HPA v1 is a view of the stored v2: one figure under the storage's name.
        Assert.Equal(0, PrometheusText.Value(text, "apiserver_storage_objects", ("resource", "horizontalpodautoscalers.autoscaling")));
        Assert.Equal(3, PrometheusText.Value(text, "etcd_requests_total", ("operation", "create"), ("type", "configmaps")));
        Assert.Equal(1, PrometheusText.Value(text, "etcd_requests_total", ("operation", "delete"), ("type", "configmaps")));
        Assert.Equal(3, PrometheusText.Value(text, "etcd_request_duration_seconds_count", ("operation", "create"), ("type", "configmaps")));
        Assert.Equal(0, PrometheusText.Value(text, "etcd_request_errors_total", ("operation", "create"), ("type", "configmaps")));

        // A second create of the same name fails its compare-and-swap: a 409 above the storage layer, but no storage
        // error (upstream's etcd3 store records only the client's errors, and a failed compare is an answer).
        using var conflict = new StringContent("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c1"}}""", Encoding.UTF8, "application/json");
        using var answer = await server.Http.PostAsync("/api/v1/namespaces/s/configmaps", conflict);
        Assert.Equal(HttpStatusCode.Conflict, answer.StatusCode);
        text = await ScrapeAsync(server);
        Assert.Equal(0, PrometheusText.Value(text, "etcd_request_errors_total", ("operation", "create"), ("type", "configmaps")));
        Assert.Equal(4, PrometheusText.Value(text, "etcd_requests_total", ("operation", "create"), ("type", "configmaps")));
        Assert.Equal(1, PrometheusText.Value(text, "apiserver_request_total", ("verb", "POST"), ("resource", "configmaps"), ("code", "409")));
    }

    [Fact]
    public async Task An_open_watch_is_a_long_running_request_until_it_ends()
    {
        await using var server = await InProcessServer.StartAsync();
        await server.CreateNamespaceAsync("w");
        var watch = await server.WatchAsync("/api/v1/namespaces/w/configmaps?watch=true");
        var text = await ScrapeAsync(server);
        Assert.Equal(1, PrometheusText.Value(text, "apiserver_longrunning_requests",
            ("verb", "WATCH"), ("group", ""), ("version", "v1"), ("resource", "configmaps"), ("scope", "namespace"), ("component", "apiserver")));
        Assert.Equal(1, PrometheusText.Value(text, "apiserver_registered_watchers", ("group", ""), ("version", "v1"), ("kind", "ConfigMap")));
        Assert.Null(PrometheusText.Value(text, "apiserver_request_total", ("verb", "WATCH")));

        watch.Dispose();
        await Eventually.HoldsAsync(async () =>
        {
            var after = await ScrapeAsync(server);
            return PrometheusText.Value(after, "apiserver_longrunning_requests", ("verb", "WATCH")) == 0
                && PrometheusText.Value(after, "apiserver_registered_watchers", ("kind", "ConfigMap")) == 0
                && PrometheusText.Value(after, "apiserver_request_total", ("verb", "WATCH"), ("scope", "namespace"), ("code", "200")) == 1;
        }, "the closed watch to be counted as done");
    }
}
