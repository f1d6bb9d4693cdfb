namespace Skiff.Api.FieldManagement;

/// <summary>The fields one manager owns, the apiVersion they were recorded in, and when it last changed them.</summary>
public sealed record VersionedFieldSet(FieldSet Set, string ApiVersion, DateTime? Time)
{
    /// <summary>
    /// The FieldsV1 bytes <see cref="Set"/> was decoded from, if it was: an entry whose set is still that instance is
    /// written back as these bytes instead of being encoded again.
    /// </summary>
    internal (FieldSet Set, byte[] Json)? Decoded { get; init; }
}
