namespace Skiff.Api.FieldManagement;

/// <summary>One field an apply would change that another manager owns.</summary>
public sealed record FieldConflict(ManagerIdentity Manager, IReadOnlyList<PathElement> Path)
{
    /// <summary>The field in upstream's notation, e.g. <c>.spec.replicas</c>.</summary>
    public string Field => FieldSet.PathString(Path);
}
