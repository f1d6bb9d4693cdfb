namespace Skiff.Api.FieldManagement;

/// <summary>x-kubernetes-list-type: how a list merges and how its items are owned.</summary>
public enum ListType
{
    /// <summary>Replaced and owned as a whole (the default for lists upstream does not annotate).</summary>
    Atomic,

    /// <summary>Scalar items, each owned on its own (<c>v:</c> path elements).</summary>
    Set,

    /// <summary>Items identified by their key fields (<c>k:</c> path elements), merged field by field.</summary>
    Map,
}
