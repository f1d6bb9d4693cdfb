using k8s.Models;
using Microsoft.AspNetCore.Http;
using Skiff.Api.Resources;
using Skiff.Api.Selectors;
using Skiff.ApiServer.Objects;
using Skiff.ApiServer.Registry;

namespace Skiff.ApiServer.Http;

/// <summary>The scale (autoscaling/v1 Scale), pods/binding and pods/eviction subresources.</summary>
public sealed partial class ResourceEndpoint
{
    /// <summary>The Scale view of a workload: spec.replicas, status.replicas and the selector as a string.</summary>
    public static V1Scale ScaleOf(object model)
    {
        var meta = ModelAccessor.Metadata(model);
        var (specReplicas, statusReplicas, selector) = model switch
        {
            V1Deployment d => (d.Spec?.Replicas, d.Status?.Replicas, LabelSelector.FromModel(d.Spec?.Selector).ToString()),
            V1ReplicaSet r => (r.Spec?.Replicas, r.Status?.Replicas, LabelSelector.FromModel(r.Spec?.Selector).ToString()),
            V1StatefulSet s => (s.Spec?.Replicas, s.Status?.Replicas, LabelSelector.FromModel(s.Spec?.Selector).ToString()),
            V1ReplicationController c => (c.Spec?.Replicas, (int?)c.Status?.Replicas, LabelSelector.FromMap(c.Spec?.Selector).ToString()),
            _ => throw ApiErrors.PathNotFound(),
        };
        return new V1Scale
        {
            ApiVersion = "autoscaling/v1",
            Kind = "Scale",
            Metadata = new V1ObjectMeta
            {
                Name = meta.Name,
                NamespaceProperty = meta.NamespaceProperty,
                Uid = meta.Uid,
                ResourceVersion = meta.ResourceVersion,
                CreationTimestamp = meta.CreationTimestamp,
            },
            Spec = new V1ScaleSpec { Replicas = specReplicas ?? 0 },
            Status = new V1ScaleStatus { Replicas = statusReplicas ?? 0, Selector = selector },
        };
    }

    /// <summary>
    /// Writes spec.replicas from a Scale. A resourceVersion in the Scale is the parent's and is enforced
    /// (kubectl scale --current-replicas relies on the 409).
    /// </summary>
    private async Task<V1Scale> ScaleAsync(ResourceDefinition resource, string? ns, string name, Func<V1Scale, V1Scale> change,
        WriteOptions write, CancellationToken ct)
    {
        var updated = await objects.PatchAsync(resource, ns, name, "scale", current =>
        {
            var model = ObjectCodec.Deserialize(current, resource.ModelType);
            var scale = change(ScaleOf(model));
            if (scale.Spec?.Replicas is not { } replicas)
            {
                replicas = 0;
            }

            if (replicas < 0)
            {
                throw ApiErrors.Invalid(resource, name,
                    [new Api.Admission.FieldError("FieldValueInvalid", "spec.replicas", $"Invalid value: {replicas}: must be greater than or equal to 0")]);
            }

            switch (model)
            {
                case V1Deployment d: d.Spec.Replicas = replicas; break;
                case V1ReplicaSet r: r.Spec.Replicas = replicas; break;
                case V1StatefulSet s: s.Spec.Replicas = replicas; break;
                case V1ReplicationController c: c.Spec.Replicas = replicas; break;
            }

            ModelAccessor.Metadata(model).ResourceVersion = scale.Metadata?.ResourceVersion;
            return ObjectCodec.ToNode(model);
        }, write, ct);
        return ScaleOf(updated.Model);
    }

    /// <summary>pods/binding: the scheduler's way to set spec.nodeName, once.</summary>
    private async Task BindAsync(HttpContext context, ResourceDefinition resource, string? ns, string name, WriteOptions write, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync(context.Request, ct);
        var binding = (V1Binding)ObjectCodec.Deserialize(ProtobufBody.AsJson(context.Request, body, "v1", "Binding"), typeof(V1Binding));
        await objects.BindAsync(resource, ns, name, binding, write, ct);
        await Responses.WriteStatusAsync(context, new V1Status { Status = "Success", Code = 201 });
    }

    /// <summary>
    /// pods/eviction: kubectl drain's way to delete a pod. Answered as upstream's create of an Eviction: 201 with a
    /// Success Status.
    /// </summary>
    private async Task EvictAsync(HttpContext context, ResourceDefinition resource, string? ns, string name, WriteOptions write, CancellationToken ct)
    {
        var body = RequestBody.ParseTree(await RequestBody.ReadAsync(context.Request, ct), RequestBody.MediaType(context.Request));
        var kind = body["kind"]?.GetValue<string>();
        var apiVersion = body["apiVersion"]?.GetValue<string>();
        // kubectl sends policy/v1 when discovery lists it, policy/v1beta1 to older servers; both carry the same fields.
        if (kind is not (null or "" or "Eviction") || apiVersion is not (null or "" or "policy/v1" or "policy/v1beta1"))
        {
            throw ApiErrors.BadRequest($"{kind} in version \"{apiVersion}\" cannot be handled as a Eviction: the object provided is unrecognized");
        }

        V1Eviction eviction;
        try
        {
            eviction = (V1Eviction)ObjectCodec.Deserialize(body, typeof(V1Eviction));
        }
        catch (System.Text.Json.JsonException e)
        {
            throw ApiErrors.BadRequest($"Eviction in version \"v1\" cannot be handled as a Eviction: {e.Message}");
        }

        await objects.EvictAsync(resource, ns, name, eviction, write, ct);
        await Responses.WriteStatusAsync(context, new V1Status { Status = "Success", Code = 201 });
    }
}
