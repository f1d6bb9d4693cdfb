using k8s.Models;
using Skiff.Api.Resources;
using Skiff.ApiServer.Http;
using Skiff.ApiServer.Objects;

namespace Skiff.ApiServer.Registry;

/// <summary>pods/binding: the scheduler's one write per pod, setting spec.nodeName and the PodScheduled condition together.</summary>
public sealed partial class ObjectStore
{
    public const string BindingSubresource = "binding";

    /// <summary>
    /// Assigns a pod to a node once, as upstream's BindingREST: a pod being deleted or already assigned is a 409, a
    /// uid in the binding's metadata must be the pod's, and the binding's annotations are copied to the pod.
    /// </summary>
    public async Task BindAsync(ResourceDefinition resource, string? ns, string name, V1Binding binding, WriteOptions options, CancellationToken ct)
    {
        var node = binding.Target?.Name;
        if (string.IsNullOrEmpty(node))
        {
            throw ApiErrors.Invalid(resource, name, [new Api.Admission.FieldError("FieldValueRequired", "target.name", "Required value")]);
        }

        await GuaranteedUpdateAsync(resource, ns, name, BindingSubresource, current =>
        {
            var pod = (V1Pod)ObjectCodec.Deserialize(current.Json, typeof(V1Pod));
            if (binding.Metadata?.Uid is { Length: > 0 } uid && uid != pod.Metadata.Uid)
            {
                throw ApiErrors.ConflictWithMessage(resource, name,
                    $"Precondition failed: UID in precondition: {uid}, UID in object meta: {pod.Metadata.Uid}");
            }

            if (pod.Metadata.DeletionTimestamp is not null)
            {
                throw ApiErrors.ConflictWithMessage(resource, name, "pod is being deleted, cannot be assigned to a host");
            }

            if (!string.IsNullOrEmpty(pod.Spec.NodeName))
            {
                throw ApiErrors.ConflictWithMessage(resource, name, $"pod {name} is already assigned to node \"{pod.Spec.NodeName}\"");
            }

            pod.Spec.NodeName = node;
            foreach (var (key, value) in binding.Metadata?.Annotations ?? new Dictionary<string, string>())
            {
                (pod.Metadata.Annotations ??= new Dictionary<string, string>())[key] = value;
            }

            var status = pod.Status ??= new V1PodStatus();
            var conditions = (status.Conditions ?? []).Where(c => c.Type != "PodScheduled").ToList();
            conditions.Add(new V1PodCondition { Type = "PodScheduled", Status = "True", LastTransitionTime = Now() });
            status.Conditions = conditions;
            pod.Metadata.ResourceVersion = null; // a binding never pins the pod's resourceVersion
            return pod;
        }, options with { SkipUpdateValidation = true }, ct);
    }
}
