using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Skiff.Api.Decoding;

/// <summary>
/// Go's %+v of the untyped value upstream decodes JSON into (map[string]interface{}, []interface{}, string, int64,
/// float64, bool, nil), which its strategic merge patch errors embed: <c>map[metadata:map[labels:map[a:b]] spec:map[replicas:3]]</c>.
/// </summary>
public static class GoValueText
{
    public static string Format(JsonNode? value)
    {
        var text = new StringBuilder();
        Append(text, value);
        return text.ToString();
    }

    private static void Append(StringBuilder text, JsonNode? value)
    {
        switch (value)
        {
            case null:
                text.Append("<nil>");
                break;
            case JsonObject obj:
                // Go prints map keys sorted.
                text.Append("map[");
                var first = true;
                foreach (var (key, child) in obj.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    text.Append(first ? "" : " ").Append(key).Append(':');
                    Append(text, child);
                    first = false;
                }

                text.Append(']');
                break;
            case JsonArray array:
                text.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    text.Append(i == 0 ? "" : " ");
                    Append(text, array[i]);
                }

                text.Append(']');
                break;
            default:
                var raw = value.ToJsonString();
                text.Append(value.GetValueKind() switch
                {
                    JsonValueKind.String => value.GetValue<string>(),
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    // Upstream keeps integers that fit int64 as int64 and decodes every other number as float64.
                    JsonValueKind.Number when long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer) =>
                        integer.ToString(CultureInfo.InvariantCulture),
                    JsonValueKind.Number => Float(double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture)),
                    _ => raw,
                });
                break;
        }
    }

    /// <summary>
    /// %v of a float64: the shortest digits that round-trip, in %e form when the decimal exponent is below -4 or at
    /// least 6 (Go's rule for shortest %g), e.g. 1.5, 100000, 1e+06, 1.234567e+06, 1e-05.
    /// </summary>
    private static string Float(double value)
    {
        if (double.IsInfinity(value))
        {
            return value > 0 ? "+Inf" : "-Inf";
        }

        // "E16" then trimmed would not be shortest; "R" is, but in .NET's layout: take its digits and exponent apart.
        var shortest = value.ToString("R", CultureInfo.InvariantCulture);
        var negative = shortest.StartsWith('-');
        var unsigned = negative ? shortest[1..] : shortest;
        var exponentAt = unsigned.IndexOfAny(['E', 'e']);
        var mantissa = exponentAt < 0 ? unsigned : unsigned[..exponentAt];
        var exponent = exponentAt < 0 ? 0 : int.Parse(unsigned[(exponentAt + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var point = mantissa.IndexOf('.');
        var digits = (point < 0 ? mantissa : mantissa.Remove(point, 1)).TrimStart('0');
        var leadingZeros = (point < 0 ? mantissa : mantissa.Remove(point, 1)).Length - digits.Length;
        digits = digits.TrimEnd('0');
        if (digits.Length == 0)
        {
            return negative ? "-0" : "0";
        }

        // Decimal exponent of the first significant digit.
        var integerDigits = (point < 0 ? mantissa.Length : point) - leadingZeros;
        var decimalExponent = integerDigits - 1 + exponent;
        var sign = negative ? "-" : "";
        if (decimalExponent < -4 || decimalExponent >= 6)
        {
            var fraction = digits.Length > 1 ? "." + digits[1..] : "";
            var exponentText = Math.Abs(decimalExponent).ToString("00", CultureInfo.InvariantCulture);
            return $"{sign}{digits[0]}{fraction}e{(decimalExponent < 0 ? '-' : '+')}{exponentText}";
        }

        if (decimalExponent < 0)
        {
            return $"{sign}0.{new string('0', -decimalExponent - 1)}{digits}";
        }

        return digits.Length <= decimalExponent + 1
            ? sign + digits + new string('0', decimalExponent + 1 - digits.Length)
            : $"{sign}{digits[..(decimalExponent + 1)]}.{digits[(decimalExponent + 1)..]}";
    }
}
