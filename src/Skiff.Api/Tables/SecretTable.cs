using k8s.Models;

namespace Skiff.Api.Tables;

/// <summary>printSecret: TYPE and the number of DATA keys.</summary>
internal static class SecretTable
{
    public static ITablePrinter Printer { get; } = new TablePrinter<V1Secret>(
    [
        TableColumns.Name,
        TableColumns.String("Type", ColumnDescriptions.SecretType),
        TableColumns.String("Data", ColumnDescriptions.SecretData),
        TableColumns.Age,
    ], (secret, now) =>
    [
        secret.Metadata?.Name ?? "",
        secret.Type ?? "",
        (long)(secret.Data?.Count ?? 0),
        TableCells.Age(secret.Metadata, now),
    ]);
}
