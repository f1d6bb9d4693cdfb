using System.Globalization;
using k8s;
using k8s.Models;

namespace Skiff.Controllers.Deployment;

/// <summary>
/// The annotations a deployment keeps on its ReplicaSets and on itself, as upstream's deployment util: the rollout
/// revision (and the history of revisions a ReplicaSet served before it came back), the desired and maximum
/// replicas that proportional scaling reads, and the deployment's own annotations copied to its new ReplicaSet.
/// </summary>
public static class DeploymentRevisions
{
    public const string RevisionAnnotation = "deployment.kubernetes.io/revision";
    public const string RevisionHistoryAnnotation = "deployment.kubernetes.io/revision-history";
    public const string DesiredReplicasAnnotation = "deployment.kubernetes.io/desired-replicas";
    public const string MaxReplicasAnnotation = "deployment.kubernetes.io/max-replicas";
    public const string ChangeCauseAnnotation = "kubernetes.io/change-cause";

    /// <summary>Upstream's maxRevHistoryLengthInChars: revision-history keeps at most this many characters.</summary>
    public const int MaxRevisionHistoryLength = 2000;

    /// <summary>Upstream's annotationsToSkip: what is never copied between a deployment and its ReplicaSets.</summary>
    private static readonly HashSet<string> NotCopied = new(StringComparer.Ordinal)
    {
        "kubectl.kubernetes.io/last-applied-configuration",
        RevisionAnnotation,
        RevisionHistoryAnnotation,
        DesiredReplicasAnnotation,
        MaxReplicasAnnotation,
        "deprecated.deployment.rollback.to",
    };

    public static bool IsCopied(string key) => !NotCopied.Contains(key);

