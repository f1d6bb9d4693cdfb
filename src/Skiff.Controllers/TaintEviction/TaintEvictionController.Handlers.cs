using k8s.Models;
using Skiff.Client;
using Skiff.Controllers.Pods;

namespace Skiff.Controllers.TaintEviction;

/// <summary>Informer events turned into pod keys: every pod of a node whose NoExecute taints changed, a pod newly bound or with new tolerations.</summary>
public sealed partial class TaintEvictionController
{
    private void NodeChanged(V1Node? old, V1Node? current)
    {
        var name = (current ?? old)!.Metadata.Name;
        var oldTaints = NoExecuteTaints(old);
        var newTaints = NoExecuteTaints(current);
        RememberFirstSeen(name, newTaints);
        if ((old is not null && current is not null && SameTaints(oldTaints, newTaints)) || (old is null && newTaints.Count == 0))
        {
            return; // a status update or an untainted new node: no pod's fate changes
        }

        foreach (var pod in pods.Cache.ByIndex(PodIndexes.ByNodeName, name))
        {
            queue.Add(ObjectKey.Of(pod));
        }
    }

    private void PodChanged(V1Pod? old, V1Pod pod)
    {
        if (string.IsNullOrEmpty(pod.Spec?.NodeName) && string.IsNullOrEmpty(old?.Spec?.NodeName))
        {
            return;
        }

        if (old is not null && old.Spec?.NodeName == pod.Spec?.NodeName && SameTolerations(old.Spec?.Tolerations, pod.Spec?.Tolerations) &&
            (old.Metadata.DeletionTimestamp is null) == (pod.Metadata.DeletionTimestamp is null))
        {
            return;
        }

        queue.Add(ObjectKey.Of(pod));
    }

    private void PodDeleted(V1Pod pod) => Cancel(ObjectKey.Of(pod), pod);

    /// <summary>Taints set without timeAdded start counting when first seen; those that went away are forgotten.</summary>
    private void RememberFirstSeen(string nodeName, List<V1Taint> taints)
    {
        var now = time.GetUtcNow();
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var taint in taints.Where(t => t.TimeAdded is null))
        {
            var id = TaintId(nodeName, taint);
            present.Add(id);
            firstSeen.TryAdd(id, now);
        }

        if (firstSeen.IsEmpty)
        {
            return;
        }

        var prefix = nodeName + "\0";
        foreach (var id in firstSeen.Keys)
        {
            if (id.StartsWith(prefix, StringComparison.Ordinal) && !present.Contains(id))
            {
                firstSeen.TryRemove(id, out _);
            }
        }
    }

    private static bool SameTaints(List<V1Taint> a, List<V1Taint> b) =>
        a.Count == b.Count && a.All(x => b.Any(y => x.Key == y.Key && x.Value == y.Value && x.Effect == y.Effect && x.TimeAdded == y.TimeAdded));

    private static bool SameTolerations(IList<V1Toleration>? a, IList<V1Toleration>? b)
    {
        if ((a?.Count ?? 0) != (b?.Count ?? 0))
        {
            return false;
        }

        for (var i = 0; i < (a?.Count ?? 0); i++)
        {
            var (x, y) = (a![i], b![i]);
            if (x.Key != y.Key || x.OperatorProperty != y.OperatorProperty || x.Value != y.Value || x.Effect != y.Effect ||
                x.TolerationSeconds != y.TolerationSeconds)
            {
                return false;
            }
        }

        return true;
    }
}
