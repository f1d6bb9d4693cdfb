using k8s.Models;
using Skiff.Api.Resources;
using Skiff.Client;

namespace Skiff.Controllers.Resources;

/// <summary>
/// One served resource without its model type: the API verbs the garbage collector and the namespace controller
/// need, on object metadata (as upstream's metadata client), plus the resource's shared informer cache.
/// </summary>
/// <remarks>Metadata handed out from the cache is shared with every reader: never change it.</remarks>
public interface IResourceAccess
{
    ResourceDefinition Resource { get; }

    /// <summary>Reads an object's metadata from the API; a missing one is a <see cref="KubeApiException"/> with code 404.</summary>
    Task<V1ObjectMeta> GetAsync(string? ns, string name, CancellationToken ct);

    /// <summary>Lists the metadata of every object in a namespace (all namespaces when null) from the API.</summary>
    Task<IReadOnlyList<V1ObjectMeta>> ListAsync(string? ns, CancellationToken ct);

    Task PatchAsync(string? ns, string name, PatchKind kind, string patch, CancellationToken ct);

    Task DeleteAsync(string? ns, string name, V1DeleteOptions options, CancellationToken ct);

    /// <summary>
    /// Subscribes to the resource's shared informer (created on first use): each callback gets the metadata of
    /// the object added, changed (old and new) or deleted.
    /// </summary>
    void Subscribe(Action<V1ObjectMeta> added, Action<V1ObjectMeta, V1ObjectMeta> updated, Action<V1ObjectMeta> deleted);

    Task WaitForSyncAsync(CancellationToken ct);

    /// <summary>The cached object of that name (ns null for cluster-scoped resources), if any.</summary>
    V1ObjectMeta? Cached(string? ns, string name);

    /// <summary>Cached objects that list <paramref name="ownerUid"/> among their ownerReferences.</summary>
    IReadOnlyList<V1ObjectMeta> CachedDependentsOf(string ownerUid);

    IReadOnlyList<V1ObjectMeta> CachedAll();
}
