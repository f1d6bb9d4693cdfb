using k8s.Models;
using Skiff.Client.Informers;
using Skiff.Controllers.Ownership;

namespace Skiff.Controllers.Pods;

/// <summary>Pod cache indexes that several controllers share (added once, whoever asks first).</summary>
public static class PodIndexes
{
    /// <summary>Pods with no controller, by namespace: the candidates a controller may adopt.</summary>
    public const string Orphans = "orphans-by-namespace";

    /// <summary>Pods by the uid of their controller.</summary>
    public const string ByController = "by-controller-uid";

    /// <summary>Pods by spec.nodeName (bound pods only): what runs on a node.</summary>
    public const string ByNodeName = "by-node-name";

    public static void Ensure(ObjectCache<V1Pod> cache)
    {
        cache.TryAddIndex(Orphans, pod => ControllerRef.Of(pod) is null ? [pod.Metadata?.NamespaceProperty ?? ""] : []);
        cache.TryAddIndex(ByController, pod => ControllerRef.Of(pod) is { } owner ? [owner.Uid] : []);
        cache.TryAddIndex(ByNodeName, pod => string.IsNullOrEmpty(pod.Spec?.NodeName) ? [] : [pod.Spec.NodeName]);
    }
}
