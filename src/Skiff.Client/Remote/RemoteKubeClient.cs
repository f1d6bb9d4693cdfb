using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using k8s;
using k8s.Models;
using Skiff.Api.Resources;

namespace Skiff.Client.Remote;

/// <summary>
/// <see cref="IKubeClient"/> over HTTPS, for components that run as their own process against a kubeconfig
/// (`skiff controller-manager`). An optional throttle caps requests per second as client-go's QPS/burst does.
/// </summary>
public sealed class RemoteKubeClient(HttpClient http, ResourceRegistry registry, Func<CancellationToken, ValueTask>? throttle = null) : IKubeClient, IDisposable
{
    public async Task<T> CreateAsync<T>(T obj, CancellationToken ct = default)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var path = PathOf<T>(obj.Metadata?.NamespaceProperty, null, null);
        return await SendAsync<T>(HttpMethod.Post, path, JsonBody(obj), ct);
    }

    public Task<T> GetAsync<T>(string? ns, string name, CancellationToken ct = default)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        SendAsync<T>(HttpMethod.Get, PathOf<T>(ns, name, null), null, ct);

    public async Task<ObjectList<T>> ListAsync<T>(string? ns, ListRequest? request = null, CancellationToken ct = default)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        request ??= new ListRequest();
        var query = Query(
            ("labelSelector", request.LabelSelector), ("fieldSelector", request.FieldSelector),
            ("limit", request.Limit > 0 ? request.Limit.ToString(System.Globalization.CultureInfo.InvariantCulture) : null),
            ("continue", request.Continue), ("resourceVersion", request.ResourceVersion));
        using var response = await RequestAsync(HttpMethod.Get, PathOf<T>(ns, null, null) + query, null, HttpCompletionOption.ResponseContentRead, ct);
        var bytes = await response.Content.ReadAsByteArrayAsync(ct);
        using var document = JsonDocument.Parse(bytes);
        var root = document.RootElement;
        var items = new List<T>();
        if (root.TryGetProperty("items", out var array) && array.ValueKind == JsonValueKind.Array)
        {
            var resource = ResourceOf<T>();
            foreach (var item in array.EnumerateArray())
            {
                var model = KubernetesJson.Deserialize<T>(item.GetRawText());
                model.ApiVersion ??= resource.ApiVersion;
                model.Kind ??= resource.Kind;
                items.Add(model);
            }
        }

        var metadata = root.TryGetProperty("metadata", out var m) ? m : default;
        return new ObjectList<T>(
            items,
            metadata.ValueKind == JsonValueKind.Object && metadata.TryGetProperty("resourceVersion", out var rv) ? rv.GetString() ?? "" : "",
            metadata.ValueKind == JsonValueKind.Object && metadata.TryGetProperty("continue", out var c) ? c.GetString() : null);
    }

    public async IAsyncEnumerable<WatchEvent<T>> WatchAsync<T>(string? ns, WatchRequest request, [EnumeratorCancellation] CancellationToken ct = default)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var query = Query(
            ("watch", "true"), ("resourceVersion", request.ResourceVersion), ("allowWatchBookmarks", "true"),
            ("labelSelector", request.LabelSelector), ("fieldSelector", request.FieldSelector),
            ("timeoutSeconds", request.Timeout is { } t ? ((int)t.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture) : null));
        using var response = await RequestAsync(HttpMethod.Get, PathOf<T>(ns, null, null) + query, null, HttpCompletionOption.ResponseHeadersRead, ct);
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            using var frame = JsonDocument.Parse(line);
            var type = frame.RootElement.GetProperty("type").GetString();
            var obj = frame.RootElement.GetProperty("object").GetRawText();
            if (type == "ERROR")
            {
                throw new KubeApiException(KubernetesJson.Deserialize<V1Status>(obj));
            }

            var kind = type switch
            {
                "ADDED" => WatchEventKind.Added,
                "MODIFIED" => WatchEventKind.Modified,
                "DELETED" => WatchEventKind.Deleted,
                "BOOKMARK" => WatchEventKind.Bookmark,
                _ => throw new InvalidDataException($"unknown watch event type \"{type}\""),
            };
            yield return new WatchEvent<T>(kind, KubernetesJson.Deserialize<T>(obj));
        }
    }

    public Task<T> UpdateAsync<T>(T obj, CancellationToken ct = default)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        SendAsync<T>(HttpMethod.Put, PathOf<T>(obj.Metadata?.NamespaceProperty, obj.Metadata?.Name, null), JsonBody(obj), ct);

    public Task<T> UpdateSubresourceAsync<T>(T obj, string subresource, CancellationToken ct = default)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        SendAsync<T>(HttpMethod.Put, PathOf<T>(obj.Metadata?.NamespaceProperty, obj.Metadata?.Name, subresource), JsonBody(obj), ct);

    public Task<T> PatchAsync<T>(string? ns, string name, PatchKind kind, string patch, string? subresource = null, CancellationToken ct = default)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var content = new StringContent(patch, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(kind switch
        {
            PatchKind.Json => "application/json-patch+json",
            PatchKind.Merge => "application/merge-patch+json",
            _ => "application/strategic-merge-patch+json",
        });
        return SendAsync<T>(HttpMethod.Patch, PathOf<T>(ns, name, subresource), content, ct);
    }

    public async Task CreateSubresourceAsync<T>(string? ns, string name, string subresource, object body, CancellationToken ct = default)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        using var response = await RequestAsync(HttpMethod.Post, PathOf<T>(ns, name, subresource), JsonBody(body), HttpCompletionOption.ResponseContentRead, ct);
    }

    public async Task DeleteAsync<T>(string? ns, string name, V1DeleteOptions? options = null, CancellationToken ct = default)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        using var response = await RequestAsync(HttpMethod.Delete, PathOf<T>(ns, name, null),
            options is null ? null : JsonBody(options), HttpCompletionOption.ResponseContentRead, ct);
    }

    public void Dispose() => http.Dispose();

    private async Task<T> SendAsync<T>(HttpMethod method, string path, HttpContent? body, CancellationToken ct)
    {
        using var response = await RequestAsync(method, path, body, HttpCompletionOption.ResponseContentRead, ct);
        var json = await response.Content.ReadAsStringAsync(ct);
        return KubernetesJson.Deserialize<T>(json);
    }

    /// <summary>Sends a request; a non-2xx answer becomes a <see cref="KubeApiException"/> with the server's Status.</summary>
    private async Task<HttpResponseMessage> RequestAsync(HttpMethod method, string path, HttpContent? body, HttpCompletionOption completion, CancellationToken ct)
    {
        if (throttle is not null)
        {
            await throttle(ct);
        }

        using var request = new HttpRequestMessage(method, path) { Content = body };
        var response = await http.SendAsync(request, completion, ct);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            V1Status status;
            try
            {
                status = KubernetesJson.Deserialize<V1Status>(text);
            }
            catch (JsonException)
            {
                status = new V1Status { Status = "Failure", Message = text };
            }

            status.Code ??= (int)response.StatusCode;
            throw new KubeApiException(status);
        }
    }

    private static StringContent JsonBody(object obj)
    {
        var content = new StringContent(KubernetesJson.Serialize(obj), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private ResourceDefinition ResourceOf<T>() =>
        registry.FindByModelType(typeof(T)) ?? throw new ArgumentException($"{typeof(T).Name} is not a served resource");

    private string PathOf<T>(string? ns, string? name, string? subresource)
    {
        var resource = ResourceOf<T>();
        var builder = new StringBuilder(resource.Group.Length == 0 ? "api/v1" : $"apis/{resource.Group}/{resource.Version}");
        if (resource.IsNamespaced && !string.IsNullOrEmpty(ns))
        {
            builder.Append("/namespaces/").Append(Uri.EscapeDataString(ns));
        }

        builder.Append('/').Append(resource.Plural);
        if (name is not null)
        {
            builder.Append('/').Append(Uri.EscapeDataString(name));
        }

        if (subresource is not null)
        {
            builder.Append('/').Append(subresource);
        }

        return builder.ToString();
    }

    private static string Query(params (string Name, string? Value)[] parameters)
    {
        var present = parameters.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}").ToArray();
        return present.Length == 0 ? "" : "?" + string.Join('&', present);
    }
}
