using k8s.Models;
using Skiff.Controllers.Resources;

namespace Skiff.Controllers.GarbageCollector;

/// <summary>
/// What the garbage collector knows an object by (upstream's objectReference): apiVersion, kind, namespace (null
/// for cluster-scoped objects), name and uid. Work queue items and absent-owner entries are identities.
/// </summary>
public sealed record ObjectIdentity(string ApiVersion, string Kind, string? Namespace, string Name, string Uid)
{
    /// <summary>The identity of an object of <paramref name="access"/>'s resource.</summary>
    public static ObjectIdentity Of(IResourceAccess access, V1ObjectMeta meta) =>
        new(access.Resource.ApiVersion, access.Resource.Kind, NullIfEmpty(meta.NamespaceProperty), meta.Name ?? "", meta.Uid ?? "");

    /// <summary>The owner a reference names; a namespaced owner lives in its dependent's namespace.</summary>
    public static ObjectIdentity OwnerOf(V1OwnerReference reference, string? ownerNamespace) =>
        new(reference.ApiVersion ?? "", reference.Kind ?? "", NullIfEmpty(ownerNamespace), reference.Name ?? "", reference.Uid ?? "");

    /// <summary>Upstream's format, so log lines and error messages read the same.</summary>
    public override string ToString() => $"[{ApiVersion}/{Kind}, namespace: {Namespace}, name: {Name}, uid: {Uid}]";

    private static string? NullIfEmpty(string? ns) => string.IsNullOrEmpty(ns) ? null : ns;
}
