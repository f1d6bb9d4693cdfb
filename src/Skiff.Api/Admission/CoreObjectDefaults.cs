using System.Text;
using k8s.Models;

namespace Skiff.Api.Admission;

/// <summary>Upstream's defaults for the small core kinds: Namespace, Secret, ConfigMap, PersistentVolume(Claim), Endpoints, EndpointSlice.</summary>
internal static class CoreObjectDefaults
{
    /// <summary>The label upstream puts on every named namespace.</summary>
    public const string NamespaceNameLabel = "kubernetes.io/metadata.name";

    public static void Apply(V1Namespace ns)
    {
        if (!string.IsNullOrEmpty(ns.Metadata?.Name))
        {
            ns.Metadata.Labels ??= new Dictionary<string, string>();
            ns.Metadata.Labels[NamespaceNameLabel] = ns.Metadata.Name;
        }
        ns.Status ??= new V1NamespaceStatus();
        if (string.IsNullOrEmpty(ns.Status.Phase))
        {
            ns.Status.Phase = "Active";
        }
    }

    /// <summary>
    /// The namespace strategy's create-time rule: a new namespace always carries the "kubernetes" finalizer. Not a
    /// default, because the finalize call removes it later and updates must not put it back.
    /// </summary>
    public static void ApplyForCreate(V1Namespace ns)
    {
        ns.Spec ??= new V1NamespaceSpec();
        ns.Spec.Finalizers ??= [];
        if (!ns.Spec.Finalizers.Contains("kubernetes"))
        {
            ns.Spec.Finalizers.Add("kubernetes");
        }
    }

    /// <summary>Secret type defaults to Opaque; stringData is folded into data as upstream's conversion does (it is write-only).</summary>
    public static void Apply(V1Secret secret)
    {
        if (string.IsNullOrEmpty(secret.Type))
        {
            secret.Type = "Opaque";
        }
        if (secret.StringData is { Count: > 0 } stringData)
        {
            secret.Data ??= new Dictionary<string, byte[]>();
            foreach (var (key, value) in stringData)
            {
                secret.Data[key] = Encoding.UTF8.GetBytes(value ?? "");
            }
        }
        secret.StringData = null;
    }

    public static void Apply(V1ConfigMap configMap) => configMap.Data ??= new Dictionary<string, string>();

    public static void Apply(V1PersistentVolumeClaim claim)
    {
        claim.Spec ??= new V1PersistentVolumeClaimSpec();
        if (string.IsNullOrEmpty(claim.Spec.VolumeMode))
        {
            claim.Spec.VolumeMode = "Filesystem";
        }
        claim.Status ??= new V1PersistentVolumeClaimStatus();
        if (string.IsNullOrEmpty(claim.Status.Phase))
        {
            claim.Status.Phase = "Pending";
        }
    }

    public static void Apply(V1PersistentVolume volume)
    {
        volume.Spec ??= new V1PersistentVolumeSpec();
        if (string.IsNullOrEmpty(volume.Spec.PersistentVolumeReclaimPolicy))
        {
            volume.Spec.PersistentVolumeReclaimPolicy = "Retain";
        }
        if (string.IsNullOrEmpty(volume.Spec.VolumeMode))
        {
            volume.Spec.VolumeMode = "Filesystem";
        }
        volume.Status ??= new V1PersistentVolumeStatus();
        if (string.IsNullOrEmpty(volume.Status.Phase))
        {
            volume.Status.Phase = "Pending";
        }
    }

    public static void Apply(V1Endpoints endpoints)
    {
        foreach (var port in (endpoints.Subsets ?? []).SelectMany(s => s.Ports ?? []))
        {
            if (string.IsNullOrEmpty(port.Protocol))
            {
                port.Protocol = "TCP";
            }
        }
    }

    public static void Apply(V1EndpointSlice slice)
    {
        foreach (var port in slice.Ports ?? [])
        {
            port.Name ??= "";
            if (string.IsNullOrEmpty(port.Protocol))
            {
                port.Protocol = "TCP";
            }
        }
    }
}
