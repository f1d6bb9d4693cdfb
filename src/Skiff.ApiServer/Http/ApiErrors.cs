using k8s.Models;
using Skiff.Api.Admission;
using Skiff.Api.Resources;

namespace Skiff.ApiServer.Http;

/// <summary>Builds the metav1.Status errors kube-apiserver answers, with its codes, reasons and wording.</summary>
public static class ApiErrors
{
    public static ApiException NotFound(ResourceDefinition resource, string name) =>
        Make(404, "NotFound", $"{resource.QualifiedResource} \"{name}\" not found", Details(resource, name));

    public static ApiException NamespaceNotFound(string ns) =>
        Make(404, "NotFound", $"namespaces \"{ns}\" not found", new V1StatusDetails { Name = ns, Kind = "namespaces" });

    public static ApiException AlreadyExists(ResourceDefinition resource, string name) =>
        Make(409, "AlreadyExists", $"{resource.QualifiedResource} \"{name}\" already exists", Details(resource, name));

    public static ApiException Conflict(ResourceDefinition resource, string name) =>
        Make(409, "Conflict",
            $"Operation cannot be fulfilled on {resource.QualifiedResource} \"{name}\": the object has been modified; please apply your changes to the latest version and try again",
            Details(resource, name));

    public static ApiException ConflictWithMessage(ResourceDefinition resource, string name, string why) =>
        Make(409, "Conflict", $"Operation cannot be fulfilled on {resource.QualifiedResource} \"{name}\": {why}", Details(resource, name));

    public static ApiException Forbidden(ResourceDefinition resource, string name, string why) =>
        Make(403, "Forbidden", $"{resource.QualifiedResource} \"{name}\" is forbidden: {why}", Details(resource, name));

    public static ApiException Invalid(ResourceDefinition resource, string name, IReadOnlyList<FieldError> errors)
    {
        var summary = errors.Count == 1
            ? $"{errors[0].Field}: {errors[0].Message}"
            : "[" + string.Join(", ", errors.Select(e => $"{e.Field}: {e.Message}")) + "]";
        return Make(422, "Invalid", $"{resource.QualifiedKind} \"{name}\" is invalid: {summary}",
            new V1StatusDetails
            {
                Name = name,
                Group = resource.Group,
                Kind = resource.Kind,
                Causes = [.. errors.Select(e => new V1StatusCause { Reason = e.Type, Message = e.Message, Field = e.Field })],
            });
    }

    /// <summary>
    /// 422 Invalid on something that is no served resource, as upstream's NewInvalid with a bare group and kind: request
    /// options (<c>CreateOptions.meta.k8s.io "" is invalid: ...</c>) or, with both empty, a patch
    /// (<c> "" is invalid: patch: Invalid value: ...</c>, which kubectl prints as "The request is invalid").
    /// </summary>
    public static ApiException Invalid(string group, string kind, string name, IReadOnlyList<FieldError> errors)
    {
        var summary = errors.Count == 1
            ? $"{errors[0].Field}: {errors[0].Message}"
            : "[" + string.Join(", ", errors.Select(e => $"{e.Field}: {e.Message}")) + "]";
        var qualifiedKind = group.Length == 0 ? kind : $"{kind}.{group}";
        return Make(422, "Invalid", $"{qualifiedKind} \"{name}\" is invalid: {summary}",
            new V1StatusDetails
            {
                Name = name.Length == 0 ? null : name,
                Group = group.Length == 0 ? null : group,
                Kind = kind.Length == 0 ? null : kind,
                Causes = [.. errors.Select(e => new V1StatusCause { Reason = e.Type, Message = e.Message, Field = e.Field })],
            });
    }

    /// <summary>Server-side apply conflicts: 409 Conflict with one FieldManagerConflict cause per field (upstream's NewApplyConflict).</summary>
    public static ApiException ApplyConflict(Skiff.Api.FieldManagement.ApplyConflictException conflicts) =>
        Make(409, "Conflict", conflicts.Message, new V1StatusDetails
        {
            Causes = [.. conflicts.Conflicts.Select(c => new V1StatusCause
            {
                Reason = "FieldManagerConflict",
                Message = $"conflict with {c.Manager.Describe()}",
                Field = c.Field,
            })],
        });

    public static ApiException BadRequest(string message) => Make(400, "BadRequest", message, null);

    public static ApiException MethodNotAllowed(string message) => Make(405, "MethodNotAllowed", message, null);

    public static ApiException UnsupportedMediaType() =>
        Make(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf", null);

    public static ApiException NotAcceptable(string message) => Make(406, "NotAcceptable", message, null);

    public static ApiException Unauthorized() => Make(401, "Unauthorized", "Unauthorized", null);

    public static ApiException RequestEntityTooLarge() =>
        Make(413, "RequestEntityTooLarge", "Request entity too large: limit is 3145728", null);

    public static ApiException PathNotFound() => Make(404, "NotFound", "the server could not find the requested resource", new V1StatusDetails());

    public static ApiException Gone(string message) => Make(410, "Expired", message, null);

    public static ApiException Internal(string message) =>
        Make(500, "InternalError", $"Internal error occurred: {message}", new V1StatusDetails { Causes = [new V1StatusCause { Message = message }] });

    public static ApiException Make(int code, string reason, string message, V1StatusDetails? details) =>
        new(new V1Status
        {
            ApiVersion = "v1",
            Kind = "Status",
            Metadata = new V1ListMeta(),
            Status = "Failure",
            Message = message,
            Reason = reason,
            Details = details,
            Code = code,
        });

    private static V1StatusDetails Details(ResourceDefinition resource, string name) =>
        new() { Name = name, Group = resource.Group.Length == 0 ? null : resource.Group, Kind = resource.Plural };
}
