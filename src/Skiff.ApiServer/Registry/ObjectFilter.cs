using System.Text.Json;
using k8s.Models;
using Skiff.Api.Resources;
using Skiff.Api.Selectors;
using Skiff.ApiServer.Objects;

namespace Skiff.ApiServer.Registry;

/// <summary>
/// Decides whether a stored object matches label and field selectors, decoding as little as it can: nothing for
/// "everything", metadata only for labels and metadata.* fields, the whole object for other fields.
/// </summary>
public sealed class ObjectFilter
{
    private readonly LabelSelector labels;
    private readonly FieldSelector fields;
    private readonly ResourceDefinition resource;
    private readonly bool needsWholeObject;

    public ObjectFilter(ResourceDefinition resource, LabelSelector labels, FieldSelector fields)
    {
        this.resource = resource;
        this.labels = labels;
        this.fields = fields;
        IsEverything = labels.IsEverything && fields.Requirements.Count == 0;
        needsWholeObject = fields.Requirements.Any(r => !r.Field.StartsWith("metadata.", StringComparison.Ordinal));
    }

    public bool IsEverything { get; }

    public bool Matches(byte[] storedJson)
    {
        if (IsEverything)
        {
            return true;
        }

        if (needsWholeObject)
        {
            var model = ObjectCodec.Deserialize(storedJson, resource.Storage.ModelType);
            var meta = ModelAccessor.Metadata(model);
            return labels.Matches(meta.Labels) && fields.Matches(field => SelectableFields.Value(model, field));
        }

        var envelope = JsonSerializer.Deserialize<MetadataEnvelope>(storedJson, ObjectCodec.SerializerOptions);
        var metadata = envelope?.Metadata ?? new V1ObjectMeta();
        return labels.Matches(metadata.Labels) && fields.Matches(field => MetadataField(metadata, field));
    }

    /// <summary>
    /// What a watcher with these selectors sees of a store event (ADDED, MODIFIED or DELETED), or null for nothing:
    /// an object that stops matching is DELETED for this watcher, one that starts matching is ADDED, as upstream.
    /// </summary>
    public string? Classify(string type, byte[] value, byte[]? previousValue)
    {
        if (IsEverything)
        {
            return type;
        }

        var now = Matches(value);
        if (type == "DELETED")
        {
            return now ? "DELETED" : null;
        }

        var before = previousValue is { } previous && Matches(previous);
        return (before, now) switch
        {
            (true, true) => "MODIFIED",
            (false, true) => "ADDED",
            (true, false) => "DELETED",
            _ => null,
        };
    }

    private static string? MetadataField(V1ObjectMeta meta, string field) => field switch
    {
        "metadata.name" => meta.Name,
        "metadata.namespace" => meta.NamespaceProperty ?? "",
        _ => null,
    };

    /// <summary>Reads only metadata; the rest of the document is skipped by the deserializer.</summary>
    private sealed class MetadataEnvelope
    {
        [System.Text.Json.Serialization.JsonPropertyName("metadata")]
        public V1ObjectMeta? Metadata { get; set; }
    }
}
