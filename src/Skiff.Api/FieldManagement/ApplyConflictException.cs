namespace Skiff.Api.FieldManagement;

/// <summary>
/// An apply changed fields other managers own, without force. The message is upstream's: <c>Apply failed with 1
/// conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas</c>, or for several
/// conflicts one "conflicts with M:" block per manager (sorted) listing "- path" lines.
/// </summary>
public sealed class ApplyConflictException(IReadOnlyList<FieldConflict> conflicts) : Exception(Describe(conflicts))
{
    public IReadOnlyList<FieldConflict> Conflicts { get; } = conflicts;

    private static string Describe(IReadOnlyList<FieldConflict> conflicts)
    {
        if (conflicts.Count == 1)
        {
            return $"Apply failed with 1 conflict: conflict with {conflicts[0].Manager.Describe()}: {conflicts[0].Field}";
        }

        var lines = new List<string>();
        foreach (var group in conflicts.GroupBy(c => c.Manager.Describe()).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            lines.Add($"conflicts with {group.Key}:");
            lines.AddRange(group.Select(c => $"- {c.Field}"));
        }

        return $"Apply failed with {conflicts.Count} conflicts: {string.Join("\n", lines)}";
    }
}
