using k8s;
using k8s.Models;
using Skiff.Client;

namespace Skiff.Controllers.Tests.Infrastructure;

/// <summary>A client whose pod creations fail (as an exceeded quota would) while <see cref="Failing"/> is set.</summary>
public sealed class FailingPodCreates(IKubeClient inner) : IKubeClient
{
    private int attempts;

    public volatile bool Failing;

    public int Attempts => Volatile.Read(ref attempts);

    public Task<T> CreateAsync<T>(T obj, CancellationToken ct = default)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        if (obj is V1Pod && Failing)
        {
            Interlocked.Increment(ref attempts);
            throw new KubeApiException(new V1Status
            {
                Code = 403,
                Reason = "Forbidden",
                Status = "Failure",
                Message = $"pods \"{obj.Metadata.GenerateName}\" is forbidden: exceeded quota: compute, requested: pods=1, used: pods=0, limited: pods=0",
            });
        }

        return inner.CreateAsync(obj, ct);
    }

    public Task<T> GetAsync<T>(string? ns, string name, CancellationToken ct = default)
        where T : class, IKubernetesObject<V1ObjectMeta> => inner.GetAsync<T>(ns, name, ct);

    public Task<ObjectList<T>> ListAsync<T>(string? ns, ListRequest? request = null, CancellationToken ct = default)
        where T : class, IKubernetesObject<V1ObjectMeta> => inner.ListAsync<T>(ns, request, ct);

    public IAsyncEnumerable<WatchEvent<T>> WatchAsync<T>(string? ns, WatchRequest request, CancellationToken ct = default)
        where T : class, IKubernetesObject<V1ObjectMeta> => inner.WatchAsync<T>(ns, request, ct);

    public Task<T> UpdateAsync<T>(T obj, CancellationToken ct = default)
        where T : class, IKubernetesObject<V1ObjectMeta> => inner.UpdateAsync(obj, ct);

    public Task<T> UpdateSubresourceAsync<T>(T obj, string subresource, CancellationToken ct = default)
        where T : class, IKubernetesObject<V1ObjectMeta> => inner.UpdateSubresourceAsync(obj, subresource, ct);

    public Task<T> PatchAsync<T>(string? ns, string name, PatchKind kind, string patch, string? subresource = null, CancellationToken ct = default)
        where T : class, IKubernetesObject<V1ObjectMeta> => inner.PatchAsync<T>(ns, name, kind, patch, subresource, ct);

    public Task CreateSubresourceAsync<T>(string? ns, string name, string subresource, object body, CancellationToken ct = default)
        where T : class, IKubernetesObject<V1ObjectMeta> => inner.CreateSubresourceAsync<T>(ns, name, subresource, body, ct);

    public Task DeleteAsync<T>(string? ns, string name, V1DeleteOptions? options = null, CancellationToken ct = default)
        where T : class, IKubernetesObject<V1ObjectMeta> => inner.DeleteAsync<T>(ns, name, options, ct);
}
