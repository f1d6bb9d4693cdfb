using k8s;
using k8s.Models;

namespace Skiff.Client;

/// <summary>Shorthands over <see cref="IKubeClient"/> for the common subresource writes.</summary>
public static class KubeClientExtensions
{
    /// <summary>Replaces the status subresource (compare-and-swap on its resourceVersion). Spec changes are ignored.</summary>
    public static Task<T> UpdateStatusAsync<T>(this IKubeClient client, T obj, CancellationToken ct = default)
        where T : class, IKubernetesObject<V1ObjectMeta> => client.UpdateSubresourceAsync(obj, "status", ct);
}
