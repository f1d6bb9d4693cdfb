using Microsoft.AspNetCore.Http;
using Skiff.Api.Resources;
using Skiff.ApiServer.Http;

namespace Skiff.ApiServer.Observability;

/// <summary>What a request to a resource path is, in the words of upstream's metrics and audit log: verb, scope, dry run.</summary>
/// <param name="Resource">The served resource the path names (at the requested version).</param>
/// <param name="Path">The parsed path: namespace, name, subresource.</param>
/// <param name="Verb">The metrics verb: GET, LIST, WATCH, POST, PUT, PATCH, APPLY, DELETE, CONNECT or "other".</param>
/// <param name="Scope">"resource", "namespace" or "cluster", as upstream's CleanScope.</param>
/// <param name="DryRun">"" without dryRun, "All", or "invalid".</param>
public readonly record struct ResourceRequestInfo(ResourceDefinition Resource, ResourcePath Path, string Verb, string Scope, string DryRun)
{
    /// <summary>The subresource label: "" when the path has none.</summary>
    public string Subresource => Path.Subresource ?? "";

    /// <summary>Watches and pod streams (logs included) hold the connection open; upstream counts them in apiserver_longrunning_requests.</summary>
    public bool IsLongRunning => Verb is "WATCH" or "CONNECT" || (Verb == "GET" && Path.Subresource == "log");

    /// <summary>
    /// The audit verb of a write (create, update, patch, delete, deletecollection), or null for reads and streams:
    /// upstream's RequestInfo verb, so an apply is a patch and a DELETE on a collection a deletecollection.
    /// </summary>
    public string? WriteVerb => Verb switch
    {
        "POST" => "create",
        "PUT" => "update",
        "PATCH" or "APPLY" => "patch",
        "DELETE" => Path.Name is null ? "deletecollection" : "delete",
        _ => null,
    };

    /// <summary>
    /// Classifies a request as upstream's metrics do: CanonicalVerb (a GET without a name is a LIST), then CleanVerb
    /// (watch=true makes a WATCH, an apply-patch body an APPLY, pods/exec|attach|portforward a CONNECT; pods/log stays a GET), and
    /// CleanScope (a name or a create is "resource", else a namespace is "namespace", else "cluster").
    /// Null for a subresource the resource does not serve: such requests are 404s that name no resource, and
    /// recording them would let any URL mint new series.
    /// </summary>
    /// <example>
    /// GET /api/v1/namespaces/a/pods?watch=1 is (WATCH, namespace); POST /api/v1/namespaces/a/pods is (POST, resource);
    /// PATCH /apis/apps/v1/namespaces/a/deployments/d/scale with application/apply-patch+yaml is (APPLY, resource,
    /// subresource scale); DELETE /api/v1/nodes is (DELETE, cluster).
    /// </example>
    public static ResourceRequestInfo? Classify(HttpRequest request, ResourcePath path, ResourceDefinition resource)
    {
        var stream = ResourceEndpoint.IsPodStream(resource, path);
        if (path.Subresource is { } sub && !stream && !resource.HasSubresource(sub))
        {
            return null;
        }

        var verb = stream && path.Subresource != "log" ? "CONNECT" : request.Method switch
        {
            "GET" or "HEAD" when path.Name is not null => "GET",
            "GET" or "HEAD" => ResourceEndpoint.IsWatch(request.Query) ? "WATCH" : "LIST",
            "POST" => "POST",
            "PUT" => "PUT",
            "PATCH" => request.ContentType?.StartsWith("application/apply-patch", StringComparison.OrdinalIgnoreCase) == true ? "APPLY" : "PATCH",
            "DELETE" => "DELETE",
            _ => "other",
        };
        var scope = path.Name is not null || (request.Method == "POST" && path.Subresource is null) ? "resource"
            : path.Namespace is not null ? "namespace"
            : "cluster";
        return new ResourceRequestInfo(resource, path, verb, scope, DryRunLabel(request.Query));
    }

    /// <summary>Upstream's cleanDryRun: "" when absent, the (only valid) value "All", or "invalid".</summary>
    private static string DryRunLabel(IQueryCollection query)
    {
        if (!query.TryGetValue("dryRun", out var values))
        {
            return "";
        }

        foreach (var value in values)
        {
            if (value != "All")
            {
                return "invalid";
            }
        }

        return "All";
    }
}
