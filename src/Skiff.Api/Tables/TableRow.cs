using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Skiff.Api.Tables;

/// <summary>One row of a metav1.Table: the printed cells and the object they describe.</summary>
public sealed class TableRow
{
    /// <summary>Strings, integers (long) or booleans, in column order.</summary>
    [JsonPropertyName("cells")]
    public IReadOnlyList<object?> Cells { get; set; } = [];

    /// <summary>
    /// The full object, a PartialObjectMetadata, or null (includeObject=None). Written even when null because
    /// upstream's RawExtension marshals an empty object as <c>null</c>.
    /// </summary>
    [JsonPropertyName("object")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public JsonNode? Object { get; set; }
}
