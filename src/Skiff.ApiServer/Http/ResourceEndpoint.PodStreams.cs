using k8s.Models;
using Microsoft.AspNetCore.Http;
using Skiff.Api.Resources;

namespace Skiff.ApiServer.Http;

/// <summary>
/// pods/log, pods/exec, pods/attach and pods/portforward: Skiff's pods are simulated and run no containers, so these
/// answer at once with 400 and a message saying so (kubectl prints it and exits non-zero instead of waiting on a
/// stream). The pod must exist, and a named container must be one of the pod's, as upstream checks.
/// </summary>
public sealed partial class ResourceEndpoint
{
    internal static bool IsPodStream(ResourceDefinition resource, ResourcePath path) =>
        resource.ModelType == typeof(V1Pod) && path.Name is not null && path.Subresource is "log" or "exec" or "attach" or "portforward";

    private async Task RefusePodStreamAsync(HttpContext context, ResourceDefinition resource, ResourcePath path, CancellationToken ct)
    {
        var method = context.Request.Method;
        var allowed = path.Subresource == "log" ? method == "GET" : method is "GET" or "POST";
        if (!allowed)
        {
            throw ApiErrors.MethodNotAllowed("the server does not allow this method on the requested resource");
        }

        var pod = (V1Pod)(await objects.GetAsync(resource, path.Namespace, path.Name!, ct)).Model;
        if (context.Request.Query["container"].FirstOrDefault() is { Length: > 0 } container
            && !(pod.Spec?.Containers ?? []).Concat(pod.Spec?.InitContainers ?? []).Any(c => c.Name == container))
        {
            throw ApiErrors.BadRequest($"container {container} is not valid for pod {pod.Metadata.Name}");
        }

        var what = path.Subresource switch
        {
            "log" => "so there are no logs",
            "exec" => "so there is nothing to exec into",
            "attach" => "so there is nothing to attach to",
            _ => "so there is no port to forward to",
        };
        throw ApiErrors.BadRequest($"pod \"{pod.Metadata.Name}\" is simulated by Skiff: it runs no containers, {what}");
    }
}
