using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Prometheus;
using Skiff.Testing;
using Skiff.ApiServer.Hosting;
using Skiff.Client.Remote;
using Skiff.Storage;

namespace Skiff.ApiServer.Tests.Infrastructure;

/// <summary>
/// The API server in this process over an in-memory store, on a fake clock the test advances, with an HTTPS client
/// that trusts only the cluster's CA and sends its token.
/// </summary>
public sealed class InProcessServer : IAsyncDisposable
{
    private readonly DirectoryInfo dataDir;
    private readonly MemoryStore store;
    private readonly ApiServerHost host;

    private InProcessServer(DirectoryInfo dataDir, MemoryStore store, ApiServerHost host, FakeTimeProvider time, HttpClient http)
    {
        this.dataDir = dataDir;
        this.store = store;
        this.host = host;
        Time = time;
        Http = http;
    }

    public FakeTimeProvider Time { get; }

    public HttpClient Http { get; }

    /// <param name="loggerFactory">Where the server logs (nothing is logged by default).</param>
    /// <param name="metrics">The registry /metrics serves; a fresh one by default, so counts start at zero.</param>
    public static async Task<InProcessServer> StartAsync(ILoggerFactory? loggerFactory = null, CollectorRegistry? metrics = null)
    {
        var dataDir = Directory.CreateTempSubdirectory("skiff-apiserver-tests-");
        var store = new MemoryStore();
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));
        var options = new ApiServerOptions(new IPEndPoint(IPAddress.Loopback, 0), dataDir.FullName)
        {
            Time = time,
            MetricsRegistry = metrics ?? Metrics.NewCustomRegistry(),
        };
        var host = await ApiServerHost.StartAsync(options, store, loggerFactory ?? NullLoggerFactory.Instance, CancellationToken.None);
        var ca = host.Credentials.CertificateAuthority;
        var handler = new SocketsHttpHandler { SslOptions = KubeconfigHttp.TrustingOnly([ca]) };
        var http = new HttpClient(handler) { BaseAddress = new Uri($"https://127.0.0.1:{host.BoundEndpoint.Port}") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", host.Credentials.Token);
        return new InProcessServer(dataDir, store, host, time, http);
    }

    /// <summary>Creates a namespace or any other object from its JSON and returns the resourceVersion it got.</summary>
    public async Task<long> CreateAsync(string collection, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await Http.PostAsync(collection, content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {collection}: {(int)response.StatusCode} {body}");
        return WatchStream.ResourceVersionOf(System.Text.Json.Nodes.JsonNode.Parse(body)!);
    }

    public Task<long> CreateNamespaceAsync(string name) =>
        CreateAsync("/api/v1/namespaces", $$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{name}}}"}}""");

    public Task<long> CreateConfigMapAsync(string ns, string name) =>
        CreateAsync($"/api/v1/namespaces/{ns}/configmaps", $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{name}}}"}}""");

    public async Task<WatchStream> WatchAsync(string pathAndQuery, string? accept = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await WatchStream.OpenAsync(response);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await host.DisposeAsync();
        await store.DisposeAsync();
        dataDir.Delete(recursive: true);
    }
}
