using k8s.Models;

namespace Skiff.Api.Tables;

/// <summary>printLease: HOLDER is spec.holderIdentity (empty when unset).</summary>
internal static class LeaseTable
{
    public static ITablePrinter Printer { get; } = new TablePrinter<V1Lease>(
    [
        TableColumns.Name,
        TableColumns.String("Holder", ColumnDescriptions.LeaseHolderIdentity),
        TableColumns.Age,
    ], (lease, now) =>
    [
        lease.Metadata?.Name ?? "",
        lease.Spec?.HolderIdentity ?? "",
        TableCells.Age(lease.Metadata, now),
    ]);
}
