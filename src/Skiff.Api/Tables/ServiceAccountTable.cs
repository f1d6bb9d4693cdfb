using k8s.Models;

namespace Skiff.Api.Tables;

/// <summary>printServiceAccount: the number of SECRETS.</summary>
internal static class ServiceAccountTable
{
    public static ITablePrinter Printer { get; } = new TablePrinter<V1ServiceAccount>(
    [
        TableColumns.Name,
        TableColumns.String("Secrets", ColumnDescriptions.ServiceAccountSecrets),
        TableColumns.Age,
    ], (account, now) =>
    [
        account.Metadata?.Name ?? "",
        (long)(account.Secrets?.Count ?? 0),
        TableCells.Age(account.Metadata, now),
    ]);
}
