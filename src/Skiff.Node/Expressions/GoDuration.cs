using System.Globalization;
using System.Text;

namespace Skiff.Node.Expressions;

/// <summary>Go's time.Duration text: parsing "1m30s", "500ms", "2h" and formatting seconds as Go prints them ("5m0s").</summary>
public static class GoDuration
{
    /// <summary>Seconds in a duration text; a bare number is seconds. Null when the text is not a duration.</summary>
    public static double? ParseSeconds(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        text = text.Trim();
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var bare))
        {
            return bare;
        }

        double total = 0;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
            {
                i++;
            }

            if (start == i || !double.TryParse(text.AsSpan(start, i - start), NumberStyles.Float, CultureInfo.InvariantCulture, out var amount))
            {
                return null;
            }

            var unitStart = i;
            while (i < text.Length && char.IsAsciiLetter(text[i]))
            {
                i++;
            }

            double? unit = text[unitStart..i] switch
            {
                "h" => 3600,
                "m" => 60,
                "s" => 1,
                "ms" => 0.001,
                "us" or "µs" => 0.000001,
                "ns" => 0.000000001,
                _ => null,
            };
            if (unit is null)
            {
                return null;
            }

            total += amount * unit.Value;
        }

        return total;
    }

    /// <summary>
    /// Seconds as Go's Duration.String prints them: 10 is "10s", 80 is "1m20s", 300 is "5m0s", 3600 is "1h0m0s",
    /// 0.5 is "500ms" (upstream's back-off messages read "back-off 5m0s restarting failed container=...").
    /// </summary>
    public static string Format(double seconds)
    {
        if (seconds <= 0)
        {
            return "0s";
        }

        if (seconds < 1)
        {
            return (seconds * 1000).ToString("0.###", CultureInfo.InvariantCulture) + "ms";
        }

        var builder = new StringBuilder();
        var hours = (long)(seconds / 3600);
        var rest = seconds - hours * 3600;
        var minutes = (long)(rest / 60);
        rest -= minutes * 60;
        if (hours > 0)
        {
            builder.Append(hours).Append('h').Append(minutes).Append('m');
        }
        else if (minutes > 0)
        {
            builder.Append(minutes).Append('m');
        }

        builder.Append(rest.ToString("0.#########", CultureInfo.InvariantCulture)).Append('s');
        return builder.ToString();
    }
}
