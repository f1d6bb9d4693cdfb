using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using Skiff.Testing;
using Skiff.Client.Remote;

namespace Skiff.E2E.Tests.Infrastructure;

/// <summary>
/// Raw HTTPS to the server as the kubeconfig describes it: trusts only its CA and sends its bearer token, so a test
/// sees the exact bytes of watch streams and Status errors.
/// </summary>
public sealed class ApiClient : IDisposable
{
    private readonly HttpClient http;

    public ApiClient(SkiffServer server)
    {
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(server.Kubeconfig);
        var caCertificates = config.SslCaCerts ?? throw new InvalidOperationException("kubeconfig has no certificate-authority-data");
        var handler = new SocketsHttpHandler { SslOptions = KubeconfigHttp.TrustingOnly(caCertificates) };
        http = new HttpClient(handler) { BaseAddress = new Uri(config.Host), Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", config.AccessToken);
    }

    public async Task<HttpResponseMessage> GetAsync(string pathAndQuery, string? accept = null, string? ifNoneMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }

        return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    /// <summary>Opens a watch and fails unless it is answered 200.</summary>
    public async Task<WatchStream> WatchAsync(string pathAndQuery, string? accept = null)
    {
        var response = await GetAsync(pathAndQuery, accept);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync();
            response.Dispose();
            throw new HttpRequestException($"GET {pathAndQuery} answered {(int)response.StatusCode}: {body}");
        }

        return await WatchStream.OpenAsync(response);
    }

    /// <summary>Sends a JSON body and returns the answer, failing on a non-2xx status.</summary>
    public async Task<JsonNode> SendAsync(HttpMethod method, string path, string json, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(json, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!;
    }

    /// <summary>Sends raw bytes (e.g. a protobuf body) and returns the answer whatever its status.</summary>
    public async Task<HttpResponseMessage> SendBytesAsync(HttpMethod method, string path, byte[] body, string contentType, string? accept = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        return await http.SendAsync(request);
    }

    public async Task<string> CreateNamespaceAsync(string prefix)
    {
        var name = $"{prefix}-{Guid.NewGuid().ToString("N")[..6]}";
        await SendAsync(HttpMethod.Post, "/api/v1/namespaces", $$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{name}}}"}}""");
        return name;
    }

    /// <summary>Creates a ConfigMap with data k=<paramref name="value"/> and returns its resourceVersion.</summary>
    public async Task<long> CreateConfigMapAsync(string ns, string name, string value = "1") =>
        ResourceVersionOf(await SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps",
            $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{name}}}"},"data":{"k":"{{{value}}}"}}"""));

    public async Task<long> PatchConfigMapAsync(string ns, string name, string value) =>
        ResourceVersionOf(await SendAsync(HttpMethod.Patch, $"/api/v1/namespaces/{ns}/configmaps/{name}",
            $$$"""{"data":{"k":"{{{value}}}"}}""", "application/merge-patch+json"));

    public async Task<long> DeleteConfigMapAsync(string ns, string name)
    {
        using var response = await http.DeleteAsync($"/api/v1/namespaces/{ns}/configmaps/{name}");
        Assert.True(response.IsSuccessStatusCode, $"DELETE {name}: {(int)response.StatusCode}");
        return ResourceVersionOf(JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    /// <summary>The resourceVersion of a list of the given collection (what an informer watches from).</summary>
    public async Task<long> ListResourceVersionAsync(string collection)
    {
        using var response = await http.GetAsync(collection);
        response.EnsureSuccessStatusCode();
        return ResourceVersionOf(JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    public static long ResourceVersionOf(JsonNode obj) =>
        long.Parse(obj["metadata"]!["resourceVersion"]!.GetValue<string>(), CultureInfo.InvariantCulture);

    public void Dispose() => http.Dispose();
}
