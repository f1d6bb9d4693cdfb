using k8s;
using k8s.Models;
using Skiff.Api.Resources;
using Skiff.Client;
using Skiff.Client.Informers;

namespace Skiff.Controllers.Resources;

/// <summary>The typed implementation of <see cref="IResourceAccess"/> for one model type, made by <see cref="ServedResources"/>.</summary>
internal sealed class ResourceAccess<T>(ResourceDefinition resource, IKubeClient client, InformerFactory informers) : IResourceAccess
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    // Asked for only when a controller subscribes, so that a resource nobody watches costs no list and no watch.
    private SharedInformer<T> Informer => field ??= informers.For<T>();

    public ResourceDefinition Resource => resource;

    public async Task<V1ObjectMeta> GetAsync(string? ns, string name, CancellationToken ct) =>
        (await client.GetAsync<T>(ns, name, ct)).Metadata;

    public async Task<IReadOnlyList<V1ObjectMeta>> ListAsync(string? ns, CancellationToken ct)
    {
        var list = await client.ListAsync<T>(ns, null, ct);
        return [.. list.Items.Select(item => item.Metadata)];
    }

    public Task PatchAsync(string? ns, string name, PatchKind kind, string patch, CancellationToken ct) =>
        client.PatchAsync<T>(ns, name, kind, patch, null, ct);

    public Task DeleteAsync(string? ns, string name, V1DeleteOptions options, CancellationToken ct) =>
        client.DeleteAsync<T>(ns, name, options, ct);

    public void Subscribe(Action<V1ObjectMeta> added, Action<V1ObjectMeta, V1ObjectMeta> updated, Action<V1ObjectMeta> deleted) =>
        Informer.AddHandler(new ResourceEventHandler<T>
        {
            OnAdd = obj => added(obj.Metadata),
            OnUpdate = (old, current) => updated(old.Metadata, current.Metadata),
            OnDelete = obj => deleted(obj.Metadata),
        });

    public Task WaitForSyncAsync(CancellationToken ct) => Informer.WaitForSyncAsync(ct);

    public V1ObjectMeta? Cached(string? ns, string name) => Informer.Cache.Get(ns, name)?.Metadata;

    public IReadOnlyList<V1ObjectMeta> CachedDependentsOf(string ownerUid) =>
        [.. Informer.Cache.ByIndex(ObjectCache<T>.OwnerUidIndex, ownerUid).Select(obj => obj.Metadata)];

    public IReadOnlyList<V1ObjectMeta> CachedAll() => [.. Informer.Cache.List().Select(obj => obj.Metadata)];
}
