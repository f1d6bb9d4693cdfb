using k8s;
using k8s.Models;

namespace Skiff.Controllers.Ownership;

/// <summary>The controller ownerReference (controller: true) that ties an object to the one that manages it.</summary>
public static class ControllerRef
{
    public static V1OwnerReference? Of(IMetadata<V1ObjectMeta> obj) =>
        obj.Metadata?.OwnerReferences?.FirstOrDefault(o => o.Controller == true);

    /// <summary>A reference to <paramref name="owner"/> as controller, blocking the owner's foreground deletion.</summary>
    public static V1OwnerReference For(IMetadata<V1ObjectMeta> owner, string apiVersion, string kind) => new()
    {
        ApiVersion = apiVersion,
        Kind = kind,
        Name = owner.Metadata.Name,
        Uid = owner.Metadata.Uid,
        Controller = true,
        BlockOwnerDeletion = true,
    };
}
