namespace Skiff.Api.FieldManagement;

/// <summary>What changed between two versions of an object, as field sets (upstream's typed.Comparison).</summary>
public sealed record Comparison(FieldSet Added, FieldSet Modified, FieldSet Removed)
{
    public bool IsSame => Added.IsEmpty && Modified.IsEmpty && Removed.IsEmpty;
}
