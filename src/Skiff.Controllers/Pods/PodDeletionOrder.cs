using System.Globalization;
using k8s.Models;

namespace Skiff.Controllers.Pods;

/// <summary>
/// Upstream's order for choosing which pods a scale-down deletes first (ActivePodsWithRanks). A pod sorts earlier
/// when, at the first rule that tells the two apart, it is: 1. not on a node; 2. Pending before Unknown before
/// Running; 3. not ready; 4. lower controller.kubernetes.io/pod-deletion-cost; 5. on a node shared with more related
/// pods (its rank); 6. ready for a shorter time; 7. with more container restarts; 8. newer. Rules 6 and 8 compare
/// ages on a log2 scale (LogarithmicScaleDown): a pod 3 s old and one 3.9 s old are equally new (both
/// log2 = 1), so the uid decides between them, which spreads scale-downs pseudo-randomly over pods of similar age.
/// </summary>
public sealed class PodDeletionOrder(IReadOnlyDictionary<V1Pod, int> ranks, DateTime now) : IComparer<V1Pod>
{
    public const string DeletionCostAnnotation = "controller.kubernetes.io/pod-deletion-cost";

    /// <summary>The first <paramref name="count"/> pods to delete; ranks count related active pods on each pod's node.</summary>
    public static IReadOnlyList<V1Pod> PodsToDelete(IReadOnlyList<V1Pod> pods, IReadOnlyList<V1Pod> relatedPods, int count, DateTime now)
    {
        if (count >= pods.Count)
        {
            return pods;
        }

        var perNode = relatedPods.Where(PodState.IsActive)
            .GroupBy(p => p.Spec?.NodeName ?? "")
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var ranks = new Dictionary<V1Pod, int>(ReferenceEqualityComparer.Instance);
        foreach (var pod in pods)
        {
            ranks[pod] = perNode.GetValueOrDefault(pod.Spec?.NodeName ?? "");
        }

        var order = new PodDeletionOrder(ranks, now);
        return [.. pods.Order(order).Take(count)];
    }

    public int Compare(V1Pod? x, V1Pod? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null || y is null)
        {
            return x is null ? -1 : 1;
        }

        return Less(x, y) ? -1 : Less(y, x) ? 1 : 0;
    }

    private bool Less(V1Pod a, V1Pod b)
    {
        var nodeA = a.Spec?.NodeName ?? "";
        var nodeB = b.Spec?.NodeName ?? "";
        if (nodeA != nodeB && (nodeA.Length == 0 || nodeB.Length == 0))
        {
            return nodeA.Length == 0;
        }

        if (PhaseOrdinal(a) != PhaseOrdinal(b))
        {
            return PhaseOrdinal(a) < PhaseOrdinal(b);
        }

        if (PodState.IsReady(a) != PodState.IsReady(b))
        {
            return !PodState.IsReady(a);
        }

        if (DeletionCost(a) != DeletionCost(b))
        {
            return DeletionCost(a) < DeletionCost(b);
        }

        if (ranks.GetValueOrDefault(a) != ranks.GetValueOrDefault(b))
        {
            return ranks.GetValueOrDefault(a) > ranks.GetValueOrDefault(b);
        }

        if (PodState.IsReady(a) && PodState.IsReady(b) && PodState.ReadySince(a) != PodState.ReadySince(b))
        {
            return NewerFirst(PodState.ReadySince(a), PodState.ReadySince(b), a, b);
        }

        if (PodState.MaxContainerRestarts(a) != PodState.MaxContainerRestarts(b))
        {
            return PodState.MaxContainerRestarts(a) > PodState.MaxContainerRestarts(b);
        }

        var createdA = a.Metadata?.CreationTimestamp;
        var createdB = b.Metadata?.CreationTimestamp;
        return createdA != createdB && NewerFirst(createdA, createdB, a, b);
    }

    /// <summary>Missing times first, then the more recent on a log2 scale of age; equal buckets fall back to uid order.</summary>
    private bool NewerFirst(DateTime? a, DateTime? b, V1Pod podA, V1Pod podB)
    {
        if (a is null || b is null)
        {
            return a is null;
        }

        var rankDiff = LogAge(a.Value) - LogAge(b.Value);
        if (rankDiff == 0)
        {
            return string.CompareOrdinal(podA.Metadata?.Uid, podB.Metadata?.Uid) < 0;
        }

        return rankDiff < 0;
    }

    /// <summary>log2 of the age in nanoseconds, as upstream measures it; -1 for no age.</summary>
    private long LogAge(DateTime t)
    {
        var nanoseconds = (now - t).Ticks * 100.0;
        return nanoseconds > 0 ? (long)Math.Log2(nanoseconds) : -1;
    }

    private static int PhaseOrdinal(V1Pod pod) => pod.Status?.Phase switch
    {
        "Pending" => 0,
        "Unknown" => 1,
        "Running" => 2,
        _ => 0, // upstream's map lookup yields 0 for phases not in it (and for an empty phase)
    };

    private static int DeletionCost(V1Pod pod) =>
        pod.Metadata?.Annotations?.TryGetValue(DeletionCostAnnotation, out var text) == true &&
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var cost) ? cost : 0;
}
