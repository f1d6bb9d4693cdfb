using System.Text.Json.Serialization;

namespace Skiff.Api.Tables;

/// <summary>The list metadata of a Table (metav1.ListMeta): the list's resourceVersion and the paging token.</summary>
public sealed class TableListMeta
{
    /// <summary>kubectl reuses it as the starting point of `get -w`.</summary>
    [JsonPropertyName("resourceVersion")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ResourceVersion { get; set; }

    /// <summary>The paging token; null leaves it out (kubectl then stops paging).</summary>
    [JsonPropertyName("continue")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Continue { get; set; }

    [JsonPropertyName("remainingItemCount")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? RemainingItemCount { get; set; }
}
