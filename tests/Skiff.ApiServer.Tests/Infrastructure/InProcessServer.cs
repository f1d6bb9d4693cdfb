using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Skiff.ApiServer.Hosting;
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

    public static async Task<InProcessServer> StartAsync()
    {
        var dataDir = Directory.CreateTempSubdirectory("skiff-apiserver-tests-");
        var store = new MemoryStore();
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));
        var options = new ApiServerOptions(new IPEndPoint(IPAddress.Loopback, 0), dataDir.FullName) { Time = time };
        var host = await ApiServerHost.StartAsync(options, store, NullLoggerFactory.Instance, CancellationToken.None);
        var ca = host.Credentials.CertificateAuthority;
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, errors) => ChainsTo(ca, certificate, errors),
            },
        };
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

    private static bool ChainsTo(X509Certificate2 ca, X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await host.DisposeAsync();
        await store.DisposeAsync();
        dataDir.Delete(recursive: true);
    }
}
