using Skiff.Api.Syntax;
using k8s.Models;

namespace Skiff.Api.Admission;

/// <summary>Upstream's PersistentVolumeClaim spec rules on create (access modes, storage request, volume mode).</summary>
internal static class PersistentVolumeClaimValidation
{
    private static readonly string[] AccessModes = ["ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"];
    private static readonly string[] VolumeModes = ["Block", "Filesystem"];

    public static void ValidateCreate(V1PersistentVolumeClaim claim, List<FieldError> errors)
    {
        ObjectMetaValidation.ValidateCreate(claim.Metadata, namespaced: true, NameValidation.NameIsDnsSubdomain, errors);
        ValidateSpec(claim.Spec ?? new V1PersistentVolumeClaimSpec(), "spec", errors);
    }

    /// <summary>
    /// ValidatePersistentVolumeClaimUpdate: the spec is fixed once created, except that the binder may set
    /// volumeName once and a bound claim may change its storage request (expansion) and volume attributes class.
    /// With RecoverVolumeExpansionFailure (beta, on in 1.32) a request may shrink, but not to status.capacity or below.
    /// </summary>
    public static void ValidateUpdate(V1PersistentVolumeClaim claim, V1PersistentVolumeClaim old, List<FieldError> errors)
    {
        ObjectMetaValidation.ValidateUpdate(claim.Metadata, old.Metadata, errors);
        ValidateCreate(claim, errors);
        var spec = claim.Spec ?? new V1PersistentVolumeClaimSpec();
        var oldSpec = old.Spec ?? new V1PersistentVolumeClaimSpec();
        var bound = claim.Status?.Phase == "Bound";
        var comparable = spec with
        {
            Resources = bound && spec.Resources?.Requests is { } requests
                ? spec.Resources with { Requests = WithStorageOf(requests, oldSpec.Resources?.Requests) }
                : spec.Resources,
            VolumeAttributesClassName = bound && spec.VolumeAttributesClassName is not null ? oldSpec.VolumeAttributesClassName : spec.VolumeAttributesClassName,
        };
        var oldComparable = string.IsNullOrEmpty(oldSpec.VolumeName) ? oldSpec with { VolumeName = spec.VolumeName } : oldSpec;
        if (!SemanticEquality.AreEqual(comparable, oldComparable))
        {
            errors.Add(FieldErrors.Forbidden("spec",
                "spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims\n" + GoDiff.Render(oldComparable, comparable)));
        }
        var newSize = Storage(spec.Resources?.Requests);
        if (newSize < Storage(oldSpec.Resources?.Requests) && newSize <= Storage(old.Status?.Capacity))
        {
            errors.Add(FieldErrors.Forbidden("spec.resources.requests.storage", "field can not be less than status.capacity"));
        }
        if ((spec.VolumeMode ?? "") != (oldSpec.VolumeMode ?? ""))
        {
            // Upstream names this path "volumeMode", without "spec.".
            errors.Add(FieldErrors.Invalid("volumeMode", spec.VolumeMode is null ? "null" : GoQuote.Quote(spec.VolumeMode), ObjectMetaValidation.ImmutableMessage));
        }
    }

    private static Dictionary<string, ResourceQuantity> WithStorageOf(IDictionary<string, ResourceQuantity> requests, IDictionary<string, ResourceQuantity>? oldRequests)
    {
        var result = new Dictionary<string, ResourceQuantity>(requests, StringComparer.Ordinal);
        if (oldRequests is not null && oldRequests.TryGetValue("storage", out var storage))
        {
            result["storage"] = storage;
        }
        else
        {
            result.Remove("storage");
        }
        return result;
    }

    private static decimal Storage(IDictionary<string, ResourceQuantity>? resources) =>
        resources is not null && resources.TryGetValue("storage", out var storage) && storage is not null ? storage.ToDecimal() : 0m;

    public static void ValidateSpec(V1PersistentVolumeClaimSpec spec, string path, List<FieldError> errors)
    {
        if (spec.AccessModes is null || spec.AccessModes.Count == 0)
        {
            errors.Add(FieldErrors.Required($"{path}.accessModes", "at least 1 access mode is required"));
        }
        bool readWriteOncePod = false, otherModes = false;
        foreach (var mode in spec.AccessModes ?? [])
        {
            if (!AccessModes.Contains(mode))
            {
                errors.Add(FieldErrors.NotSupported($"{path}.accessModes", GoQuote.Quote(mode ?? ""), AccessModes));
            }
            readWriteOncePod |= mode == "ReadWriteOncePod";
            otherModes |= mode != "ReadWriteOncePod" && AccessModes.Contains(mode);
        }
        if (readWriteOncePod && otherModes)
        {
            errors.Add(FieldErrors.Forbidden($"{path}.accessModes", "may not use ReadWriteOncePod with other access modes"));
        }
        var storagePath = FieldPath.Key($"{path}.resources", "storage");
        if (spec.Resources?.Requests is not { } requests || !requests.TryGetValue("storage", out var storage) || storage is null)
        {
            errors.Add(FieldErrors.Required(storagePath));
        }
        else if (ResourceRequirementsValidation.Sign(storage) <= 0)
        {
            errors.Add(FieldErrors.InvalidString(storagePath, ResourceRequirementsValidation.QuantityText(storage), "must be greater than zero"));
        }
        if (!string.IsNullOrEmpty(spec.StorageClassName))
        {
            errors.AddRange(NameValidation.IsDns1123Subdomain(spec.StorageClassName).Select(m => FieldErrors.InvalidString($"{path}.storageClassName", spec.StorageClassName, m)));
        }
        if (spec.VolumeMode is not null && !VolumeModes.Contains(spec.VolumeMode))
        {
            errors.Add(FieldErrors.NotSupported($"{path}.volumeMode", GoQuote.Quote(spec.VolumeMode), VolumeModes));
        }
    }
}
