using System.Text.Json.Nodes;
using Skiff.Api.FieldManagement;
using Skiff.Api.Resources;
using Skiff.ApiServer.Http;
using Skiff.ApiServer.Objects;

namespace Skiff.ApiServer.Registry;

/// <summary>
/// Server-side apply (PATCH application/apply-patch+yaml): the configuration is merged into the live object by the
/// kind's list and map semantics, owned by the applying manager, and creates the object when it does not exist.
/// </summary>
public sealed partial class ObjectStore
{
    /// <summary>Applies <paramref name="config"/> for <c>options.FieldManager</c>; Created tells a create (201) from an update.</summary>
    public async Task<(StoredObject Object, bool Created)> ApplyAsync(ResourceDefinition resource, string? ns, string name, string? subresource,
        JsonObject config, bool force, WriteOptions options, CancellationToken ct)
    {
        CheckApplyConfiguration(resource, ns, name, config);
        var manager = options.FieldManager ?? ""; // apply requires fieldManager (FieldManagerName.ValidatePatchOptions)
        var fields = FieldManagerFor(resource, subresource);
        var applying = options with { ManagedFieldsComputed = true };
        while (true)
        {
            try
            {
                var updated = await GuaranteedUpdateAsync(resource, ns, name, subresource, current =>
                {
                    var live = (JsonObject)JsonNode.Parse(current.Json)!;
                    var managed = DecodeOrEmpty(ModelAccessor.Metadata(current.Model).ManagedFields);
                    var outcome = Apply(fields, live, config, managed, manager, force);
                    var model = DecodeApplied(resource, outcome.Merged);
                    var meta = ModelAccessor.Metadata(model);
                    meta.ManagedFields = outcome.Managed.Encode();
                    if (meta.ResourceVersion == Rv(current.Revision))
                    {
                        meta.ResourceVersion = null; // not pinned by the configuration: a concurrent write is applied again
                    }

                    return model;
                }, applying, ct);
                return (updated, false);
            }
            catch (ApiException e) when (e.Code == 404 && subresource is null && e.Status.Details?.Name == name)
            {
                // Not there: apply to the kind's empty object and create it (upstream's forceAllowCreate for apply).
            }

            var created = Apply(fields, FieldSchema.For(resource.ModelType).ZeroObject(), config, new ManagedFieldSets(), manager, force);
            var obj = DecodeApplied(resource, created.Merged);
            ModelAccessor.Metadata(obj).ManagedFields = created.Managed.Encode();
            try
            {
                return (await CreateAsync(resource, ns, obj, applying, ct), true);
            }
            catch (ApiException e) when (e.Code == 409 && e.Status.Reason == "AlreadyExists")
            {
                // Created concurrently: apply to what is there now.
            }
        }
    }

    private ApplyOutcome Apply(FieldManager fields, JsonObject live, JsonObject config, ManagedFieldSets managed, string manager, bool force)
    {
        try
        {
            return fields.Apply(live, config, managed, manager, force, Now());
        }
        catch (ApplyConflictException e)
        {
            throw ApiErrors.ApplyConflict(e);
        }
    }

    /// <summary>What upstream checks of an apply configuration before merging it.</summary>
    private static void CheckApplyConfiguration(ResourceDefinition resource, string? ns, string name, JsonObject config)
    {
        var apiVersion = StringField(config, "apiVersion");
        var kind = StringField(config, "kind");
        if (apiVersion != resource.ApiVersion || kind != resource.Kind)
        {
            // Go prints a GroupVersionKind as "group/version, Kind=kind".
            var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
            var groupVersion = slash < 0 ? "/" + apiVersion : apiVersion;
            throw ApiErrors.BadRequest($"invalid object type: {groupVersion}, Kind={kind}");
        }

        if (config["metadata"] is not JsonObject metadata)
        {
            metadata = [];
            config["metadata"] = metadata;
        }

        if (metadata.ContainsKey("managedFields"))
        {
            throw ApiErrors.BadRequest("metadata.managedFields must be nil");
        }

        var configName = StringField(metadata, "name");
        if (UndeclaredFields.Find(resource.ModelType, config) is { Count: > 0 } undeclared)
        {
            // kube-apiserver 1.32 answers this with a 500 and no reason (the typed conversion's error is not a Status),
            // naming the object as the configuration gives it: "ns/name; group/version, Kind=Kind".
            var groupVersion = resource.Group.Length == 0 ? "/" + resource.ApiVersion : resource.ApiVersion;
            throw ApiErrors.Make(500, "", $"failed to create typed patch object ({StringField(metadata, "namespace")}/{configName}; "
                + $"{groupVersion}, Kind={resource.Kind}): {UndeclaredFields.Describe(undeclared)}", null);
        }

        if (configName.Length == 0)
        {
            metadata["name"] = name;
        }
        else if (configName != name)
        {
            throw ApiErrors.BadRequest($"the name of the object ({configName}) does not match the name on the URL ({name})");
        }

        var configNamespace = StringField(metadata, "namespace");
        if (resource.IsNamespaced && configNamespace.Length > 0 && configNamespace != ns)
        {
            throw ApiErrors.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }
    }

    private static string StringField(JsonObject obj, string name) =>
        obj[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : "";

    private static object DecodeApplied(ResourceDefinition resource, JsonObject merged)
    {
        var version = resource.ApiVersion.Split('/')[^1];
        try
        {
            return ObjectCodec.Deserialize(merged, resource.ModelType);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or FormatException or InvalidOperationException)
        {
            throw ApiErrors.BadRequest($"{resource.Kind} in version \"{version}\" cannot be handled as a {resource.Kind}: {e.Message.Split(" Path:")[0]}");
        }
    }
}
