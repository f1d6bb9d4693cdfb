using k8s.Models;

namespace Skiff.Controllers.Namespace;

/// <summary>
/// The status conditions the namespace controller keeps on a terminating namespace, with upstream's types,
/// reasons and messages (deletion/status_condition_utils.go): each pass reports every type, as a failure or as
/// its "all fine" variant. Resources come from the server's fixed registry, so discovery and group-version
/// parsing never fail here; those two conditions always carry their success reasons.
/// </summary>
internal sealed class NamespaceConditions(DateTime now)
{
    private static readonly (string Type, string Reason, string Message)[] Successes =
    [
        ("NamespaceDeletionDiscoveryFailure", "ResourcesDiscovered", "All resources successfully discovered"),
        ("NamespaceDeletionGroupVersionParsingFailure", "ParsedGroupVersions", "All legacy kube types successfully parsed"),
        ("NamespaceDeletionContentFailure", "ContentDeleted", "All content successfully deleted, may be waiting on finalization"),
        ("NamespaceContentRemaining", "ContentRemoved", "All content successfully removed"),
        ("NamespaceFinalizersRemaining", "ContentHasNoFinalizers", "All content-preserving finalizers finished"),
    ];

    private readonly List<V1NamespaceCondition> failures = [];
    private readonly List<string> contentErrors = [];

    /// <summary>A resource whose content could not be deleted (or listed).</summary>
    public void ContentDeletionFailed(string error) => contentErrors.Add(error);

    /// <summary>
    /// What is left: instances per resource ("pods." or "replicasets.apps", upstream's resource.group) and per
    /// finalizer holding them.
    /// </summary>
    public void ContentRemaining(IReadOnlyDictionary<string, int> byResource, IReadOnlyDictionary<string, int> byFinalizer)
    {
        var resources = byResource.Where(p => p.Value > 0).Select(p => $"{p.Key} has {p.Value} resource instances").Order(StringComparer.Ordinal).ToList();
        if (resources.Count > 0)
        {
            failures.Add(Failure("NamespaceContentRemaining", "SomeResourcesRemain", $"Some resources are remaining: {string.Join(", ", resources)}"));
        }

        var finalizers = byFinalizer.Where(p => p.Value > 0).Select(p => $"{p.Key} in {p.Value} resource instances").Order(StringComparer.Ordinal).ToList();
        if (finalizers.Count > 0)
        {
            failures.Add(Failure("NamespaceFinalizersRemaining", "SomeFinalizersRemain",
                $"Some content in the namespace has finalizers remaining: {string.Join(", ", finalizers)}"));
        }
    }

    /// <summary>Writes every condition into the status; true if anything changed (then the status must be updated).</summary>
    public bool ApplyTo(V1NamespaceStatus status)
    {
        if (contentErrors.Count > 0)
        {
            var messages = contentErrors.Order(StringComparer.Ordinal);
            failures.Add(Failure("NamespaceDeletionContentFailure", "ContentDeletionFailed",
                $"Failed to delete all resource types, {contentErrors.Count} remaining: {string.Join(", ", messages)}"));
        }

        status.Conditions ??= [];
        var changed = false;
        foreach (var (type, reason, message) in Successes)
        {
            var wanted = failures.Find(c => c.Type == type) ?? new V1NamespaceCondition
            {
                Type = type, Status = "False", Reason = reason, Message = message, LastTransitionTime = now,
            };
            var existing = status.Conditions.FirstOrDefault(c => c.Type == type);
            if (existing is null)
            {
                status.Conditions.Add(wanted);
                changed = true;
            }
            else if (existing.Status != wanted.Status || existing.Reason != wanted.Reason || existing.Message != wanted.Message)
            {
                if (existing.Status != wanted.Status)
                {
                    existing.LastTransitionTime = now;
                }

                existing.Status = wanted.Status;
                existing.Reason = wanted.Reason;
                existing.Message = wanted.Message;
                changed = true;
            }
        }

        return changed;
    }

    private V1NamespaceCondition Failure(string type, string reason, string message) =>
        new() { Type = type, Status = "True", Reason = reason, Message = message, LastTransitionTime = now };
}
