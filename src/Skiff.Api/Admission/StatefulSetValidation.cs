using Skiff.Api.Syntax;
using k8s.Models;

namespace Skiff.Api.Admission;

/// <summary>
/// Upstream's StatefulSet rules. As upstream, the pod template is only checked for selector match, labels,
/// annotations and restart policy (not the full pod spec), and an update may change only a fixed set of spec fields.
/// </summary>
internal static class StatefulSetValidation
{
    private const string ForbiddenUpdateMessage =
        "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";

    public static void ValidateCreate(V1StatefulSet statefulSet, List<FieldError> errors)
    {
        ObjectMetaValidation.ValidateCreate(statefulSet.Metadata, namespaced: true, NameValidation.NameIsDnsLabel, errors);
        ValidateSpec(statefulSet.Spec ?? new V1StatefulSetSpec(), errors);
    }

    public static void ValidateUpdate(V1StatefulSet statefulSet, V1StatefulSet old, List<FieldError> errors)
    {
        ObjectMetaValidation.ValidateUpdate(statefulSet.Metadata, old.Metadata, errors);
        var spec = statefulSet.Spec ?? new V1StatefulSetSpec();
        var oldSpec = old.Spec ?? new V1StatefulSetSpec();
        ValidateSpec(spec, errors);
        var withUpdatableFieldsReverted = spec with
        {
            Replicas = oldSpec.Replicas,
            Template = oldSpec.Template,
            UpdateStrategy = oldSpec.UpdateStrategy,
            MinReadySeconds = oldSpec.MinReadySeconds,
            Ordinals = oldSpec.Ordinals,
            PersistentVolumeClaimRetentionPolicy = oldSpec.PersistentVolumeClaimRetentionPolicy,
        };
        if (!SemanticEquality.AreEqual(withUpdatableFieldsReverted, oldSpec))
        {
            errors.Add(FieldErrors.Forbidden("spec", ForbiddenUpdateMessage));
        }
    }

    private static void ValidateSpec(V1StatefulSetSpec spec, List<FieldError> errors)
    {
        switch (spec.PodManagementPolicy)
        {
            case null or "":
                errors.Add(FieldErrors.Required("spec.podManagementPolicy"));
                break;
            case "OrderedReady" or "Parallel":
                break;
            default:
                errors.Add(FieldErrors.InvalidString("spec.podManagementPolicy", spec.PodManagementPolicy, "must be 'OrderedReady' or 'Parallel'"));
                break;
        }

        ValidateUpdateStrategy(spec.UpdateStrategy ?? new V1StatefulSetUpdateStrategy(), errors);

        if (spec.PersistentVolumeClaimRetentionPolicy is { } retention)
        {
            ValidateRetention(retention.WhenDeleted, "spec.persistentVolumeClaimRetentionPolicy.whenDeleted", errors);
            ValidateRetention(retention.WhenScaled, "spec.persistentVolumeClaimRetentionPolicy.whenScaled", errors);
        }

        ObjectMetaValidation.ValidateNonNegative(spec.Replicas ?? 0, "spec.replicas", errors);
        ObjectMetaValidation.ValidateNonNegative(spec.MinReadySeconds ?? 0, "spec.minReadySeconds", errors);
        if (spec.Ordinals is { } ordinals)
        {
            ObjectMetaValidation.ValidateNonNegative(ordinals.Start ?? 0, "spec.ordinals.start", errors);
        }

        if (spec.Selector is null)
        {
            errors.Add(FieldErrors.Required("spec.selector"));
        }
        else
        {
            ObjectMetaValidation.ValidateLabelSelector(spec.Selector, "spec.selector", errors);
            if (SelectorMatching.IsEmpty(spec.Selector))
            {
                errors.Add(FieldErrors.Invalid("spec.selector", GoFormat.LabelSelector(spec.Selector), "empty selector is invalid for statefulset"));
            }
        }

        var template = spec.Template ?? new V1PodTemplateSpec();
        if (!SelectorMatching.Parses(spec.Selector))
        {
            errors.Add(FieldErrors.Invalid("spec.selector", GoFormat.LabelSelector(spec.Selector), ""));
        }
        else
        {
            if (!SelectorMatching.IsEmpty(spec.Selector) && !SelectorMatching.Matches(spec.Selector, template.Metadata?.Labels))
            {
                errors.Add(FieldErrors.Invalid("spec.template.metadata.labels", GoFormat.StringMap(template.Metadata?.Labels), "`selector` does not match template `labels`"));
            }
            ObjectMetaValidation.ValidateLabels(template.Metadata?.Labels, "spec.template.labels", errors);
            ObjectMetaValidation.ValidateAnnotations(template.Metadata?.Annotations, "spec.template.annotations", errors);
        }

        var restartPolicy = template.Spec?.RestartPolicy ?? "";
        if (restartPolicy != "Always")
        {
            errors.Add(FieldErrors.NotSupported("spec.template.spec.restartPolicy", GoQuote.Quote(restartPolicy), ["Always"]));
        }
        if (template.Spec?.ActiveDeadlineSeconds is not null)
        {
            errors.Add(FieldErrors.Forbidden("spec.template.spec.activeDeadlineSeconds", "activeDeadlineSeconds in StatefulSet is not Supported"));
        }
    }

