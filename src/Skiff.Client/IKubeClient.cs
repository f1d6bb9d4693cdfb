using k8s;
using k8s.Models;

namespace Skiff.Client;

/// <summary>
/// The API as controllers, the scheduler and node agents see it: typed verbs over the k8s.Models classes. One
/// implementation calls the API server's pipeline in-process, another speaks HTTPS from a kubeconfig; both answer
/// failures with <see cref="KubeApiException"/> carrying upstream's Status.
/// </summary>
/// <remarks>
/// An object handed to a write belongs to the client from then on (the in-process client fills in its metadata
/// instead of copying it); pass a fresh object or a copy, never an object from an informer cache.
/// </remarks>
public interface IKubeClient
{
    Task<T> CreateAsync<T>(T obj, CancellationToken ct = default)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>Reads one object; a missing one is a <see cref="KubeApiException"/> with code 404.</summary>
    Task<T> GetAsync<T>(string? ns, string name, CancellationToken ct = default)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>Lists one page (or everything when <see cref="ListRequest.Limit"/> is 0) of a namespace, or all namespaces when ns is null.</summary>
    Task<ObjectList<T>> ListAsync<T>(string? ns, ListRequest? request = null, CancellationToken ct = default)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>
    /// Follows changes after <see cref="WatchRequest.ResourceVersion"/> until the server ends the stream or ct is
    /// cancelled. A resourceVersion too old to replay throws a <see cref="KubeApiException"/> with code 410.
    /// </summary>
    IAsyncEnumerable<WatchEvent<T>> WatchAsync<T>(string? ns, WatchRequest request, CancellationToken ct = default)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>Replaces the object (compare-and-swap on its resourceVersion; 409 when stale). Status changes are ignored.</summary>
    Task<T> UpdateAsync<T>(T obj, CancellationToken ct = default)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>
    /// Replaces through a subresource such as "status" (spec changes ignored) or a namespace's "finalize"
    /// (compare-and-swap on the object's resourceVersion).
    /// </summary>
    Task<T> UpdateSubresourceAsync<T>(T obj, string subresource, CancellationToken ct = default)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>
    /// POSTs to a subresource of an object of type <typeparamref name="T"/>, e.g. a V1Binding to a pod's "binding"
    /// (what the scheduler does) or a V1Eviction to its "eviction".
    /// </summary>
    Task CreateSubresourceAsync<T>(string? ns, string name, string subresource, object body, CancellationToken ct = default)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>Patches an object or, with a subresource such as "status", that subresource.</summary>
    Task<T> PatchAsync<T>(string? ns, string name, PatchKind kind, string patch, string? subresource = null, CancellationToken ct = default)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary>Deletes an object (it stays, with deletionTimestamp set, while finalizers or a grace period keep it).</summary>
    Task DeleteAsync<T>(string? ns, string name, V1DeleteOptions? options = null, CancellationToken ct = default)
        where T : class, IKubernetesObject<V1ObjectMeta>;
}
