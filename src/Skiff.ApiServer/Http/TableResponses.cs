using System.Text.Json;
using System.Text.Json.Nodes;
using Skiff.Api.Resources;
using Skiff.Api.Tables;
using Skiff.ApiServer.Objects;

namespace Skiff.ApiServer.Http;

/// <summary>
/// meta.k8s.io/v1 Table responses for `kubectl get`: upstream always sends every column, wide ones with priority 1,
/// and each row carries the object's metadata (or the whole object with includeObject=Object).
/// </summary>
public sealed class TableResponses(TimeProvider time)
{
    /// <summary>Whether the Accept header asks for a Table (kubectl get sends as=Table first).</summary>
    public static bool Wants(string? accept) => accept is not null && accept.Contains("as=Table", StringComparison.Ordinal);

    public JsonObject Build(ResourceDefinition resource, IEnumerable<object> models, string resourceVersion, string? continueToken,
        string? includeObject, bool withColumns = true)
    {
        var printer = TablePrinters.For(resource.Group, resource.Plural);
        var now = time.GetUtcNow().UtcDateTime;
        var rows = new JsonArray();
        foreach (var model in models)
        {
            var cells = new JsonArray();
            foreach (var cell in printer.Cells(model, now))
            {
                cells.Add(cell is null ? null : JsonSerializer.SerializeToNode(cell, cell.GetType()));
            }

            var row = new JsonObject { ["cells"] = cells };
            var rowObject = RowObject(model, includeObject);
            if (rowObject is not null)
            {
                row["object"] = rowObject;
            }

            rows.Add(row);
        }

        var metadata = new JsonObject { ["resourceVersion"] = resourceVersion };
        if (!string.IsNullOrEmpty(continueToken))
        {
            metadata["continue"] = continueToken;
        }

        var table = new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = metadata,
        };
        if (withColumns)
        {
            table["columnDefinitions"] = JsonSerializer.SerializeToNode(printer.Columns, Responses.DtoOptions);
        }

        table["rows"] = rows;
        return table;
    }

    private static JsonNode? RowObject(object model, string? includeObject) => includeObject switch
    {
        "None" => null,
        "Object" => ObjectCodec.ToNode(model),
        _ => new JsonObject
        {
            ["kind"] = "PartialObjectMetadata",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = ObjectCodec.ToNode(ModelAccessor.Metadata(model)),
        },
    };
}
