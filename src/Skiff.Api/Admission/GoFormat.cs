using System.Globalization;
using System.Text;
using k8s.Models;

namespace Skiff.Api.Admission;

/// <summary>
/// Renders bad values the way Go's fmt does inside upstream's field errors (%q for strings, %v for numbers, %#v for
/// maps and structs), because kubectl users see these strings verbatim. Struct renderings use upstream's internal
/// type names (e.g. <c>v1.LabelSelector</c>, <c>intstr.IntOrString</c>).
/// </summary>
internal static class GoFormat
{
    public static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Go's strconv.Quote: double quotes, Go escapes, printable Unicode kept as is.</summary>
    public static string Quote(string value)
    {
        var sb = new StringBuilder(value.Length + 2).Append('"');
        foreach (var rune in value.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\a': sb.Append("\\a"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\v': sb.Append("\\v"); break;
                default:
                    if (rune.Value < 0x20 || rune.Value == 0x7f)
                    {
                        sb.Append(CultureInfo.InvariantCulture, $"\\x{rune.Value:x2}");
                    }
                    else if (Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
                             or UnicodeCategory.OtherNotAssigned or UnicodeCategory.PrivateUse)
                    {
                        sb.Append(rune.Value <= 0xffff
                            ? string.Create(CultureInfo.InvariantCulture, $"\\u{rune.Value:x4}")
                            : string.Create(CultureInfo.InvariantCulture, $"\\U{rune.Value:x8}"));
                    }
                    else
                    {
                        sb.Append(rune.ToString());
                    }
                    break;
            }
        }
        return sb.Append('"').ToString();
    }

    /// <summary>%#v of a map[string]string (Go prints map keys sorted).</summary>
    public static string StringMap(IDictionary<string, string>? map)
    {
        if (map is null)
        {
            return "map[string]string(nil)";
        }
        var entries = map.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{Quote(kv.Key)}:{Quote(kv.Value)}");
        return $"map[string]string{{{string.Join(", ", entries)}}}";
    }

    /// <summary>%#v of a []string.</summary>
    public static string StringSlice(IEnumerable<string>? values) =>
        values is null ? "[]string(nil)" : $"[]string{{{string.Join(", ", values.Select(Quote))}}}";

    /// <summary>%#v of a metav1.LabelSelector (upstream dereferences the pointer before printing).</summary>
    public static string LabelSelector(V1LabelSelector? selector)
    {
        if (selector is null)
        {
            return "null";
        }
        var expressions = selector.MatchExpressions is null
            ? "[]v1.LabelSelectorRequirement(nil)"
            : "[]v1.LabelSelectorRequirement{" + string.Join(", ", selector.MatchExpressions.Select(e =>
                $"v1.LabelSelectorRequirement{{Key:{Quote(e.Key ?? "")}, Operator:{Quote(e.OperatorProperty ?? "")}, Values:{StringSlice(e.Values)}}}")) + "}";
        return $"v1.LabelSelector{{MatchLabels:{StringMap(selector.MatchLabels)}, MatchExpressions:{expressions}}}";
    }

    /// <summary>%#v of an intstr.IntOrString value; an absent value prints as Go's zero value.</summary>
    public static string IntOrString(IntOrString? value)
    {
        if (IntOrStringValue.TryGetInt(value, out var number))
        {
            return $"intstr.IntOrString{{Type:0, IntVal:{number}, StrVal:\"\"}}";
        }
        return value?.Value is null
            ? "intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}"
            : $"intstr.IntOrString{{Type:1, IntVal:0, StrVal:{Quote(value.Value)}}}";
    }

    /// <summary>%#v of the internal core.ServicePort key upstream builds for duplicate (protocol, port) pairs.</summary>
    public static string ServicePortKey(string protocol, int port) =>
        $"core.ServicePort{{Name:\"\", Protocol:{Quote(protocol)}, AppProtocol:(*string)(nil), Port:{port}, TargetPort:intstr.IntOrString{{Type:0, IntVal:0, StrVal:\"\"}}, NodePort:0}}";

    /// <summary>%#v of a struct holding a type string and an optional pointer; Go prints a live pointer as an address.</summary>
    public static string TypedStrategy(string goType, string type, string pointerType, bool pointerSet) =>
        $"{goType}{{Type:{Quote(type)}, RollingUpdate:({pointerType})({(pointerSet ? "0xc000000000" : "nil")})}}";
}
