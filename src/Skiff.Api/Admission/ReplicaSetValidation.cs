using Skiff.Api.Syntax;
using k8s.Models;

namespace Skiff.Api.Admission;

/// <summary>Upstream's ReplicaSet rules, and the selector-plus-template rules Deployments share with it.</summary>
internal static class ReplicaSetValidation
{
    public static void ValidateCreate(V1ReplicaSet replicaSet, List<FieldError> errors)
    {
        ObjectMetaValidation.ValidateCreate(replicaSet.Metadata, namespaced: true, NameValidation.NameIsDnsSubdomain, errors);
        ValidateSpec(replicaSet.Spec ?? new V1ReplicaSetSpec(), errors);
    }

    public static void ValidateUpdate(V1ReplicaSet replicaSet, V1ReplicaSet old, List<FieldError> errors)
    {
        ObjectMetaValidation.ValidateUpdate(replicaSet.Metadata, old.Metadata, errors);
        ValidateSpec(replicaSet.Spec ?? new V1ReplicaSetSpec(), errors);
        ValidateSelectorUnchanged(replicaSet.Spec?.Selector, old.Spec?.Selector, errors);
    }

    private static void ValidateSpec(V1ReplicaSetSpec spec, List<FieldError> errors)
    {
        ObjectMetaValidation.ValidateNonNegative(spec.Replicas ?? 0, "spec.replicas", errors);
        ObjectMetaValidation.ValidateNonNegative(spec.MinReadySeconds ?? 0, "spec.minReadySeconds", errors);
        // Upstream's ReplicaSet message really says "deployment".
        ValidateSelectorAndTemplate(spec.Selector, spec.Template, "deployment", "ReplicaSet", errors);
    }

    /// <summary>
    /// ValidateDeploymentSpec/ValidateReplicaSetSpec's selector part followed by ValidatePodTemplateSpecForReplicaSet.
    /// A nil selector matches nothing, so it also yields the template-label mismatch, as upstream.
    /// </summary>
    public static void ValidateSelectorAndTemplate(V1LabelSelector? selector, V1PodTemplateSpec? template, string emptySelectorKind, string kind, List<FieldError> errors)
    {
        if (selector is null)
        {
            errors.Add(FieldErrors.Required("spec.selector"));
        }
        else
        {
            ObjectMetaValidation.ValidateLabelSelector(selector, "spec.selector", errors);
            if (SelectorMatching.IsEmpty(selector))
            {
                errors.Add(FieldErrors.Invalid("spec.selector", GoFormat.LabelSelector(selector), $"empty selector is invalid for {emptySelectorKind}"));
            }
        }

        if (!SelectorMatching.Parses(selector))
        {
            errors.Add(FieldErrors.Invalid("spec.selector", GoFormat.LabelSelector(selector), "invalid label selector"));
            return;
        }
        template ??= new V1PodTemplateSpec();
        if (!SelectorMatching.IsEmpty(selector) && !SelectorMatching.Matches(selector, template.Metadata?.Labels))
        {
            errors.Add(FieldErrors.Invalid("spec.template.metadata.labels", GoFormat.StringMap(template.Metadata?.Labels), "`selector` does not match template `labels`"));
        }
        PodSpecValidation.ValidateTemplate(template, "spec.template", errors);
        PodSpecValidation.ValidateWorkloadTemplateRestart(template.Spec, "spec.template", kind, errors);
    }

    /// <summary>apps/v1 strategies refuse any selector change on update.</summary>
    public static void ValidateSelectorUnchanged(V1LabelSelector? selector, V1LabelSelector? oldSelector, List<FieldError> errors)
    {
        if (!SemanticEquality.AreEqual(selector, oldSelector))
        {
            errors.Add(FieldErrors.Invalid("spec.selector", GoFormat.LabelSelector(selector), ObjectMetaValidation.ImmutableMessage));
        }
    }
}
