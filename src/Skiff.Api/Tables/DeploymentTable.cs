using k8s.Models;

namespace Skiff.Api.Tables;

/// <summary>printDeployment: READY as "ready/desired", UP-TO-DATE and AVAILABLE as integers, wide CONTAINERS/IMAGES/SELECTOR.</summary>
internal static class DeploymentTable
{
    public static ITablePrinter Printer { get; } = new TablePrinter<V1Deployment>(
    [
        TableColumns.Name,
        TableColumns.String("Ready", "Number of the pod with ready state"),
        TableColumns.String("Up-to-date", ColumnDescriptions.DeploymentUpdatedReplicas),
        TableColumns.String("Available", ColumnDescriptions.DeploymentAvailableReplicas),
        TableColumns.Age,
        TableColumns.Containers,
        TableColumns.Images,
        TableColumns.Wide("Selector", ColumnDescriptions.DeploymentSelector),
    ], Cells);

    private static object?[] Cells(V1Deployment deployment, DateTime now)
    {
        var (names, images) = TableCells.Containers(deployment.Spec?.Template?.Spec?.Containers);
        // Unlike the other workloads, upstream prints selector.String() here: an empty selector stays empty.
        var selector = LabelSelectorText.ToSelectorString(deployment.Spec?.Selector) ?? "<invalid>";
        return
        [
            deployment.Metadata?.Name ?? "",
            $"{deployment.Status?.ReadyReplicas ?? 0}/{deployment.Spec?.Replicas ?? 0}",
            TableCells.Integer(deployment.Status?.UpdatedReplicas),
            TableCells.Integer(deployment.Status?.AvailableReplicas),
            TableCells.Age(deployment.Metadata, now),
            names,
            images,
            selector,
        ];
    }
}
