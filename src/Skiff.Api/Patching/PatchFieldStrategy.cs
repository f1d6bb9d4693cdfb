namespace Skiff.Api.Patching;

/// <summary>The upstream <c>patchStrategy</c>/<c>patchMergeKey</c> tags of one field, as strategic merge patch and OpenAPI need them.</summary>
/// <param name="Strategy">Comma separated upstream strategy: <c>merge</c>, <c>retainKeys</c>, <c>merge,retainKeys</c> or <c>replace</c>.</param>
/// <param name="MergeKey">The field identifying list elements (for example <c>name</c>), or null for primitive lists and maps.</param>
public sealed record PatchFieldStrategy(string Strategy, string? MergeKey)
{
    /// <summary>True when list elements merge (by <see cref="MergeKey"/>, or as a set for primitives) instead of being replaced.</summary>
    public bool Merges => HasPart("merge");

    /// <summary>True when the field accepts the <c>$retainKeys</c> directive.</summary>
    public bool RetainsKeys => HasPart("retainKeys");

    /// <summary>True when a map field is replaced wholesale instead of merged.</summary>
    public bool Replaces => HasPart("replace");

    private bool HasPart(string part) =>
        Strategy.Split(',', StringSplitOptions.TrimEntries).Contains(part, StringComparer.Ordinal);
}
