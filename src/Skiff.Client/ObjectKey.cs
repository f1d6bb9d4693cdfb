using k8s;
using k8s.Models;

namespace Skiff.Client;

/// <summary>The "namespace/name" key (or "name" for cluster-scoped objects) that caches and work queues use.</summary>
public static class ObjectKey
{
    public static string Of(IMetadata<V1ObjectMeta> obj) => For(obj.Metadata?.NamespaceProperty, obj.Metadata?.Name ?? "");

    public static string For(string? ns, string name) => string.IsNullOrEmpty(ns) ? name : $"{ns}/{name}";

    /// <summary>Splits a key back into namespace (null for cluster-scoped) and name.</summary>
    public static (string? Namespace, string Name) Split(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? (null, key) : (key[..slash], key[(slash + 1)..]);
    }
}
