namespace Skiff.Api.FieldManagement;

/// <summary>
/// What makes two managedFields entries the same manager (upstream's BuildManagerIdentifier): name, operation and
/// subresource, and for updates also the apiVersion, so that an applier keeps one entry across versions.
/// </summary>
public readonly record struct ManagerIdentity(string Manager, string Operation, string ApiVersion, string Subresource)
{
    public const string Apply = "Apply";
    public const string Update = "Update";

    public bool IsApply => Operation == Apply;

    public static ManagerIdentity ForApply(string manager, string? subresource) => new(manager, Apply, "", subresource ?? "");

    public static ManagerIdentity ForUpdate(string manager, string apiVersion, string? subresource) =>
        new(manager, Update, apiVersion, subresource ?? "");

    /// <summary>
    /// How conflict messages name the manager: <c>"kubectl-client-side-apply" using apps/v1</c>, with
    /// <c> with subresource "scale"</c> after the name for subresource entries; appliers without the version.
    /// </summary>
    public string Describe()
    {
        var text = GoQuoted(Manager);
        if (Subresource.Length > 0)
        {
            text += $" with subresource {GoQuoted(Subresource)}";
        }

        return IsApply ? text : $"{text} using {ApiVersion}";
    }

    private static string GoQuoted(string s) => Syntax.GoQuote.Quote(s);
}
