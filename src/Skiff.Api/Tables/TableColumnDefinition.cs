using System.Text.Json.Serialization;

namespace Skiff.Api.Tables;

/// <summary>One column of a metav1.Table; serializes exactly as metav1.TableColumnDefinition (every field always present).</summary>
public sealed record TableColumnDefinition(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("format")] string Format,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("priority")] int Priority);
