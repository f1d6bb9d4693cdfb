using System.Text.Json.Nodes;
using k8s.Models;
using Microsoft.AspNetCore.Http;
using Skiff.Api.Decoding;
using Skiff.Api.Patching;
using Skiff.Api.Resources;
using Skiff.Api.Selectors;
using Skiff.ApiServer.Objects;
using Skiff.ApiServer.Observability;
using Skiff.ApiServer.Registry;
using Skiff.ApiServer.Watch;

namespace Skiff.ApiServer.Http;

/// <summary>Maps HTTP verbs on resource paths to the registry: get, list, watch, create, update, patch, delete.</summary>
public sealed partial class ResourceEndpoint(ObjectStore objects, WatchEndpoint watches, TableResponses tables)
{
    public async Task HandleAsync(HttpContext context, ResourcePath path, ResourceDefinition resource)
    {
        var ct = context.RequestAborted;
        var method = context.Request.Method;
        var ns = resource.IsNamespaced ? path.Namespace : null;
        if (resource.IsNamespaced && path.Namespace is null && path.Name is not null)
        {
            throw ApiErrors.PathNotFound();
        }

        if (IsPodStream(resource, path))
        {
            await RefusePodStreamAsync(context, resource, path, ct);
            return;
        }

        if (path.Subresource is { } sub && !resource.HasSubresource(sub))
        {
            throw ApiErrors.PathNotFound();
        }

        var query = context.Request.Query;
        var write = new WriteOptions(
            DryRun: query["dryRun"].Any(v => v == "All"),
            FieldManager: FieldManagerName.Resolve(method, query["fieldManager"], context.Request.Headers.UserAgent),
            FieldValidation: query["fieldValidation"]);
        if (query["dryRun"].Any(v => v is not null && v != "All"))
        {
            throw ApiErrors.BadRequest($"Invalid dryRun value: {query["dryRun"]}: supported values: \"All\"");
        }

        switch (method)
        {
            case "GET" when path.Name is null:
                if (IsWatch(query))
                {
                    await watches.ServeAsync(context, resource, path.Namespace, ParseListOptions(resource, query));
                }
                else
                {
                    await ListAsync(context, resource, path.Namespace, ParseListOptions(resource, query), ct);
                }

                return;
            case "GET" when path.Subresource == "scale":
                await Responses.WriteObjectAsync(context, 200, ScaleOf((await objects.GetAsync(resource, ns, path.Name, ct)).Model));
                return;
            case "GET":
                await WriteObjectAsync(context, 200, resource, await objects.GetAsync(resource, ns, path.Name, ct));
                return;
            case "POST" when path.Name is null:
                {
                    var validation = FieldValidationParameter.Parse(First(query["fieldValidation"]), "CreateOptions");
                    var obj = RequestBody.DecodeObject(await RequestBody.ReadAsync(context.Request, ct), RequestBody.MediaType(context.Request), resource,
                        validation, out var warnings);
                    ResponseWarnings.AddRange(context, warnings);
                    var created = await objects.CreateAsync(resource, path.Namespace, obj, write, ct);
                    if (context.Features.Get<AuditObjectName>() is { } audit)
                    {
                        audit.Name = ModelAccessor.Metadata(created.Model).Name;
                    }

                    await WriteObjectAsync(context, 201, resource, created);
                    return;
                }

            case "POST" when path.Subresource == "binding":
                await BindAsync(context, resource, ns, path.Name, write, ct);
                return;
            case "POST" when path.Subresource == ObjectStore.EvictionSubresource:
                await EvictAsync(context, resource, ns, path.Name, write, ct);
                return;
            case "PUT" when path.Name is not null && path.Subresource == "scale":
                {
                    var validation = FieldValidationParameter.Parse(First(query["fieldValidation"]), "UpdateOptions");
                    var scale = (V1Scale)RequestBody.DecodeObject(await RequestBody.ReadAsync(context.Request, ct), RequestBody.MediaType(context.Request), resource,
                        validation, out var warnings, "Scale");
                    ResponseWarnings.AddRange(context, warnings);
                    var updated = await ScaleAsync(resource, ns, path.Name, _ => scale, write, ct);
                    await Responses.WriteObjectAsync(context, 200, updated);
                    return;
                }

            case "PUT" when path.Name is not null:
                {
                    var validation = FieldValidationParameter.Parse(First(query["fieldValidation"]), "UpdateOptions");
                    var obj = RequestBody.DecodeObject(await RequestBody.ReadAsync(context.Request, ct), RequestBody.MediaType(context.Request), resource,
                        validation, out var warnings);
                    ResponseWarnings.AddRange(context, warnings);
                    var updated = await objects.UpdateAsync(resource, ns, path.Name, path.Subresource, obj, write, ct);
                    await WriteObjectAsync(context, 200, resource, updated);
                    return;
                }

            case "PATCH" when path.Name is not null:
                await PatchAsync(context, resource, ns, path, write, ct);
                return;
            case "DELETE" when path.Name is not null && path.Subresource is null:
                await DeleteAsync(context, resource, ns, path.Name, write, ct);
                return;
            case "DELETE" when path.Name is null:
                await DeleteCollectionAsync(context, resource, path.Namespace, write, ct);
                return;
            default:
                throw ApiErrors.MethodNotAllowed($"the server does not allow this method on the requested resource");
        }
    }

