using k8s.Models;
using Skiff.Api.Taints;

namespace Skiff.Api.Admission;

/// <summary>
/// Upstream's DefaultTolerationSeconds admission plugin: a pod that does not already tolerate the not-ready or the
/// unreachable NoExecute taint gets a toleration for it with these seconds (kube-apiserver's
/// --default-not-ready-toleration-seconds and --default-unreachable-toleration-seconds, 300 by default), so its
/// pods leave a failed node five minutes after the node controller taints it.
/// </summary>
public sealed record DefaultTolerationSeconds(long NotReadySeconds = 300, long UnreachableSeconds = 300)
{
    /// <summary>Adds the missing tolerations to a pod being created or updated (not for subresources).</summary>
    public void Apply(V1Pod pod)
    {
        var spec = pod.Spec;
        if (spec is null)
        {
            return;
        }

        var notReady = false;
        var unreachable = false;
        foreach (var toleration in spec.Tolerations ?? [])
        {
            // Upstream looks at key and effect only: an empty key (any taint) or empty effect (any effect) counts,
            // whatever the operator, value or seconds.
            var noExecute = string.IsNullOrEmpty(toleration.Effect) || toleration.Effect == NodeTaints.NoExecute;
            notReady |= noExecute && (string.IsNullOrEmpty(toleration.Key) || toleration.Key == NodeTaints.NotReady);
            unreachable |= noExecute && (string.IsNullOrEmpty(toleration.Key) || toleration.Key == NodeTaints.Unreachable);
        }

        if (notReady && unreachable)
        {
            return;
        }

        var tolerations = spec.Tolerations ?? [];
        if (!notReady)
        {
            tolerations.Add(Toleration(NodeTaints.NotReady, NotReadySeconds));
        }

        if (!unreachable)
        {
            tolerations.Add(Toleration(NodeTaints.Unreachable, UnreachableSeconds));
        }

        spec.Tolerations = tolerations;
    }

    private static V1Toleration Toleration(string key, long seconds) => new()
    {
        Key = key,
        OperatorProperty = "Exists",
        Effect = NodeTaints.NoExecute,
        TolerationSeconds = seconds,
    };
}
