namespace Skiff.Client;

/// <summary>The patch formats the API accepts, each with its content type.</summary>
public enum PatchKind
{
    /// <summary>application/json-patch+json (RFC 6902).</summary>
    Json,

    /// <summary>application/merge-patch+json (RFC 7386).</summary>
    Merge,

    /// <summary>application/strategic-merge-patch+json.</summary>
    StrategicMerge,
}