    /// <summary>The revision annotation's number: 0 when absent, false when it is not a number.</summary>
    public static bool TryRevision(IMetadata<V1ObjectMeta> obj, out long revision)
    {
        revision = 0;
        return obj.Metadata?.Annotations?.TryGetValue(RevisionAnnotation, out var text) != true ||
            long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out revision);
    }

    /// <summary>The highest revision among the ReplicaSets (unreadable ones skipped), 0 if none has one.</summary>
    public static long MaxRevision(IEnumerable<V1ReplicaSet> sets)
    {
        long max = 0;
        foreach (var rs in sets)
        {
            if (TryRevision(rs, out var revision) && revision > max)
            {
                max = revision;
            }
        }

        return max;
    }

    /// <summary>
    /// Upstream's SetNewReplicaSetAnnotations: copies the deployment's annotations (but the skipped ones), raises the
    /// revision to <paramref name="newRevision"/> if it is lower and, when the ReplicaSet had a revision already
    /// (an old template came back), appends that one to revision-history. A ReplicaSet about to be created also
    /// gets desired-replicas and max-replicas. Returns whether any annotation changed.
    /// </summary>
    /// <example>
    /// Revisions 1 (nginx:1.17) and 2 (nginx:1.18) exist; the template goes back to nginx:1.17. The new revision
    /// is max(old) + 1 = 3 (the old revisions are 2 and, for this computation, not the returning set itself), so
    /// the 1.17 set's revision goes 1 → 3 and its revision-history becomes "1"; a later return would make it "1,3".
    /// </example>
    public static bool SetNewReplicaSetAnnotations(V1Deployment d, V1ReplicaSet rs, long newRevision, bool exists,
        int maxHistoryLength = MaxRevisionHistoryLength)
    {
        var changed = CopyDeploymentAnnotations(d, rs);
        var annotations = rs.Metadata.Annotations ??= new Dictionary<string, string>();
        var hadRevision = annotations.TryGetValue(RevisionAnnotation, out var oldText);
        long oldRevision = 0;
        if (hadRevision && !long.TryParse(oldText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out oldRevision))
        {
            if (!string.IsNullOrEmpty(oldText))
            {
                return false; // not a number: leave the ReplicaSet alone, as upstream
            }

            oldRevision = 0;
        }

        if (oldRevision < newRevision)
        {
            annotations[RevisionAnnotation] = newRevision.ToString(CultureInfo.InvariantCulture);
            changed = true;
            if (hadRevision)
            {
                AppendHistory(annotations, oldText!, maxHistoryLength);
            }
        }

        if (!exists && SetReplicasAnnotations(rs, RollingUpdateBounds.Replicas(d), RollingUpdateBounds.Replicas(d) + RollingUpdateBounds.MaxSurge(d)))
        {
            changed = true;
        }

        return changed;
    }

    /// <summary>Sets desired-replicas and max-replicas; returns whether either changed.</summary>
    public static bool SetReplicasAnnotations(V1ReplicaSet rs, int desired, int max)
    {
        var annotations = rs.Metadata.Annotations ??= new Dictionary<string, string>();
        var changed = false;
        foreach (var (key, value) in new[] { (DesiredReplicasAnnotation, desired), (MaxReplicasAnnotation, max) })
        {
            var text = value.ToString(CultureInfo.InvariantCulture);
            if (!annotations.TryGetValue(key, out var current) || current != text)
            {
                annotations[key] = text;
                changed = true;
            }
        }

        return changed;
    }

    public static bool ReplicasAnnotationsNeedUpdate(V1ReplicaSet rs, int desired, int max) =>
        DesiredReplicas(rs) != desired || IntAnnotation(rs, MaxReplicasAnnotation) != max;

    public static int? DesiredReplicas(V1ReplicaSet rs) => IntAnnotation(rs, DesiredReplicasAnnotation);

    public static int? MaxReplicas(V1ReplicaSet rs) => IntAnnotation(rs, MaxReplicasAnnotation);

    /// <summary>Upstream's SetDeploymentRevision: puts the revision on the deployment; returns whether it changed.</summary>
    public static bool SetDeploymentRevision(V1Deployment d, string revision)
    {
        var annotations = d.Metadata.Annotations ??= new Dictionary<string, string>();
        if (annotations.TryGetValue(RevisionAnnotation, out var current) && current == revision)
        {
            return false;
        }

        annotations[RevisionAnnotation] = revision;
        return true;
    }

    private static bool CopyDeploymentAnnotations(V1Deployment d, V1ReplicaSet rs)
    {
        var annotations = rs.Metadata.Annotations ??= new Dictionary<string, string>();
        var changed = false;
        foreach (var (key, value) in d.Metadata.Annotations ?? new Dictionary<string, string>())
        {
            if (!IsCopied(key) || (annotations.TryGetValue(key, out var current) && current == value))
            {
                continue;
            }

            annotations[key] = value;
            changed = true;
        }

        return changed;
    }

    /// <summary>
    /// Appends <paramref name="oldRevision"/> to the comma-separated history, dropping the oldest entries while the
    /// result would exceed the limit (and appending nothing if even that cannot make it fit).
    /// </summary>
    private static void AppendHistory(IDictionary<string, string> annotations, string oldRevision, int maxLength)
    {
        var history = annotations.TryGetValue(RevisionHistoryAnnotation, out var text) ? text : "";
        if (history.Length == 0)
        {
            annotations[RevisionHistoryAnnotation] = oldRevision;
            return;
        }

        var entries = history.Split(',');
        var total = history.Length + oldRevision.Length + 1;
        var start = 0;
        while (total > maxLength && start < entries.Length)
        {
            total -= entries[start].Length + 1;
            start++;
        }

        if (total <= maxLength)
        {
            annotations[RevisionHistoryAnnotation] = string.Join(',', entries[start..].Append(oldRevision));
        }
    }

    private static int? IntAnnotation(V1ReplicaSet rs, string key) =>
        rs.Metadata?.Annotations?.TryGetValue(key, out var text) == true &&
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;
}
