using k8s.Models;

namespace Skiff.Api.Tables;

/// <summary>printPersistentVolume: CAPACITY, ACCESS MODES, RECLAIM POLICY, STATUS, CLAIM, STORAGECLASS, VOLUMEATTRIBUTESCLASS, REASON.</summary>
internal static class PersistentVolumeTable
{
    public static ITablePrinter Printer { get; } = new TablePrinter<V1PersistentVolume>(
    [
        TableColumns.Name,
        TableColumns.String("Capacity", ColumnDescriptions.PersistentVolumeCapacity),
        TableColumns.String("Access Modes", ColumnDescriptions.PersistentVolumeAccessModes),
        TableColumns.String("Reclaim Policy", ColumnDescriptions.PersistentVolumeReclaimPolicy),
        TableColumns.String("Status", ColumnDescriptions.PersistentVolumePhase),
        TableColumns.String("Claim", ColumnDescriptions.PersistentVolumeClaimRef),
        TableColumns.String("StorageClass", "StorageClass of the pv"),
        TableColumns.String("VolumeAttributesClass", "VolumeAttributesClass of the pv"),
        TableColumns.String("Reason", ColumnDescriptions.PersistentVolumeReason),
        TableColumns.Age,
        TableColumns.Wide("VolumeMode", ColumnDescriptions.PersistentVolumeVolumeMode),
    ], Cells);

    /// <summary>The beta annotation still wins over spec.storageClassName (helper.GetPersistentVolumeClass).</summary>
    internal const string BetaStorageClassAnnotation = "volume.beta.kubernetes.io/storage-class";

    private static object?[] Cells(V1PersistentVolume volume, DateTime now)
    {
        var spec = volume.Spec ?? new V1PersistentVolumeSpec();
        var claim = spec.ClaimRef is { } claimRef ? $"{claimRef.NamespaceProperty}/{claimRef.Name}" : "";
        var phase = volume.Metadata?.DeletionTimestamp is not null ? "Terminating" : volume.Status?.Phase ?? "";
        var storageClass = volume.Metadata?.Annotations?.TryGetValue(BetaStorageClassAnnotation, out var annotated) == true
            ? annotated
            : spec.StorageClassName ?? "";
        return
        [
            volume.Metadata?.Name ?? "",
            TableCells.Quantity(spec.Capacity, "storage"),
            TableCells.AccessModes(spec.AccessModes),
            spec.PersistentVolumeReclaimPolicy ?? "",
            phase,
            claim,
            storageClass,
            spec.VolumeAttributesClassName ?? TableCells.Unset,
            volume.Status?.Reason ?? "",
            TableCells.Age(volume.Metadata, now),
            spec.VolumeMode ?? TableCells.Unset,
        ];
    }
}
