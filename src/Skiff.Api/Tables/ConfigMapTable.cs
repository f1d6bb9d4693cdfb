using k8s.Models;

namespace Skiff.Api.Tables;

/// <summary>printConfigMap: DATA counts data and binaryData keys.</summary>
internal static class ConfigMapTable
{
    public static ITablePrinter Printer { get; } = new TablePrinter<V1ConfigMap>(
    [
        TableColumns.Name,
        TableColumns.String("Data", ColumnDescriptions.ConfigMapData),
        TableColumns.Age,
    ], (configMap, now) =>
    [
        configMap.Metadata?.Name ?? "",
        (long)((configMap.Data?.Count ?? 0) + (configMap.BinaryData?.Count ?? 0)),
        TableCells.Age(configMap.Metadata, now),
    ]);
}
