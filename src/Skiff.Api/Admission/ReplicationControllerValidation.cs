using Skiff.Api.Syntax;
using k8s.Models;

namespace Skiff.Api.Admission;

/// <summary>Upstream's ReplicationController rules (core/validation ValidateReplicationController); its selector stays mutable.</summary>
internal static class ReplicationControllerValidation
{
    public static void ValidateCreate(V1ReplicationController controller, List<FieldError> errors)
    {
        ObjectMetaValidation.ValidateCreate(controller.Metadata, namespaced: true, NameValidation.NameIsDnsSubdomain, errors);
        ValidateSpec(controller.Spec ?? new V1ReplicationControllerSpec(), errors);
    }

    public static void ValidateUpdate(V1ReplicationController controller, V1ReplicationController old, List<FieldError> errors)
    {
        ObjectMetaValidation.ValidateUpdate(controller.Metadata, old.Metadata, errors);
        ValidateSpec(controller.Spec ?? new V1ReplicationControllerSpec(), errors);
    }

    private static void ValidateSpec(V1ReplicationControllerSpec spec, List<FieldError> errors)
    {
        ObjectMetaValidation.ValidateNonNegative(spec.MinReadySeconds ?? 0, "spec.minReadySeconds", errors);
        var selector = spec.Selector ?? new Dictionary<string, string>();
        if (selector.Count == 0)
        {
            errors.Add(FieldErrors.Required("spec.selector"));
        }
        ObjectMetaValidation.ValidateNonNegative(spec.Replicas ?? 0, "spec.replicas", errors);
        if (spec.Template is not { } template)
        {
            errors.Add(FieldErrors.Required("spec.template"));
            return;
        }
        if (selector.Count > 0 && !SelectorMatching.MatchesMap(selector, template.Metadata?.Labels))
        {
            errors.Add(FieldErrors.Invalid("spec.template.metadata.labels", GoFormat.StringMap(template.Metadata?.Labels), "`selector` does not match template `labels`"));
        }
        PodSpecValidation.ValidateTemplate(template, "spec.template", errors);
        PodSpecValidation.ValidateWorkloadTemplateRestart(template.Spec, "spec.template", "ReplicationController", errors);
    }
}
