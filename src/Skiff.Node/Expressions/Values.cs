using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Skiff.Node.Expressions;

/// <summary>The stage language's values (null, bool, double, string, JSON object or array) and their conversions.</summary>
public static class Values
{
    /// <summary>A JSON node as a value: scalars become bool, double or string; objects and arrays stay nodes.</summary>
    public static object? FromJson(JsonNode? node)
    {
        if (node is not JsonValue value)
        {
            return node;
        }

        return value.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => Double(value),
            JsonValueKind.String => value.GetValue<string>(),
            _ => null,
        };
    }

    // Parsed JSON holds numbers as JsonElement; nodes built in code hold the CLR type they were made from.
    private static double Double(JsonValue value) =>
        value.TryGetValue<double>(out var d) ? d
        : value.TryGetValue<long>(out var l) ? l
        : value.TryGetValue<int>(out var i) ? i
        : double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>A value as a fresh JSON node (whole numbers as integers, so 3 stays 3 and not 3.0).</summary>
    public static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        bool b => JsonValue.Create(b),
        double d when double.IsFinite(d) && Math.Abs(d) < 9e15 && d == Math.Floor(d) => JsonValue.Create((long)d),
        double d => JsonValue.Create(d),
        string s => JsonValue.Create(s),
        JsonNode n => n.DeepClone(),
        _ => JsonValue.Create(value.ToString()),
    };

    /// <summary>False for null, false, "", 0 and empty arrays; true otherwise.</summary>
    public static bool IsTrue(object? value) => value switch
    {
        null => false,
        bool b => b,
        double d => d != 0,
        string s => s.Length > 0,
        JsonArray a => a.Count > 0,
        _ => true,
    };

    public static double? Number(object? value) => value switch
    {
        double d => d,
        bool b => b ? 1 : 0,
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };

    public static string ToText(object? value) => value switch
    {
        null => "",
        bool b => b ? "true" : "false",
        double d => d.ToString(CultureInfo.InvariantCulture),
        string s => s,
        JsonNode n => n.ToJsonString(),
        _ => value.ToString() ?? "",
    };

    public static bool AreEqual(object? a, object? b) => (a, b) switch
    {
        (null, null) => true,
        (null, _) or (_, null) => false,
        (double x, double y) => x == y,
        (string x, string y) => string.Equals(x, y, StringComparison.Ordinal),
        (bool x, bool y) => x == y,
        (JsonNode x, JsonNode y) => JsonNode.DeepEquals(x, y),
        _ => false,
    };

    /// <summary>Orders two numbers, or two strings ordinally (RFC 3339 times in UTC order as text); null when not comparable.</summary>
    public static int? Compare(object? a, object? b) => (a, b) switch
    {
        (double x, double y) => x.CompareTo(y),
        (string x, string y) => string.CompareOrdinal(x, y),
        _ => null,
    };
}
