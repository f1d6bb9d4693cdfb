namespace Skiff.Api.FieldManagement;

/// <summary>
/// The four kinds of step in a field path, in the order upstream's structured-merge-diff sorts them:
/// a struct or map field (<c>f:</c>), a keyed list item (<c>k:</c>), a set item (<c>v:</c>) and a list index (<c>i:</c>).
/// </summary>
public enum PathElementKind
{
    Field,
    Key,
    Value,
    Index,
}
