using Skiff.Api.Syntax;
using k8s.Models;

namespace Skiff.Api.Admission;

/// <summary>Upstream's Pod rules: the pod spec on create, and on update only the fields a running pod may change.</summary>
internal static class PodValidation
{
    private const string ForbiddenUpdateMessage =
        "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

    public static void ValidateCreate(V1Pod pod, List<FieldError> errors)
    {
        ObjectMetaValidation.ValidateCreate(pod.Metadata, namespaced: true, NameValidation.NameIsDnsSubdomain, errors);
        PodSpecValidation.ValidatePodSpec(pod.Spec ?? new V1PodSpec(), "spec", errors);
    }

    /// <summary>
    /// Upstream appends a diff of the two specs to the Forbidden message; Skiff reports the rule only.
    /// </summary>
    public static void ValidateUpdate(V1Pod pod, V1Pod old, List<FieldError> errors)
    {
        ObjectMetaValidation.ValidateUpdate(pod.Metadata, old.Metadata, errors);
        var spec = pod.Spec ?? new V1PodSpec();
        var oldSpec = old.Spec ?? new V1PodSpec();
        PodSpecValidation.ValidatePodSpec(spec, "spec", errors);

        var oldTolerations = oldSpec.Tolerations ?? [];
        var keepsTolerations = oldTolerations.All(t => (spec.Tolerations ?? []).Any(n => SemanticEquality.AreEqual(n, t)));
        var reverted = spec with
        {
            Containers = WithImagesOf(spec.Containers, oldSpec.Containers),
            InitContainers = WithImagesOf(spec.InitContainers, oldSpec.InitContainers),
            ActiveDeadlineSeconds = oldSpec.ActiveDeadlineSeconds,
            Tolerations = keepsTolerations ? oldSpec.Tolerations : spec.Tolerations,
            TerminationGracePeriodSeconds = oldSpec.TerminationGracePeriodSeconds < 0 && spec.TerminationGracePeriodSeconds == 1
                ? oldSpec.TerminationGracePeriodSeconds
                : spec.TerminationGracePeriodSeconds,
        };
        if (!SemanticEquality.AreEqual(reverted, oldSpec))
        {
            errors.Add(FieldErrors.Forbidden("spec", ForbiddenUpdateMessage));
        }
    }

    private static List<V1Container>? WithImagesOf(IList<V1Container>? containers, IList<V1Container>? oldContainers)
    {
        if (containers is null || oldContainers is null || containers.Count != oldContainers.Count)
        {
            return containers?.ToList();
        }
        return [.. containers.Select((c, i) => c with { Image = oldContainers[i].Image })];
    }
}
