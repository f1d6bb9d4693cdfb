using k8s.Models;

namespace Skiff.Api.Tables;

/// <summary>printNamespace: STATUS is the phase (Active, Terminating).</summary>
internal static class NamespaceTable
{
    public static ITablePrinter Printer { get; } = new TablePrinter<V1Namespace>(
    [
        TableColumns.Name,
        TableColumns.String("Status", "The status of the namespace"),
        TableColumns.Age,
    ], (ns, now) =>
    [
        ns.Metadata?.Name ?? "",
        ns.Status?.Phase ?? "",
        TableCells.Age(ns.Metadata, now),
    ]);
}