    private async Task WriteObjectAsync(HttpContext context, int status, ResourceDefinition resource, StoredObject obj)
    {
        if (TableResponses.Wants(context.Request.Headers.Accept) && context.Request.Method == "GET")
        {
            var table = tables.Build(resource, [obj.Model], ObjectStore.Rv(obj.Revision), null, context.Request.Query["includeObject"]);
            await Responses.WriteBytesAsync(context, status, System.Text.Encoding.UTF8.GetBytes(table.ToJsonString()));
            return;
        }

        await Responses.WriteBytesAsync(context, status, obj.Json);
    }

    private async Task ListAsync(HttpContext context, ResourceDefinition resource, string? ns, ListOptions options, CancellationToken ct)
    {
        var page = await objects.ListAsync(resource, ns, options, ct);
        if (TableResponses.Wants(context.Request.Headers.Accept))
        {
            var models = page.Items.Select(kv => objects.Decode(resource, kv).Model);
            var table = tables.Build(resource, models, ObjectStore.Rv(page.Revision), page.Continue, context.Request.Query["includeObject"]);
            await Responses.WriteBytesAsync(context, 200, System.Text.Encoding.UTF8.GetBytes(table.ToJsonString()));
            return;
        }

        if (ProtobufResponses.Preferred(context.Request))
        {
            // Protobuf answers are encoded from the JSON list; the streamed JSON path below serves everyone else.
            var output = new System.Buffers.ArrayBufferWriter<byte>(64 * 1024);
            ObjectCodec.WriteList(output, resource.ApiVersion, resource.Kind + "List", page.Revision, page.Continue, page.RemainingItemCount,
                page.Items.Select(kv => objects.Serve(resource, kv)));
            await Responses.WriteBytesAsync(context, 200, output.WrittenSpan.ToArray());
            return;
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = Responses.Json;
        await ObjectCodec.WriteListAsync(context.Response.BodyWriter, resource.ApiVersion, resource.Kind + "List", page.Revision, page.Continue,
            page.RemainingItemCount, page.Items, resource.StorageVersionOf is null ? null : kv => objects.Serve(resource, kv), ct);
    }

    private async Task PatchAsync(HttpContext context, ResourceDefinition resource, string? ns, ResourcePath path, WriteOptions write, CancellationToken ct)
    {
        var mediaType = RequestBody.MediaType(context.Request);
        var body = await RequestBody.ReadAsync(context.Request, ct);
        var patchType = mediaType switch
        {
            "application/json-patch+json" or "application/merge-patch+json" or "application/strategic-merge-patch+json" or "application/apply-patch+yaml" => mediaType,
            _ => throw ApiErrors.Make(415, "UnsupportedMediaType",
                $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml",
                null),
        };
        var query = context.Request.Query;
        FieldManagerName.ValidatePatchOptions(patchType == "application/apply-patch+yaml", query["fieldManager"], query.ContainsKey("force"));
        var validation = FieldValidationParameter.Parse(First(query["fieldValidation"]), "PatchOptions");
        var patch = RequestBody.ParseTree(body, patchType);
        if (patchType == "application/apply-patch+yaml")
        {
            await ApplyAsync(context, resource, ns, path, patch, IsTrue(query["force"]), write, ct);
            return;
        }

        var strict = validation == FieldValidationDirective.Ignore ? null : new PatchFieldValidation(context, validation, patchType, body, patch);
        if (path.Subresource == "scale")
        {
            var scaled = await ScaleAsync(resource, ns, path.Name!, current =>
            {
                var patched = ApplyPatch(patchType, ObjectCodec.ToNode(current), patch, typeof(V1Scale));
                strict?.Check(patched, typeof(V1Scale));
                return (V1Scale)ObjectCodec.Deserialize(patched, typeof(V1Scale));
            }, write, ct);
            await Responses.WriteObjectAsync(context, 200, scaled);
            return;
        }

        var result = await objects.PatchAsync(resource, ns, path.Name!, path.Subresource, current =>
        {
            var patched = ApplyPatch(patchType, current, patch, resource.ModelType);
            strict?.Check(patched, resource.ModelType);
            return patched;
        }, write, ct);
        await WriteObjectAsync(context, 200, resource, result);
    }

    /// <summary>Server-side apply: 201 when it created the object, 200 otherwise.</summary>
    private async Task ApplyAsync(HttpContext context, ResourceDefinition resource, string? ns, ResourcePath path, System.Text.Json.Nodes.JsonNode patch,
        bool force, WriteOptions write, CancellationToken ct)
    {
        if (patch is not System.Text.Json.Nodes.JsonObject config)
        {
            throw ApiErrors.BadRequest("error decoding YAML: the apply configuration must be an object");
        }

        if (path.Subresource is not (null or "status"))
        {
            throw ApiErrors.MethodNotAllowed($"apply is not supported on the {path.Subresource} subresource");
        }

        var (result, created) = await objects.ApplyAsync(resource, ns, path.Name!, path.Subresource, config, force, write, ct);
        await WriteObjectAsync(context, created ? 201 : 200, resource, result);
    }

    /// <summary>Applies a patch of one of the three media types; patch errors become upstream's 400 or 422.</summary>
    internal static JsonNode ApplyPatch(string patchType, JsonNode current, JsonNode patch, Type modelType)
    {
        try
        {
            return patchType switch
            {
                "application/json-patch+json" => JsonPatch.Apply(current, patch),
                "application/merge-patch+json" => JsonMergePatch.Apply(current, patch),
                _ => StrategicMergePatch.Apply(current, patch, modelType),
            } ?? throw ApiErrors.BadRequest("the patch produced an empty object");
        }
        catch (PatchException e)
        {
            throw e.StatusCode == PatchException.UnprocessableEntity
                ? ApiErrors.Make(422, "Invalid", e.Message, null)
                : ApiErrors.BadRequest(e.Message);
        }
    }

    private async Task DeleteAsync(HttpContext context, ResourceDefinition resource, string? ns, string name, WriteOptions write, CancellationToken ct)
    {
        var options = await ReadDeleteOptionsAsync(context, ct);
        var outcome = await objects.DeleteAsync(resource, ns, name, options, write.DryRun, ct);
        // Upstream answers 200 even when the object stays for finalizers or a grace period; 202 only for the
        // deprecated orphanDependents=false, kept for old clients.
        var accepted = !outcome.Deleted && options?.OrphanDependents == false;
        await Responses.WriteBytesAsync(context, accepted ? 202 : 200, outcome.Object.Json);
    }

    private async Task DeleteCollectionAsync(HttpContext context, ResourceDefinition resource, string? ns, WriteOptions write, CancellationToken ct)
    {
        if (!resource.Verbs.Contains("deletecollection"))
        {
            throw ApiErrors.MethodNotAllowed("the server does not allow this method on the requested resource");
        }

        var options = await ReadDeleteOptionsAsync(context, ct);
        var page = await objects.ListAsync(resource, ns, ParseListOptions(resource, context.Request.Query) with { Limit = 0, Continue = null }, ct);
        var deleted = new List<byte[]>();
        foreach (var kv in page.Items)
        {
            var obj = objects.Decode(resource, kv);
            var meta = ModelAccessor.Metadata(obj.Model);
            try
            {
                var outcome = await objects.DeleteAsync(resource, meta.NamespaceProperty, meta.Name, options, write.DryRun, ct);
                deleted.Add(outcome.Object.Json);
            }
            catch (ApiException e) when (e.Code == 404)
            {
                // Deleted concurrently: nothing left to do for this one.
            }
        }

        var output = new System.Buffers.ArrayBufferWriter<byte>();
        ObjectCodec.WriteList(output, resource.ApiVersion, resource.Kind + "List", objects.Store.CurrentRevision, null, null, deleted);
        await Responses.WriteBytesAsync(context, 200, output.WrittenSpan.ToArray());
    }

    private static async Task<V1DeleteOptions?> ReadDeleteOptionsAsync(HttpContext context, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync(context.Request, ct);
        V1DeleteOptions? options = null;
        if (body.Length > 0)
        {
            try
            {
                options = (V1DeleteOptions)ObjectCodec.Deserialize(ProtobufBody.AsJson(context.Request, body, "meta.k8s.io/v1", "DeleteOptions"), typeof(V1DeleteOptions));
            }
            catch (System.Text.Json.JsonException e)
            {
                throw ApiErrors.BadRequest($"error decoding DeleteOptions: {e.Message}");
            }
        }

        var query = context.Request.Query;
        if (query.TryGetValue("propagationPolicy", out var policy))
        {
            options ??= new V1DeleteOptions();
            options.PropagationPolicy = policy;
        }

        if (query.TryGetValue("gracePeriodSeconds", out var grace) && long.TryParse(grace, out var seconds))
        {
            options ??= new V1DeleteOptions();
            options.GracePeriodSeconds = seconds;
        }

        if (options?.PropagationPolicy is { } p && p is not ("Orphan" or "Background" or "Foreground"))
        {
            throw ApiErrors.Make(422, "Invalid", $"DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: Unsupported value: \"{p}\": supported values: \"Foreground\", \"Background\", \"Orphan\", \"nil\"", null);
        }

        return options;
    }

    public static ListOptions ParseListOptions(ResourceDefinition resource, IQueryCollection query)
    {
        LabelSelector labels;
        FieldSelector fields;
        try
        {
            labels = LabelSelector.Parse(query["labelSelector"]);
            fields = SelectableFields.Convert(resource.Group, resource.Plural, FieldSelector.Parse(query["fieldSelector"]));
        }
        catch (SelectorParseException e)
        {
            throw ApiErrors.BadRequest(e.Message);
        }

        var limit = 0;
        if (query.TryGetValue("limit", out var limitText) && (!int.TryParse(limitText, out limit) || limit < 0))
        {
            limit = 0;
        }

        return new ListOptions(labels, fields, limit, query["continue"], query["resourceVersion"], query["resourceVersionMatch"]);
    }

    /// <summary>The first value of a query parameter, as upstream's parameter decoding takes it.</summary>
    private static string? First(Microsoft.Extensions.Primitives.StringValues values) => values.Count == 0 ? null : values[0];

    private static bool IsTrue(Microsoft.Extensions.Primitives.StringValues value) => value == "true" || value == "1";

    /// <summary>Whether a collection GET is a watch (watch=true or watch=1).</summary>
    internal static bool IsWatch(IQueryCollection query) => IsTrue(query["watch"]);
}
