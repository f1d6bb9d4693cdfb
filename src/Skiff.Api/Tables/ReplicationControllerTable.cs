using k8s.Models;

namespace Skiff.Api.Tables;

/// <summary>printReplicationController: like replica sets, but the selector is a plain label map.</summary>
internal static class ReplicationControllerTable
{
    public static ITablePrinter Printer { get; } = new TablePrinter<V1ReplicationController>(
    [
        TableColumns.Name,
        TableColumns.Integer("Desired", ColumnDescriptions.ReplicationControllerSpecReplicas),
        TableColumns.Integer("Current", ColumnDescriptions.ReplicationControllerStatusReplicas),
        TableColumns.Integer("Ready", ColumnDescriptions.ReplicationControllerStatusReadyReplicas),
        TableColumns.Age,
        TableColumns.Containers,
        TableColumns.Images,
        TableColumns.Wide("Selector", ColumnDescriptions.ReplicationControllerSpecSelector),
    ], Cells);

    private static object?[] Cells(V1ReplicationController controller, DateTime now)
    {
        var (names, images) = TableCells.Containers(controller.Spec?.Template?.Spec?.Containers);
        return
        [
            controller.Metadata?.Name ?? "",
            TableCells.Integer(controller.Spec?.Replicas),
            TableCells.Integer(controller.Status?.Replicas),
            TableCells.Integer(controller.Status?.ReadyReplicas),
            TableCells.Age(controller.Metadata, now),
            names,
            images,
            LabelSelectorText.FormatLabels(controller.Spec?.Selector),
        ];
    }
}
