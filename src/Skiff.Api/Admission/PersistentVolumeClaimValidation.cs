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

    public static void ValidateUpdate(V1PersistentVolumeClaim claim, V1PersistentVolumeClaim old, List<FieldError> errors)
    {
        ObjectMetaValidation.ValidateUpdate(claim.Metadata, old.Metadata, errors);
        ValidateSpec(claim.Spec ?? new V1PersistentVolumeClaimSpec(), "spec", errors);
    }

    public static void ValidateSpec(V1PersistentVolumeClaimSpec spec, string path, List<FieldError> errors)
    {
        if (spec.AccessModes is null || spec.AccessModes.Count == 0)
        {
            errors.Add(FieldErrors.Required($"{path}.accessModes", "at least 1 access mode is required"));
        }
        foreach (var mode in spec.AccessModes ?? [])
        {
            if (!AccessModes.Contains(mode))
            {
                errors.Add(FieldErrors.NotSupported($"{path}.accessModes", GoQuote.Quote(mode ?? ""), AccessModes));
            }
        }
        var storagePath = FieldPath.Key($"{path}.resources", "storage");
        if (spec.Resources?.Requests is not { } requests || !requests.TryGetValue("storage", out var storage) || storage is null)
        {
            errors.Add(FieldErrors.Required(storagePath));
        }
        else if (PodSpecValidation.Sign(storage) <= 0)
        {
            errors.Add(FieldErrors.InvalidString(storagePath, PodSpecValidation.QuantityText(storage), "must be greater than zero"));
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
