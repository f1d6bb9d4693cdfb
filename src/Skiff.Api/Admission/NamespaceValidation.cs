using Skiff.Api.Syntax;
using k8s.Models;

namespace Skiff.Api.Admission;

/// <summary>Upstream's Namespace rules: a DNS-1123 label name and valid spec finalizers.</summary>
internal static class NamespaceValidation
{
    public static void ValidateCreate(V1Namespace ns, List<FieldError> errors)
    {
        ObjectMetaValidation.ValidateCreate(ns.Metadata, namespaced: false, NameValidation.NameIsDnsLabel, errors);
        ValidateSpec(ns, errors);
    }

    public static void ValidateUpdate(V1Namespace ns, V1Namespace old, List<FieldError> errors)
    {
        ObjectMetaValidation.ValidateUpdate(ns.Metadata, old.Metadata, errors);
        ValidateSpec(ns, errors);
    }

    private static void ValidateSpec(V1Namespace ns, List<FieldError> errors)
    {
        foreach (var finalizer in ns.Spec?.Finalizers ?? [])
        {
            ObjectMetaValidation.ValidateFinalizerName(finalizer, "spec.finalizers", errors);
        }
    }
}
