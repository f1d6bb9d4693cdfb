namespace Skiff.ApiServer.Http;

/// <summary>The parts of a resource URL: /api/v1/namespaces/ns/pods/name/status or /apis/apps/v1/deployments.</summary>
/// <param name="Group">"" for /api.</param>
/// <param name="Version">The API version.</param>
/// <param name="Namespace">The namespace segment, when the path has one.</param>
/// <param name="Resource">The plural resource name.</param>
/// <param name="Name">The object name, for item paths.</param>
/// <param name="Subresource">"status", "scale", "binding", ... when present.</param>
public sealed record ResourcePath(string Group, string Version, string? Namespace, string Resource, string? Name, string? Subresource)
{
    /// <summary>Parses a request path; null when it is not a resource path (discovery and unknown paths).</summary>
    public static ResourcePath? Parse(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        int index;
        string group;
        string version;
        if (segments.Length >= 3 && segments[0] == "api")
        {
            group = "";
            version = segments[1];
            index = 2;
        }
        else if (segments.Length >= 4 && segments[0] == "apis")
        {
            group = segments[1];
            version = segments[2];
            index = 3;
        }
        else
        {
            return null;
        }

        var rest = segments.AsSpan(index);
        string? ns = null;
        // "namespaces/x/<resource>..." addresses objects inside a namespace; "namespaces[/x[/status]]" is the Namespace itself.
        var isNamespaceSubresource = rest.Length == 3 && rest[0] == "namespaces" && rest[2] is "status" or "finalize";
        if (rest.Length >= 3 && rest[0] == "namespaces" && !isNamespaceSubresource)
        {
            ns = rest[1];
            rest = rest[2..];
        }

        return rest.Length switch
        {
            1 => new ResourcePath(group, version, ns, rest[0], null, null),
            2 => new ResourcePath(group, version, ns, rest[0], rest[1], null),
            3 => new ResourcePath(group, version, ns, rest[0], rest[1], rest[2]),
            _ => null,
        };
    }
}
