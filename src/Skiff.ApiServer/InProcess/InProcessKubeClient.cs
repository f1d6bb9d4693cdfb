using System.Globalization;
using System.Runtime.CompilerServices;
using k8s;
using k8s.Models;
using Skiff.Api.Resources;
using Skiff.Api.Selectors;
using Skiff.ApiServer.Http;
using Skiff.ApiServer.Registry;
using Skiff.ApiServer.Watch;
using Skiff.Client;

namespace Skiff.ApiServer.InProcess;

/// <summary>
/// The API for components running inside `skiff up`: the same registry (strategy, defaulting, validation, storage)
/// and watch cache as HTTPS requests, without HTTP, TLS or a JSON round trip of the request. Writes are recorded in
/// managedFields under <paramref name="fieldManager"/> (the name upstream's component would use, such as
/// "kube-controller-manager"); without one they record none.
/// </summary>
public sealed class InProcessKubeClient(ObjectStore objects, WatchCache cache, string? fieldManager = null) : IKubeClient
{
    private readonly WriteOptions writes = WriteOptions.Default with { FieldManager = fieldManager };

    public Task<T> CreateAsync<T>(T obj, CancellationToken ct = default)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        Call(async () =>
        {
            var resource = ResourceOf<T>();
            var created = await objects.CreateAsync(resource, obj.Metadata?.NamespaceProperty, obj, writes, ct);
            return (T)created.Model;
        });

    public Task<T> GetAsync<T>(string? ns, string name, CancellationToken ct = default)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        Call(async () => (T)(await objects.GetAsync(ResourceOf<T>(), ns, name, ct)).Model);

    public Task<ObjectList<T>> ListAsync<T>(string? ns, ListRequest? request = null, CancellationToken ct = default)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        Call(async () =>
        {
            var resource = ResourceOf<T>();
            request ??= new ListRequest();
            var options = new ListOptions(
                ParseLabels(request.LabelSelector), ParseFields(resource, request.FieldSelector), request.Limit,
                request.Continue, request.ResourceVersion, null);
            var page = await objects.ListAsync(resource, ns, options, ct);
            var items = new T[page.Items.Count];
            for (var i = 0; i < items.Length; i++)
            {
                items[i] = (T)objects.Decode(resource, page.Items[i]).Model;
            }

            return new ObjectList<T>(items, ObjectStore.Rv(page.Revision), page.Continue);
        });

    public async IAsyncEnumerable<WatchEvent<T>> WatchAsync<T>(string? ns, WatchRequest request, [EnumeratorCancellation] CancellationToken ct = default)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var resource = ResourceOf<T>();
        var filter = Call(() => new ObjectFilter(resource, ParseLabels(request.LabelSelector), ParseFields(resource, request.FieldSelector)));
        var prefix = resource.PrefixFor(ns);
        IReadOnlyList<Storage.KeyValue> initial = [];
        long after;
        if (string.IsNullOrEmpty(request.ResourceVersion) || request.ResourceVersion == "0")
        {
            after = cache.LastRevision;
            initial = (await objects.Store.RangeAsync(prefix, null, 0, after, ct)).Items;
        }
        else if (!long.TryParse(request.ResourceVersion, NumberStyles.None, CultureInfo.InvariantCulture, out after))
        {
            throw new KubeApiException(ApiErrors.BadRequest($"invalid resource version \"{request.ResourceVersion}\"").Status);
        }

        var watcher = Call(() => cache.Watch(prefix, after));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (request.Timeout is { } timeout)
        {
            deadline.CancelAfter(timeout);
        }

