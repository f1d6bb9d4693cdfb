using k8s.Models;

namespace Skiff.Controllers.NodeLifecycle;

/// <summary>Upstream's GetZoneKey: the region and zone labels (beta ones first) joined into one key; "" without either.</summary>
internal static class NodeZones
{
    public static string KeyOf(V1Node node)
    {
        var labels = node.Metadata?.Labels;
        if (labels is null)
        {
            return "";
        }

        var zone = labels.TryGetValue("failure-domain.beta.kubernetes.io/zone", out var beta) ? beta
            : labels.TryGetValue("topology.kubernetes.io/zone", out var stable) ? stable : "";
        var region = labels.TryGetValue("failure-domain.beta.kubernetes.io/region", out var betaRegion) ? betaRegion
            : labels.TryGetValue("topology.kubernetes.io/region", out var stableRegion) ? stableRegion : "";
        // The NUL keeps a colon inside a region or zone name from making two different pairs look alike.
        return region.Length == 0 && zone.Length == 0 ? "" : region + ":\0:" + zone;
    }
}
