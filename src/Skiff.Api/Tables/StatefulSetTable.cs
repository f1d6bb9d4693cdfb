using k8s.Models;

namespace Skiff.Api.Tables;

/// <summary>printStatefulSet: READY as "ready/desired", wide CONTAINERS/IMAGES.</summary>
internal static class StatefulSetTable
{
    public static ITablePrinter Printer { get; } = new TablePrinter<V1StatefulSet>(
    [
        TableColumns.Name,
        TableColumns.String("Ready", "Number of the pod with ready state"),
        TableColumns.Age,
        TableColumns.Containers,
        TableColumns.Images,
    ], Cells);

    private static object?[] Cells(V1StatefulSet statefulSet, DateTime now)
    {
        var (names, images) = TableCells.Containers(statefulSet.Spec?.Template?.Spec?.Containers);
        return
        [
            statefulSet.Metadata?.Name ?? "",
            $"{statefulSet.Status?.ReadyReplicas ?? 0}/{statefulSet.Spec?.Replicas ?? 0}",
            TableCells.Age(statefulSet.Metadata, now),
            names,
            images,
        ];
    }
}
