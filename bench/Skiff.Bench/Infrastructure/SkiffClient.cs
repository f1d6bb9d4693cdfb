using System.Net;
using System.Net.Http.Headers;
using System.Text;
using k8s;
using Skiff.Client.Remote;

namespace Skiff.Bench.Infrastructure;

/// <summary>
/// Plain HTTPS JSON client for the bench: trusts only the kubeconfig's CA, sends its bearer token. Over HTTP/2 (the
/// default) it multiplexes requests on one connection and opens another only when the server's stream limit is
/// reached, as client-go does; over HTTP/1.1 it pools enough connections for 64 concurrent clients plus the watches.
/// </summary>
public sealed class SkiffClient : IDisposable
{
    private const int MaxConnections = 512;
    private readonly HttpClient http;

    private SkiffClient(HttpClient http) => this.http = http;

    /// <summary>"HTTP/2" or "HTTP/1.1", for the bench's report.</summary>
    public static string ProtocolName(Version protocol) => protocol == HttpVersion.Version20 ? "HTTP/2" : "HTTP/1.1";

    public static SkiffClient FromKubeconfig(string kubeconfigPath, Version protocol)
    {
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfigPath);
        var caCertificates = config.SslCaCerts ?? throw new InvalidOperationException("kubeconfig has no certificate-authority-data");
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = MaxConnections,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            EnableMultipleHttp2Connections = true,
            // Go's HTTP/2 transport (client-go) opens each stream with a 4 MiB window; .NET starts at 64 KiB and grows it.
            InitialHttp2StreamWindowSize = 4 * 1024 * 1024,
            SslOptions = KubeconfigHttp.TrustingOnly(caCertificates),
        };
        var http = new HttpClient(handler)
        {
            BaseAddress = new Uri(config.Host),
            DefaultRequestVersion = protocol,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = TimeSpan.FromMinutes(2),
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", config.AccessToken);
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return new SkiffClient(http);
    }

    /// <summary>POSTs a JSON body and fails on any non-2xx answer.</summary>
    public async Task PostAsync(string path, byte[] json, CancellationToken ct = default)
    {
        using var content = new ByteArrayContent(json);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await http.PostAsync(path, content, ct);
        await EnsureSuccessAsync(response, "POST " + path, ct);
    }

    /// <summary>PATCHes with a body of the given patch type and fails on any non-2xx answer.</summary>
    public async Task PatchAsync(string path, byte[] patch, string patchType, CancellationToken ct = default)
    {
        using var content = new ByteArrayContent(patch);
        content.Headers.ContentType = new MediaTypeHeaderValue(patchType);
        using var response = await http.PatchAsync(path, content, ct);
        await EnsureSuccessAsync(response, "PATCH " + path, ct);
    }

    /// <summary>GETs a path, reads the whole body and returns it; fails on any non-2xx answer.</summary>
    public async Task<byte[]> GetAsync(string path, CancellationToken ct = default)
    {
        using var response = await http.GetAsync(path, ct);
        await EnsureSuccessAsync(response, "GET " + path, ct);
        return await response.Content.ReadAsByteArrayAsync(ct);
    }

    /// <summary>Opens a streaming GET (a watch): returns once the response headers arrived.</summary>
    public async Task<HttpResponseMessage> OpenStreamAsync(string path, CancellationToken ct = default)
    {
        var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, ct);
        try
        {
            await EnsureSuccessAsync(response, "GET " + path, ct);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>Creates a namespace for the bench's objects.</summary>
    public Task CreateNamespaceAsync(string name, CancellationToken ct = default) =>
        PostAsync("/api/v1/namespaces", Encoding.UTF8.GetBytes($$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{name}}}"}}"""), ct);

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string request, CancellationToken ct)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            throw new HttpRequestException($"{request} answered {(int)response.StatusCode}: {body}");
        }
    }

    public void Dispose() => http.Dispose();
}
