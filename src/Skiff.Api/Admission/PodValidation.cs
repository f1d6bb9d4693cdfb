using Skiff.Api.Syntax;
using k8s.Models;

namespace Skiff.Api.Admission;

/// <summary>Upstream's Pod rules: the pod spec on create, and on update only the fields a running pod may change (ValidatePodUpdate).</summary>
internal static class PodValidation
{
    private const string ForbiddenUpdateMessage =
        "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

    public static void ValidateCreate(V1Pod pod, List<FieldError> errors)
    {
        ValidateMetadataAndSpec(pod, errors);
        if (pod.Spec?.EphemeralContainers is { Count: > 0 })
        {
            errors.Add(FieldErrors.Forbidden("spec.ephemeralContainers", "cannot be set on create"));
        }
        if (!string.IsNullOrEmpty(pod.Spec?.NodeName) && pod.Spec.SchedulingGates is { Count: > 0 })
        {
            errors.Add(FieldErrors.Forbidden("spec.nodeName", "cannot be set until all schedulingGates have been cleared"));
        }
    }

    /// <summary>
    /// ValidatePodUpdate: images, activeDeadlineSeconds (set, or lowered), added tolerations and a grace period of 1
    /// after a negative one may change; anything else is refused with the rule and a diff of the two specs.
    /// </summary>
    public static void ValidateUpdate(V1Pod pod, V1Pod old, List<FieldError> errors)
    {
        ObjectMetaValidation.ValidateUpdate(pod.Metadata, old.Metadata, errors);
        ValidateMetadataAndSpec(pod, errors);
        var spec = pod.Spec ?? new V1PodSpec();
        var oldSpec = old.Spec ?? new V1PodSpec();

        if (!ValidateContainerUpdates(spec.Containers, oldSpec.Containers, "spec.containers", errors)
            || !ValidateContainerUpdates(spec.InitContainers, oldSpec.InitContainers, "spec.initContainers", errors)
            || !ValidateDeadlineUpdate(spec.ActiveDeadlineSeconds, oldSpec.ActiveDeadlineSeconds, errors))
        {
            return;
        }
        ValidateOnlyAddedTolerations(spec.Tolerations, oldSpec.Tolerations, errors);
        if (SemanticEquality.AreEqual(spec, oldSpec))
        {
            return;
        }

        var munged = spec with
        {
            Containers = WithImagesOf(spec.Containers, oldSpec.Containers),
            InitContainers = WithImagesOf(spec.InitContainers, oldSpec.InitContainers),
            ActiveDeadlineSeconds = oldSpec.ActiveDeadlineSeconds,
            SchedulingGates = oldSpec.SchedulingGates,
            Tolerations = oldSpec.Tolerations,
            TerminationGracePeriodSeconds = oldSpec.TerminationGracePeriodSeconds < 0 && spec.TerminationGracePeriodSeconds == 1
                ? oldSpec.TerminationGracePeriodSeconds
                : spec.TerminationGracePeriodSeconds,
        };
        if (!SemanticEquality.AreEqual(munged, oldSpec))
        {
            errors.Add(FieldErrors.Forbidden("spec", ForbiddenUpdateMessage + "\n" + GoDiff.Render(oldSpec, munged)));
        }
    }

    private static void ValidateMetadataAndSpec(V1Pod pod, List<FieldError> errors)
    {
        ObjectMetaValidation.ValidateCreate(pod.Metadata, namespaced: true, NameValidation.NameIsDnsSubdomain, errors);
        var spec = pod.Spec ?? new V1PodSpec();
        PodSpecValidation.ValidatePodSpec(spec, "spec", errors);
        ValidateImageWhitespace(spec.Containers, "spec.containers", errors);
        ValidateImageWhitespace(spec.InitContainers, "spec.initContainers", errors);
    }

    /// <summary>validateContainersOnlyForPod: a real pod's image may not carry surrounding whitespace (templates may).</summary>
    private static void ValidateImageWhitespace(IList<V1Container>? containers, string path, List<FieldError> errors)
    {
        for (var i = 0; i < (containers?.Count ?? 0); i++)
        {
            var image = containers![i].Image ?? "";
            if (image.Length != image.Trim().Length)
            {
                errors.Add(FieldErrors.InvalidString($"{path}[{i}].image", image, "must not have leading or trailing whitespace"));
            }
        }
    }

    /// <summary>ValidateContainerUpdates: false (stop) when containers were added or removed.</summary>
    private static bool ValidateContainerUpdates(IList<V1Container>? containers, IList<V1Container>? oldContainers, string path, List<FieldError> errors)
    {
        if ((containers?.Count ?? 0) != (oldContainers?.Count ?? 0))
        {
            errors.Add(FieldErrors.Forbidden(path, "pod updates may not add or remove containers"));
            return false;
        }
        for (var i = 0; i < (containers?.Count ?? 0); i++)
        {
            var image = containers![i].Image ?? "";
            if (image.Length == 0)
            {
                errors.Add(FieldErrors.Required($"{path}[{i}].image"));
            }
            if (image.Trim().Length != image.Length)
            {
                errors.Add(FieldErrors.InvalidString($"{path}[{i}].image", image, "must not have leading or trailing whitespace"));
            }
        }
        return true;
    }

    /// <summary>activeDeadlineSeconds may be set, or lowered, but never raised or removed. False (stop) on the first two causes, as upstream.</summary>
    private static bool ValidateDeadlineUpdate(long? deadline, long? oldDeadline, List<FieldError> errors)
    {
        const string path = "spec.activeDeadlineSeconds";
        if (deadline is { } value)
        {
            if (value is < 0 or > int.MaxValue)
            {
                errors.Add(FieldErrors.Invalid(path, value, NameValidation.InclusiveRangeError(0, int.MaxValue)));
                return false;
            }
            if (oldDeadline is { } previous && previous < value)
            {
                errors.Add(FieldErrors.Invalid(path, value, "must be less than or equal to previous value"));
                return false;
            }
        }
        else if (oldDeadline is not null)
        {
            errors.Add(FieldErrors.Invalid(path, "null", "must not update from a positive integer to nil value"));
        }
        return true;
    }

    /// <summary>validateOnlyAddedTolerations: every old toleration must still be there (its tolerationSeconds may change).</summary>
    private static void ValidateOnlyAddedTolerations(IList<V1Toleration>? tolerations, IList<V1Toleration>? oldTolerations, List<FieldError> errors)
    {
        foreach (var old in oldTolerations ?? [])
        {
            var kept = (tolerations ?? []).Any(t => SemanticEquality.AreEqual(old with { TolerationSeconds = t.TolerationSeconds }, t));
            if (!kept)
            {
                errors.Add(FieldErrors.Forbidden("spec.tolerations", "existing toleration can not be modified except its tolerationSeconds"));
                return;
            }
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
