using Skiff.Api.Syntax;
using k8s.Models;

namespace Skiff.Api.Admission;

/// <summary>Upstream's Deployment rules (apps/validation ValidateDeployment and the apps/v1 strategy's selector immutability).</summary>
internal static class DeploymentValidation
{
    public static void ValidateCreate(V1Deployment deployment, List<FieldError> errors)
    {
        ObjectMetaValidation.ValidateCreate(deployment.Metadata, namespaced: true, NameValidation.NameIsDnsSubdomain, errors);
        ValidateSpec(deployment.Spec ?? new V1DeploymentSpec(), errors);
    }

    public static void ValidateUpdate(V1Deployment deployment, V1Deployment old, List<FieldError> errors)
    {
        ObjectMetaValidation.ValidateUpdate(deployment.Metadata, old.Metadata, errors);
        ValidateSpec(deployment.Spec ?? new V1DeploymentSpec(), errors);
        ReplicaSetValidation.ValidateSelectorUnchanged(deployment.Spec?.Selector, old.Spec?.Selector, errors);
    }

    private static void ValidateSpec(V1DeploymentSpec spec, List<FieldError> errors)
    {
        ObjectMetaValidation.ValidateNonNegative(spec.Replicas ?? 0, "spec.replicas", errors);
        ReplicaSetValidation.ValidateSelectorAndTemplate(spec.Selector, spec.Template, "deployment", "ReplicaSet", errors);
        ValidateStrategy(spec.Strategy ?? new V1DeploymentStrategy(), errors);
        var minReadySeconds = spec.MinReadySeconds ?? 0;
        ObjectMetaValidation.ValidateNonNegative(minReadySeconds, "spec.minReadySeconds", errors);
        if (spec.RevisionHistoryLimit is { } historyLimit)
        {
            ObjectMetaValidation.ValidateNonNegative(historyLimit, "spec.revisionHistoryLimit", errors);
        }
        if (spec.ProgressDeadlineSeconds is { } deadline)
        {
            ObjectMetaValidation.ValidateNonNegative(deadline, "spec.progressDeadlineSeconds", errors);
            if (deadline <= minReadySeconds)
            {
                errors.Add(FieldErrors.Invalid("spec.progressDeadlineSeconds", deadline, "must be greater than minReadySeconds"));
            }
        }
    }

    private static void ValidateStrategy(V1DeploymentStrategy strategy, List<FieldError> errors)
    {
        switch (strategy.Type)
        {
            case "Recreate":
                if (strategy.RollingUpdate is not null)
                {
                    errors.Add(FieldErrors.Forbidden("spec.strategy.rollingUpdate", "may not be specified when strategy `type` is 'Recreate'"));
                }
                break;
            case "RollingUpdate":
                if (strategy.RollingUpdate is null)
                {
                    errors.Add(FieldErrors.Required("spec.strategy.rollingUpdate", "this should be defaulted and never be nil"));
                }
                else
                {
                    ValidateRollingUpdate(strategy.RollingUpdate, errors);
                }
                break;
            default:
                errors.Add(FieldErrors.NotSupported("spec.strategy",
                    GoFormat.TypedStrategy("apps.DeploymentStrategy", strategy.Type ?? "", "*apps.RollingUpdateDeployment", strategy.RollingUpdate is not null),
                    ["Recreate", "RollingUpdate"]));
                break;
        }
    }

    private static void ValidateRollingUpdate(V1RollingUpdateDeployment rollingUpdate, List<FieldError> errors)
    {
        const string maxUnavailablePath = "spec.strategy.rollingUpdate.maxUnavailable";
        ValidatePositiveIntOrPercent(rollingUpdate.MaxUnavailable, maxUnavailablePath, errors);
        ValidatePositiveIntOrPercent(rollingUpdate.MaxSurge, "spec.strategy.rollingUpdate.maxSurge", errors);
        if (IntOrStringValue.IntOrPercent(rollingUpdate.MaxUnavailable) == 0 && IntOrStringValue.IntOrPercent(rollingUpdate.MaxSurge) == 0)
        {
            errors.Add(FieldErrors.Invalid(maxUnavailablePath, GoFormat.IntOrString(rollingUpdate.MaxUnavailable), "may not be 0 when `maxSurge` is 0"));
        }
        if (IntOrStringValue.TryGetPercent(rollingUpdate.MaxUnavailable, out var percent) && percent > 100)
        {
            errors.Add(FieldErrors.Invalid(maxUnavailablePath, GoFormat.IntOrString(rollingUpdate.MaxUnavailable), "must not be greater than 100%"));
        }
    }

    public static void ValidatePositiveIntOrPercent(IntOrString? value, string path, List<FieldError> errors)
    {
        if (IntOrStringValue.TryGetInt(value, out var number))
        {
            ObjectMetaValidation.ValidateNonNegative(number, path, errors);
        }
        else if (value?.Value is { } text)
        {
            errors.AddRange(NameValidation.IsPercent(text).Select(m => FieldErrors.Invalid(path, GoFormat.IntOrString(value), m)));
        }
    }
}
