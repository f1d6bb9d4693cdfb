using System.CommandLine;
using System.Globalization;

namespace Skiff;

/// <summary>Go's duration syntax ("40s", "1m30s", "500ms", "1.5h"), which upstream's flags take, for Skiff's options of the same names.</summary>
public static class GoDuration
{
    /// <summary>An option that parses a positive Go duration, with upstream's flag name, meaning and default.</summary>
    public static Option<TimeSpan> Option(string name, string description, TimeSpan defaultValue) => new(name)
    {
        Description = $"{description} (a duration such as 40s, 1m30s or 500ms; default {Format(defaultValue)})",
        HelpName = "duration",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            if (!TryParse(text, out var duration))
            {
                result.AddError($"invalid value \"{text}\" for {name}: time: invalid duration \"{text}\"");
            }
            else if (duration <= TimeSpan.Zero)
            {
                result.AddError($"invalid value \"{text}\" for {name}: must be greater than 0");
            }

            return duration;
        },
    };

    /// <summary>
    /// A sequence of numbers, each with an optional fraction and a unit (ns, us, µs, ms, s, m, h); "0" alone needs no
    /// unit. Example: "1m30.5s" is 60 s + 30.5 s = 90.5 s. Negative durations are refused: no setting here wants one.
    /// </summary>
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (text == "0")
        {
            return true;
        }

        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var total = 0.0;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
            {
                i++;
            }

            if (i == start || !double.TryParse(text.AsSpan(start, i - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            var unitStart = i;
            while (i < text.Length && !char.IsAsciiDigit(text[i]) && text[i] != '.')
            {
                i++;
            }

            double? seconds = text[unitStart..i] switch
            {
                "ns" => 1e-9,
                "us" or "µs" or "μs" => 1e-6,
                "ms" => 1e-3,
                "s" => 1,
                "m" => 60,
                "h" => 3600,
                _ => null,
            };
            if (seconds is not { } unit)
            {
                return false;
            }

            total += number * unit;
        }

        duration = TimeSpan.FromSeconds(total);
        return true;
    }

    /// <summary>Go's way of printing a whole-second duration: "40s", "5m0s", "1h0m0s".</summary>
    public static string Format(TimeSpan duration)
    {
        if (duration < TimeSpan.FromMinutes(1))
        {
            return duration.TotalSeconds.ToString(CultureInfo.InvariantCulture) + "s";
        }

        var hours = (int)duration.TotalHours;
        var text = hours > 0 ? $"{hours}h{duration.Minutes}m" : $"{duration.Minutes}m";
        return text + duration.Seconds.ToString(CultureInfo.InvariantCulture) + "s";
    }
}