    private static void ValidateUpdateStrategy(V1StatefulSetUpdateStrategy strategy, List<FieldError> errors)
    {
        switch (strategy.Type)
        {
            case null or "":
                errors.Add(FieldErrors.Required("spec.updateStrategy"));
                break;
            case "OnDelete":
                if (strategy.RollingUpdate is { } onDeleteRolling)
                {
                    errors.Add(FieldErrors.Invalid("spec.updateStrategy.rollingUpdate", RollingUpdateText(onDeleteRolling), "only allowed for updateStrategy 'RollingUpdate'"));
                }
                break;
            case "RollingUpdate":
                if (strategy.RollingUpdate is { } rolling)
                {
                    ObjectMetaValidation.ValidateNonNegative(rolling.Partition ?? 0, "spec.updateStrategy.rollingUpdate.partition", errors);
                    if (rolling.MaxUnavailable is { } maxUnavailable)
                    {
                        const string path = "spec.updateStrategy.rollingUpdate.maxUnavailable";
                        DeploymentValidation.ValidatePositiveIntOrPercent(maxUnavailable, path, errors);
                        if (IntOrStringValue.IntOrPercent(maxUnavailable) == 0)
                        {
                            errors.Add(FieldErrors.Invalid(path, GoFormat.IntOrString(maxUnavailable), "cannot be 0"));
                        }
                        if (IntOrStringValue.TryGetPercent(maxUnavailable, out var percent) && percent > 100)
                        {
                            errors.Add(FieldErrors.Invalid(path, GoFormat.IntOrString(maxUnavailable), "must not be greater than 100%"));
                        }
                    }
                }
                break;
            default:
                errors.Add(FieldErrors.Invalid("spec.updateStrategy",
                    GoFormat.TypedStrategy("apps.StatefulSetUpdateStrategy", strategy.Type, "*apps.RollingUpdateStatefulSetStrategy", strategy.RollingUpdate is not null),
                    "must be 'RollingUpdate' or 'OnDelete'"));
                break;
        }
    }

    private static string RollingUpdateText(V1RollingUpdateStatefulSetStrategy rolling) =>
        $"apps.RollingUpdateStatefulSetStrategy{{Partition:{rolling.Partition ?? 0}, MaxUnavailable:(*intstr.IntOrString)({(rolling.MaxUnavailable is null ? "nil" : "0xc000000000")})}}";

    private static void ValidateRetention(string? policy, string path, List<FieldError> errors)
    {
        if (policy is not ("Retain" or "Delete"))
        {
            errors.Add(FieldErrors.NotSupported(path, GoQuote.Quote(policy ?? ""), ["Retain", "Delete"]));
        }
    }
}
