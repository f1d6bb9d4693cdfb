using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace Skiff.Api.Tables;

/// <summary>The apiserver's default table convertor for resources without a printer: NAME and "Created At" (RFC3339).</summary>
internal sealed class DefaultTablePrinter : ITablePrinter
{
    public static ITablePrinter Printer { get; } = new DefaultTablePrinter();

    public IReadOnlyList<TableColumnDefinition> Columns { get; } =
    [
        TableColumns.Name,
        new TableColumnDefinition("Created At", "date", "", ColumnDescriptions.CreationTimestamp, 0),
    ];

    public object?[] Cells(object obj, DateTime now)
    {
        var metadata = Metadata(obj);
        return [metadata?.Name ?? "", TableCells.Rfc3339(metadata?.CreationTimestamp)];
    }

    private static V1ObjectMeta? Metadata(object obj) => obj switch
    {
        IMetadata<V1ObjectMeta> typed => typed.Metadata,
        JsonNode node => Read(node["metadata"]?.ToJsonString()),
        JsonElement element => element.ValueKind == JsonValueKind.Object && element.TryGetProperty("metadata", out var m) ? Read(m.GetRawText()) : null,
        string json => Metadata(JsonNode.Parse(json) ?? throw new ArgumentException("Empty JSON.", nameof(obj))),
        _ => throw new ArgumentException($"Expected a Kubernetes object but got {obj.GetType().Name}.", nameof(obj)),
    };

    private static V1ObjectMeta? Read(string? json) => json is null ? null : KubernetesJson.Deserialize<V1ObjectMeta>(json);
}
