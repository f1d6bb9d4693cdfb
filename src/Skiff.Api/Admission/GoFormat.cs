using System.Globalization;
using System.Text;
using k8s.Models;
using Skiff.Api.Syntax;

namespace Skiff.Api.Admission;

/// <summary>
/// Renders bad values the way Go's fmt does inside upstream's field errors (%q for strings, %v for numbers, %#v for
/// maps and structs), because kubectl users see these strings verbatim. Struct renderings use upstream's internal
/// type names (e.g. <c>v1.LabelSelector</c>, <c>intstr.IntOrString</c>).
/// </summary>
internal static class GoFormat
{
    public static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>%#v of a map[string]string (Go prints map keys sorted).</summary>
    public static string StringMap(IDictionary<string, string>? map)
    {
        if (map is null)
        {
            return "map[string]string(nil)";
        }
        var entries = map.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{GoQuote.Quote(kv.Key)}:{GoQuote.Quote(kv.Value)}");
        return $"map[string]string{{{string.Join(", ", entries)}}}";
    }


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
                $"v1.LabelSelectorRequirement{{Key:{GoQuote.Quote(e.Key ?? "")}, Operator:{GoQuote.Quote(e.OperatorProperty ?? "")}, Values:{GoQuote.StringSlice(e.Values)}}}")) + "}";
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
            : $"intstr.IntOrString{{Type:1, IntVal:0, StrVal:{GoQuote.Quote(value.Value)}}}";
    }

    /// <summary>%#v of the internal core.ServicePort key upstream builds for duplicate (protocol, port) pairs.</summary>
    public static string ServicePortKey(string protocol, int port) =>
        $"core.ServicePort{{Name:\"\", Protocol:{GoQuote.Quote(protocol)}, AppProtocol:(*string)(nil), Port:{port}, TargetPort:intstr.IntOrString{{Type:0, IntVal:0, StrVal:\"\"}}, NodePort:0}}";

    /// <summary>%#v of a struct holding a type string and an optional pointer; Go prints a live pointer as an address.</summary>
    public static string TypedStrategy(string goType, string type, string pointerType, bool pointerSet) =>
        $"{goType}{{Type:{GoQuote.Quote(type)}, RollingUpdate:({pointerType})({(pointerSet ? "0xc000000000" : "nil")})}}";
}
