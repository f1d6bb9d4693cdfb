using Skiff.Api.Resources;
using Skiff.Client;
using Skiff.Client.Informers;

namespace Skiff.Controllers.Resources;

/// <summary>
/// Every resource the server stores, each as an <see cref="IResourceAccess"/> made once by reflection from the
/// registry's model types, so that the garbage collector and the namespace controller are written without generics.
/// Converted views (HPA autoscaling/v1 over the stored v2) are left out: their objects are the stored version's.
/// </summary>
public sealed class ServedResources
{
    private readonly Dictionary<(string Group, string Kind), IResourceAccess> byGroupKind = [];

    public ServedResources(ResourceRegistry registry, IKubeClient client, InformerFactory informers)
    {
        var all = new List<IResourceAccess>();
        foreach (var resource in registry.Resources.Where(r => r.StorageVersionOf is null))
        {
            var type = typeof(ResourceAccess<>).MakeGenericType(resource.ModelType);
            var access = (IResourceAccess)Activator.CreateInstance(type, resource, client, informers)!;
            all.Add(access);
            byGroupKind.TryAdd((resource.Group, resource.Kind), access);
        }

        All = all;
    }

    public IReadOnlyList<IResourceAccess> All { get; }

    /// <summary>
    /// The resource of objects with this apiVersion and kind (any served version of the group: an owner reference
    /// written against another version of the same kind still names the same object), or null if none is served.
    /// </summary>
    public IResourceAccess? Find(string? apiVersion, string? kind)
    {
        if (string.IsNullOrEmpty(apiVersion) || string.IsNullOrEmpty(kind))
        {
            return null;
        }

        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var group = slash < 0 ? "" : apiVersion[..slash];
        return byGroupKind.GetValueOrDefault((group, kind));
    }
}
