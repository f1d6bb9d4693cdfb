namespace Skiff.ApiServer.Registry;

/// <summary>
/// Query parameters shared by write verbs: dryRun=All, fieldManager (resolved: the parameter, else the User-Agent's
/// prefix; null for the registry's own writes, which record no managedFields), fieldValidation.
/// </summary>
public sealed record WriteOptions(bool DryRun, string? FieldManager, string? FieldValidation)
{
    /// <summary>
    /// Set by subresources that change fields ordinary updates may not (pods/binding sets spec.nodeName), as
    /// upstream's binding storage writes without the pod update validation.
    /// </summary>
    public bool SkipUpdateValidation { get; init; }

    /// <summary>Set by server-side apply, which computes managedFields itself: the write keeps the ones it carries.</summary>
    public bool ManagedFieldsComputed { get; init; }

    public static WriteOptions Default { get; } = new(false, null, null);
}
