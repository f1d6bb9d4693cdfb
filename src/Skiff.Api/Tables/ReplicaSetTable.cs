using k8s.Models;

namespace Skiff.Api.Tables;

/// <summary>printReplicaSet: DESIRED, CURRENT, READY integers, wide CONTAINERS/IMAGES/SELECTOR.</summary>
internal static class ReplicaSetTable
{
    public static ITablePrinter Printer { get; } = new TablePrinter<V1ReplicaSet>(
    [
        TableColumns.Name,
        TableColumns.Integer("Desired", ColumnDescriptions.ReplicaSetSpecReplicas),
        TableColumns.Integer("Current", ColumnDescriptions.ReplicaSetStatusReplicas),
        TableColumns.Integer("Ready", ColumnDescriptions.ReplicaSetStatusReadyReplicas),
        TableColumns.Age,
        TableColumns.Containers,
        TableColumns.Images,
        TableColumns.Wide("Selector", ColumnDescriptions.ReplicaSetSpecSelector),
    ], Cells);

    private static object?[] Cells(V1ReplicaSet replicaSet, DateTime now)
    {
        var (names, images) = TableCells.Containers(replicaSet.Spec?.Template?.Spec?.Containers);
        return
        [
            replicaSet.Metadata?.Name ?? "",
            TableCells.Integer(replicaSet.Spec?.Replicas),
            TableCells.Integer(replicaSet.Status?.Replicas),
            TableCells.Integer(replicaSet.Status?.ReadyReplicas),
            TableCells.Age(replicaSet.Metadata, now),
            names,
            images,
            LabelSelectorText.Format(replicaSet.Spec?.Selector),
        ];
    }
}
