using System.Globalization;
using System.Text.RegularExpressions;

namespace Skiff.Testing;

/// <summary>Reads samples out of a Prometheus text exposition, as a test sees /metrics.</summary>
public static partial class PrometheusText
{
    /// <summary>
    /// The sum of the samples named <paramref name="name"/> whose labels include every given pair (a label given as ""
    /// must be empty or absent, as Prometheus treats them); null when no sample matches.
    /// </summary>
    public static double? Value(string text, string name, params (string Label, string Value)[] labels)
    {
        double? sum = null;
        foreach (var line in text.Split('\n'))
        {
            var match = SampleLine().Match(line.TrimEnd('\r'));
            if (!match.Success || match.Groups["name"].Value != name)
            {
                continue;
            }

            var present = LabelPair().Matches(match.Groups["labels"].Value).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
            if (labels.All(l => present.GetValueOrDefault(l.Label, "") == l.Value))
            {
                sum = (sum ?? 0) + double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
            }
        }

        return sum;
    }

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>\S+)$""")]
    private static partial Regex SampleLine();

    [GeneratedRegex(""""([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"""")]
    private static partial Regex LabelPair();
}
