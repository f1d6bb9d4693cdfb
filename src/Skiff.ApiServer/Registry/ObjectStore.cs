using k8s.Models;
using Skiff.Api.Conversion;
using Skiff.Api.Resources;
using Skiff.ApiServer.Http;
using Skiff.ApiServer.Objects;
using Skiff.Storage;

namespace Skiff.ApiServer.Registry;

/// <summary>
/// The generic registry every resource goes through: turns API verbs into store operations, applying upstream's
/// metadata rules, per-kind strategy, defaulting, validation, dry-run and version conversion.
/// </summary>
public sealed partial class ObjectStore(IStore store, ResourceRegistry registry, TimeProvider time)
{
    private ResourceDefinition NamespaceResource => field ??= registry.Find("", "v1", "namespaces")!;

    public IStore Store => store;

    public ResourceRegistry Registry => registry;

    public async Task<StoredObject> GetAsync(ResourceDefinition resource, string? ns, string name, CancellationToken ct)
    {
        var kv = await store.GetAsync(resource.KeyFor(ns, name), ct) ?? throw ApiErrors.NotFound(resource, name);
        return Decode(resource, kv);
    }

    /// <summary>Decodes a stored value into the model of the requested version, with its resourceVersion set.</summary>
    public StoredObject Decode(ResourceDefinition resource, KeyValue kv) => Decode(resource, kv.Value, kv.ModRevision);

    public StoredObject Decode(ResourceDefinition resource, byte[] value, long revision)
    {
        var json = ObjectCodec.WithResourceVersion(value, revision);
        var model = ObjectCodec.Deserialize(json, resource.Storage.ModelType);
        if (resource.StorageVersionOf is null)
        {
            return new StoredObject(model, json, revision);
        }

        var converted = FromStorage(resource, model);
        return new StoredObject(converted, ObjectCodec.SerializeToUtf8(converted), revision);
    }

    /// <summary>Serves stored bytes at the requested version, decoding only when a conversion is needed.</summary>
    public byte[] Serve(ResourceDefinition resource, KeyValue kv) =>
        resource.StorageVersionOf is null ? ObjectCodec.WithResourceVersion(kv.Value, kv.ModRevision) : Decode(resource, kv).Json;

    private static object ToStorage(ResourceDefinition resource, object model) => model switch
    {
        V1HorizontalPodAutoscaler v1 when resource.StorageVersionOf is not null => HorizontalPodAutoscalerConversion.ToV2(v1),
        _ => model,
    };

    private static object FromStorage(ResourceDefinition resource, object stored) => stored switch
    {
        V2HorizontalPodAutoscaler v2 when resource.ModelType == typeof(V1HorizontalPodAutoscaler) => HorizontalPodAutoscalerConversion.ToV1(v2),
        _ => stored,
    };

    /// <summary>Namespaced writes need an existing namespace that is not being deleted (upstream NamespaceLifecycle).</summary>
    private async Task RequireActiveNamespaceAsync(ResourceDefinition resource, string? ns, string name, bool creating, CancellationToken ct)
    {
        if (!resource.IsNamespaced)
        {
            return;
        }

        if (string.IsNullOrEmpty(ns))
        {
            throw ApiErrors.BadRequest("the server could not find the requested resource");
        }

        var kv = await store.GetAsync(NamespaceResource.KeyFor(null, ns), ct) ?? throw ApiErrors.NamespaceNotFound(ns);
        if (creating)
        {
            var namespaceObject = (V1Namespace)ObjectCodec.Deserialize(kv.Value, typeof(V1Namespace));
            if (namespaceObject.Metadata?.DeletionTimestamp is not null || namespaceObject.Status?.Phase == "Terminating")
            {
                throw ApiErrors.Make(403, "Forbidden",
                    $"{resource.QualifiedResource} \"{name}\" is forbidden: unable to create new content in namespace {ns} because it is being terminated",
                    new V1StatusDetails
                    {
                        Kind = resource.Plural,
                        Causes = [new V1StatusCause { Reason = "NamespaceTerminating", Message = $"namespace {ns} is being terminated", Field = "metadata.namespace" }],
                    });
            }
        }
    }

    /// <summary>The current time as objects record it (whole seconds).</summary>
    public DateTime Now() => TruncateToSeconds(time.GetUtcNow().UtcDateTime);

    /// <summary>Kubernetes timestamps carry whole seconds (RFC 3339 without fraction).</summary>
    private static DateTime TruncateToSeconds(DateTime t) => new(t.Ticks - (t.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
}
