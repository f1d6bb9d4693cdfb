using k8s.Models;

namespace Skiff.Api.Tables;

/// <summary>printPersistentVolumeClaim: STATUS (or Terminating), VOLUME, and CAPACITY/ACCESS MODES only once bound to a volume.</summary>
internal static class PersistentVolumeClaimTable
{
    public static ITablePrinter Printer { get; } = new TablePrinter<V1PersistentVolumeClaim>(
    [
        TableColumns.Name,
        TableColumns.String("Status", ColumnDescriptions.PersistentVolumeClaimPhase),
        TableColumns.String("Volume", ColumnDescriptions.PersistentVolumeClaimVolumeName),
        TableColumns.String("Capacity", ColumnDescriptions.PersistentVolumeClaimCapacity),
        TableColumns.String("Access Modes", ColumnDescriptions.PersistentVolumeClaimAccessModes),
        TableColumns.String("StorageClass", "StorageClass of the pvc"),
        TableColumns.String("VolumeAttributesClass", "VolumeAttributesClass of the pvc"),
        TableColumns.Age,
        TableColumns.Wide("VolumeMode", ColumnDescriptions.PersistentVolumeClaimVolumeMode),
    ], Cells);

    private static object?[] Cells(V1PersistentVolumeClaim claim, DateTime now)
    {
        var spec = claim.Spec ?? new V1PersistentVolumeClaimSpec();
        var phase = claim.Metadata?.DeletionTimestamp is not null ? "Terminating" : claim.Status?.Phase ?? "";
        var volumeName = spec.VolumeName ?? "";
        var capacity = "";
        var accessModes = "";
        if (volumeName.Length > 0)
        {
            accessModes = TableCells.AccessModes(claim.Status?.AccessModes);
            capacity = TableCells.Quantity(claim.Status?.Capacity, "storage");
        }

        var storageClass = claim.Metadata?.Annotations?.TryGetValue(PersistentVolumeTable.BetaStorageClassAnnotation, out var annotated) == true
            ? annotated
            : spec.StorageClassName ?? "";
        return
        [
            claim.Metadata?.Name ?? "",
            phase,
            volumeName,
            capacity,
            accessModes,
            storageClass,
            spec.VolumeAttributesClassName ?? TableCells.Unset,
            TableCells.Age(claim.Metadata, now),
            spec.VolumeMode ?? TableCells.Unset,
        ];
    }
}
