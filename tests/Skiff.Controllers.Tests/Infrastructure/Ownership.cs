using k8s;
using k8s.Models;
using Skiff.Client;

namespace Skiff.Controllers.Tests.Infrastructure;

/// <summary>Owner references, finalizers and existence checks the garbage collector and namespace tests share.</summary>
public static class Ownership
{
    public const string HoldFinalizer = "example.com/hold";

    public static V1OwnerReference Reference(IKubernetesObject<V1ObjectMeta> owner, bool blockOwnerDeletion = true, bool controller = false) => new()
    {
        ApiVersion = owner.ApiVersion,
        Kind = owner.Kind,
        Name = owner.Metadata.Name,
        Uid = owner.Metadata.Uid,
        Controller = controller ? true : null,
        BlockOwnerDeletion = blockOwnerDeletion,
    };

    public static V1ConfigMap ConfigMap(string ns, string name, IEnumerable<V1OwnerReference>? owners = null, bool held = false) => new()
    {
        ApiVersion = "v1",
        Kind = "ConfigMap",
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = ns,
            OwnerReferences = owners?.ToList(),
            Finalizers = held ? [HoldFinalizer] : null,
        },
    };

    public static V1Pod Pod(string ns, string name, IEnumerable<V1OwnerReference> owners, bool held = false)
    {
        var pod = Manifests.Pod(ns, name, new Dictionary<string, string> { ["app"] = "by-hand" });
        pod.Metadata.OwnerReferences = [.. owners];
        pod.Metadata.Finalizers = held ? [HoldFinalizer] : null;
        return pod;
    }

    /// <summary>Removes every finalizer, letting an object that is being deleted go.</summary>
    public static Task ReleaseAsync<T>(IKubeClient client, string? ns, string name)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        client.PatchAsync<T>(ns, name, PatchKind.Merge, """{"metadata":{"finalizers":null}}""");

    public static async Task<T?> FindAsync<T>(IKubeClient client, string? ns, string name)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        try
        {
            return await client.GetAsync<T>(ns, name);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            return null;
        }
    }
}
