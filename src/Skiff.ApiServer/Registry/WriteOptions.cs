namespace Skiff.ApiServer.Registry;

/// <summary>Query parameters shared by write verbs: dryRun=All, fieldManager, fieldValidation.</summary>
public sealed record WriteOptions(bool DryRun, string? FieldManager, string? FieldValidation)
{
    /// <summary>
    /// Set by subresources that change fields ordinary updates may not (pods/binding sets spec.nodeName), as
    /// upstream's binding storage writes without the pod update validation.
    /// </summary>
    public bool SkipUpdateValidation { get; init; }

    public static WriteOptions Default { get; } = new(false, null, null);
}
