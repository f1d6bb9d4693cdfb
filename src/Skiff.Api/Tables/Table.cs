using System.Text.Json.Serialization;

namespace Skiff.Api.Tables;

/// <summary>A metav1.Table (meta.k8s.io/v1): what `kubectl get` asks for with <c>Accept: application/json;as=Table;v=v1;g=meta.k8s.io</c>.</summary>
public sealed class Table
{
    [JsonPropertyName("kind")]
    [JsonPropertyOrder(-3)]
    public string Kind { get; init; } = "Table";

    [JsonPropertyName("apiVersion")]
    [JsonPropertyOrder(-2)]
    public string ApiVersion { get; init; } = "meta.k8s.io/v1";

    [JsonPropertyName("metadata")]
    [JsonPropertyOrder(-1)]
    public TableListMeta Metadata { get; set; } = new();

    [JsonPropertyName("columnDefinitions")]
    public IReadOnlyList<TableColumnDefinition> ColumnDefinitions { get; set; } = [];

    [JsonPropertyName("rows")]
    public IReadOnlyList<TableRow> Rows { get; set; } = [];

    /// <summary>
    /// Builds a table with the printer's columns and one row per item; each row's object is left for the caller
    /// (full object, PartialObjectMetadata or none, depending on <c>includeObject</c>).
    /// </summary>
    public static Table Create(ITablePrinter printer, IEnumerable<object> items, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(printer);
        ArgumentNullException.ThrowIfNull(items);
        return new Table
        {
            ColumnDefinitions = printer.Columns,
            Rows = [.. items.Select(item => new TableRow { Cells = printer.Cells(item, now) })],
        };
    }
}
