using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Skiff.Api.Tests.Protobuf;

/// <summary>Field-by-field comparison of JSON trees that names every difference by its path.</summary>
internal static class JsonComparison
{
    /// <summary>
    /// Every difference between the trees. A null property counts as absent. With <paramref name="allowZeroExtras"/>,
    /// a property only <paramref name="actual"/> has is no difference when it holds a zero value ("", 0, false, or
    /// an object of zero values): what upstream's marshaller writes for a value field the JSON left out.
    /// </summary>
    public static List<string> Differences(JsonNode? expected, JsonNode? actual, bool allowZeroExtras = false)
    {
        var differences = new List<string>();
        Compare(expected, actual, "$", allowZeroExtras, differences);
        return differences;
    }

    public static void AssertEquivalent(JsonNode? expected, JsonNode? actual, bool allowZeroExtras = false)
    {
        var differences = Differences(expected, actual, allowZeroExtras);
        Assert.True(differences.Count == 0, string.Join('\n', differences.Take(40)) + $"\nactual: {actual?.ToJsonString()}");
    }

    private static void Compare(JsonNode? expected, JsonNode? actual, string path, bool allowZeroExtras, List<string> differences)
    {
        switch (expected, actual)
        {
            case (null, null):
                return;
            case (JsonObject e, JsonObject a):
                foreach (var (name, value) in e)
                {
                    Compare(value, a[name], $"{path}.{name}", allowZeroExtras, differences);
                }

                foreach (var (name, value) in a)
                {
                    if (e[name] is null && value is not null && !(allowZeroExtras && IsZero(value)))
                    {
                        differences.Add($"{path}.{name}: not expected, got {value.ToJsonString()}");
                    }
                }

                return;
            case (JsonArray e, JsonArray a):
                if (e.Count != a.Count)
                {
                    differences.Add($"{path}: {e.Count} elements expected, got {a.Count}");
                    return;
                }

                for (var i = 0; i < e.Count; i++)
                {
                    Compare(e[i], a[i], $"{path}[{i}]", allowZeroExtras, differences);
                }

                return;
            case (JsonValue e, JsonValue a) when SameValue(e, a):
                return;
            default:
                differences.Add($"{path}: expected {expected?.ToJsonString() ?? "nothing"}, got {actual?.ToJsonString() ?? "nothing"}");
                return;
        }
    }

    private static bool SameValue(JsonValue expected, JsonValue actual)
    {
        var kind = expected.GetValueKind();
        if (kind != actual.GetValueKind())
        {
            return false;
        }

        return kind == JsonValueKind.Number
            ? decimal.Parse(expected.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture) ==
              decimal.Parse(actual.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture)
            : expected.ToJsonString() == actual.ToJsonString();
    }

    private static bool IsZero(JsonNode node) => node switch
    {
        JsonObject o => o.All(kv => kv.Value is null || IsZero(kv.Value)),
        JsonArray => false,
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>().Length == 0 || v.GetValue<string>() == "0",
            JsonValueKind.Number => v.ToJsonString() == "0",
            JsonValueKind.False => true,
            _ => false,
        },
        _ => false,
    };
}