        try
        {
            foreach (var kv in initial)
            {
                if (filter.Matches(kv.Value))
                {
                    yield return new WatchEvent<T>(WatchEventKind.Added, (T)objects.Decode(resource, kv).Model);
                }
            }

            var reader = watcher.Events;
            while (true)
            {
                CachedEvent? next;
                try
                {
                    if (!await reader.WaitToReadAsync(deadline.Token))
                    {
                        yield break;
                    }

                    reader.TryRead(out next);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    yield break; // the request's timeout: the stream just ends, as over HTTPS
                }
                catch (WatcherTooSlowException)
                {
                    yield break; // dropped for falling behind: the caller resumes from its last resourceVersion
                }

                if (next is null || next.IsBookmark || filter.Classify(next.Type, next.Value, next.PreviousValue) is not { } type)
                {
                    continue;
                }

                var model = (T)objects.Decode(resource, next.Value, next.Revision).Model;
                yield return new WatchEvent<T>(EventType(type), model);
            }
        }
        finally
        {
            cache.Unwatch(watcher);
        }
    }

    public Task<T> UpdateAsync<T>(T obj, CancellationToken ct = default)
        where T : class, IKubernetesObject<V1ObjectMeta> => Replace(obj, subresource: null, ct);

    public Task<T> UpdateSubresourceAsync<T>(T obj, string subresource, CancellationToken ct = default)
        where T : class, IKubernetesObject<V1ObjectMeta> => Replace(obj, subresource, ct);

    public Task<T> PatchAsync<T>(string? ns, string name, PatchKind kind, string patch, string? subresource = null, CancellationToken ct = default)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        Call(async () =>
        {
            var resource = ResourceOf<T>();
            var mediaType = kind switch
            {
                PatchKind.Json => "application/json-patch+json",
                PatchKind.Merge => "application/merge-patch+json",
                _ => "application/strategic-merge-patch+json",
            };
            var patchTree = RequestBody.ParseTree(System.Text.Encoding.UTF8.GetBytes(patch), mediaType);
            var patched = await objects.PatchAsync(resource, ns, name, subresource,
                current => ResourceEndpoint.ApplyPatch(mediaType, current, patchTree, resource.ModelType), writes, ct);
            return (T)patched.Model;
        });

    public Task CreateSubresourceAsync<T>(string? ns, string name, string subresource, object body, CancellationToken ct = default)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        Call(async () =>
        {
            var resource = ResourceOf<T>();
            switch (subresource, body)
            {
                case (ObjectStore.BindingSubresource, V1Binding binding) when resource.HasSubresource(subresource):
                    await objects.BindAsync(resource, ns, name, binding, writes, ct);
                    return true;
                case (ObjectStore.EvictionSubresource, V1Eviction eviction) when resource.HasSubresource(subresource):
                    await objects.EvictAsync(resource, ns, name, eviction, writes, ct);
                    return true;
                default:
                    throw new KubeApiException(ApiErrors.PathNotFound().Status);
            }
        });

    public Task DeleteAsync<T>(string? ns, string name, V1DeleteOptions? options = null, CancellationToken ct = default)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        Call(async () => await objects.DeleteAsync(ResourceOf<T>(), ns, name, options, dryRun: false, ct));

    private Task<T> Replace<T>(T obj, string? subresource, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        Call(async () =>
        {
            var meta = obj.Metadata ?? throw new ArgumentException("the object has no metadata", nameof(obj));
            var updated = await objects.UpdateAsync(ResourceOf<T>(), meta.NamespaceProperty, meta.Name, subresource, obj, writes, ct);
            return (T)updated.Model;
        });

    private ResourceDefinition ResourceOf<T>() =>
        objects.Registry.FindByModelType(typeof(T)) ?? throw new ArgumentException($"{typeof(T).Name} is not a served resource");

    private static WatchEventKind EventType(string type) => type switch
    {
        "ADDED" => WatchEventKind.Added,
        "DELETED" => WatchEventKind.Deleted,
        _ => WatchEventKind.Modified,
    };

    private static LabelSelector ParseLabels(string? text) => LabelSelector.Parse(text);

    private static FieldSelector ParseFields(ResourceDefinition resource, string? text) =>
        SelectableFields.Convert(resource.Group, resource.Plural, FieldSelector.Parse(text));

    /// <summary>Runs a registry call, answering its failures as a client sees them over HTTPS.</summary>
    private static async Task<TResult> Call<TResult>(Func<Task<TResult>> action)
    {
        try
        {
            return await action();
        }
        catch (ApiException e)
        {
            throw new KubeApiException(e.Status);
        }
        catch (SelectorParseException e)
        {
            throw new KubeApiException(ApiErrors.BadRequest(e.Message).Status);
        }
    }

    private static TResult Call<TResult>(Func<TResult> action)
    {
        try
        {
            return action();
        }
        catch (ApiException e)
        {
            throw new KubeApiException(e.Status);
        }
        catch (SelectorParseException e)
        {
            throw new KubeApiException(ApiErrors.BadRequest(e.Message).Status);
        }
    }
}
