using System.Text;

namespace Skiff.Api.OpenApi;

/// <summary>
/// Upstream's operation ids and tags (apiserver endpoints/openapi GetOperationIDAndTags): the verb, then the group
/// without ".k8s.io" and the version in camel case, then the operation, e.g. patchAppsV1NamespacedDeployment,
/// readCoreV1Namespace, listCoordinationV1LeaseForAllNamespaces.
/// </summary>
internal sealed class OperationNaming
{
    private readonly string groupVersion;

    public OperationNaming(string group, string version)
    {
        var trimmedGroup = group.Length == 0 ? "core" : group.EndsWith(".k8s.io", StringComparison.Ordinal) ? group[..^".k8s.io".Length] : group;
        groupVersion = ToValidOperationId(trimmedGroup, capitalizeFirst: true) + ToValidOperationId(version, capitalizeFirst: true);
        Tag = ToValidOperationId(trimmedGroup, capitalizeFirst: false) + "_" + ToValidOperationId(version, capitalizeFirst: false);
    }

    /// <summary>"apps_v1", "core_v1", "coordination_v1".</summary>
    public string Tag { get; }

    public string Id(string verb, string operation) => verb + groupVersion + operation;

    // Letters and (not leading) digits are kept; any other character is dropped and capitalizes the next letter.
    private static string ToValidOperationId(string text, bool capitalizeFirst)
    {
        var sb = new StringBuilder(text.Length);
        var capitalize = capitalizeFirst;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsLetter(c) || c == '_' || (i != 0 && char.IsDigit(c)))
            {
                sb.Append(capitalize ? char.ToUpperInvariant(c) : c);
                capitalize = false;
            }
            else
            {
                capitalize = true;
            }
        }

        return sb.ToString();
    }
}
