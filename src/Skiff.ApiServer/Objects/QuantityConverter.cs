using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using k8s.Models;

namespace Skiff.ApiServer.Objects;

/// <summary>
/// Reads and writes resource quantities as KubernetesClient does, but remembers the parse and the canonical text of
/// the few distinct values a cluster uses.
/// </summary>
/// <remarks>
/// KubernetesClient computes both with arbitrary-precision fractions, which made quantities a visible share of every
/// pod create (four of them in a typical container). <see cref="ResourceQuantity"/> is immutable, so one parsed instance
/// can be shared by every object that spelled the value the same way. Both tables stop growing at a bound, so a client
/// sending ever new values costs only the uncached work, not memory.
/// </remarks>
public sealed class QuantityConverter : JsonConverter<ResourceQuantity>
{
    private const int MaxRemembered = 4096;

    private static readonly ConcurrentDictionary<string, ResourceQuantity> Parsed = new(StringComparer.Ordinal);

    // Keyed by value (ResourceQuantity is a record): the canonical text depends only on the amount and the format.
    private static readonly ConcurrentDictionary<ResourceQuantity, string> CanonicalTexts = new();

    /// <summary>The quantity a string denotes (KubernetesClient's parse).</summary>
    public static ResourceQuantity Parse(string text)
    {
        if (Parsed.TryGetValue(text, out var known))
        {
            return known;
        }

        var parsed = new ResourceQuantity(text);
        if (Parsed.Count < MaxRemembered)
        {
            Parsed.TryAdd(text, parsed);
        }

        return parsed;
    }

    /// <summary>The canonical text of a quantity (KubernetesClient's ToString, upstream's Quantity.String).</summary>
    public static string Canonical(ResourceQuantity quantity)
    {
        if (CanonicalTexts.TryGetValue(quantity, out var known))
        {
            return known;
        }

        var text = quantity.ToString();
        if (CanonicalTexts.Count < MaxRemembered)
        {
            CanonicalTexts.TryAdd(quantity, text);
        }

        return text;
    }

    public override ResourceQuantity? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.Null => null,
            // As KubernetesClient: a JSON number is taken by its shortest text, or exactly when it does not fit a double.
            JsonTokenType.Number => reader.TryGetDouble(out var number)
                ? Parse(number.ToString(CultureInfo.InvariantCulture))
                : new ResourceQuantity(reader.GetDecimal(), 0, ResourceQuantity.SuffixFormat.DecimalExponent),
            _ => Parse(reader.GetString()!),
        };

    public override void Write(Utf8JsonWriter writer, ResourceQuantity value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(Canonical(value));
    }
}
