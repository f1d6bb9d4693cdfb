using System.Collections.Concurrent;
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
    // Namespace key -> (ModRevision, terminating) as last decoded; see IsTerminating. One small entry per namespace
    // that received a create, dropped when a write finds the namespace gone.
    private readonly ConcurrentDictionary<string, (long Revision, bool Terminating)> namespacePhases = new(StringComparer.Ordinal);

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

        var key = NamespaceResource.KeyFor(null, ns);
        if (await store.GetAsync(key, ct) is not { } kv)
        {
            namespacePhases.TryRemove(key, out _);
            throw ApiErrors.NamespaceNotFound(ns);
        }

        if (creating)
        {
            if (IsTerminating(kv))
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

    /// <summary>Whether a stored namespace is being deleted; remembered per namespace for the revision it was read at.</summary>
    /// <remarks>
    /// Every namespaced create asks this, and decoding the namespace each time was a visible part of a create's cost.
    /// The answer is a function of the stored bytes, and a revision names one version of them, so a remembered answer
    /// for the same ModRevision is exact; any change to the namespace gives a new revision and a fresh decode.
    /// </remarks>
    private bool IsTerminating(KeyValue stored)
    {
        if (namespacePhases.TryGetValue(stored.Key, out var known) && known.Revision == stored.ModRevision)
        {
            return known.Terminating;
        }

        var namespaceObject = (V1Namespace)ObjectCodec.Deserialize(stored.Value, typeof(V1Namespace));
        var terminating = namespaceObject.Metadata?.DeletionTimestamp is not null || namespaceObject.Status?.Phase == "Terminating";
        namespacePhases[stored.Key] = (stored.ModRevision, terminating);
        return terminating;
    }

    /// <summary>The current time as objects record it (whole seconds).</summary>
    public DateTime Now() => TruncateToSeconds(time.GetUtcNow().UtcDateTime);

    /// <summary>Kubernetes timestamps carry whole seconds (RFC 3339 without fraction).</summary>
    private static DateTime TruncateToSeconds(DateTime t) => new(t.Ticks - (t.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
}
