using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text;
using k8s.Models;
using Skiff.Api.Syntax;

namespace Skiff.Api.Admission;

/// <summary>
/// A diff of two API values in the style of go-cmp's cmp.Diff, which upstream appends to some Forbidden causes
/// ("pod updates may not change fields ..."). go-cmp's exact layout is deliberately unstable, so this keeps its
/// shape rather than its bytes: unchanged fields are folded, removed lines start with "-", added ones with "+".
/// Worked example, a container port changed from 80 to 8080:
/// <code>
///   core.PodSpec{
///   	... // 2 identical fields
///   	Containers: []core.Container{
///   		{
///   			... // 4 identical fields
///   			Ports: []core.ContainerPort{
///   				{
///   					... // 2 identical fields
/// - 					ContainerPort: 80,
/// + 					ContainerPort: 8080,
///   					... // 2 identical fields
///   				},
///   			},
///   			... // 18 identical fields
///   		},
///   	},
///   	... // 36 identical fields
///   }
/// </code>
/// </summary>
internal static class GoDiff
{
    public static string Render(object oldValue, object newValue)
    {
        var sb = new StringBuilder();
        sb.Append("  ").Append(TypeName(oldValue.GetType())).Append("{\n");
        RenderFields(oldValue, newValue, 1, sb);
        sb.Append("  }\n");
        return sb.ToString();
    }

    private static void RenderFields(object oldValue, object newValue, int depth, StringBuilder sb)
    {
        var identical = 0;
        foreach (var property in oldValue.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0))
        {
            var before = property.GetValue(oldValue);
            var after = property.GetValue(newValue);
            if (SemanticEquality.AreEqual(before, after))
            {
                identical++;
                continue;
            }
            Fold(ref identical, "field", depth, sb);
            RenderChange(GoFieldName(property), before, after, depth, sb);
        }
        Fold(ref identical, "field", depth, sb);
    }

    private static void RenderChange(string label, object? before, object? after, int depth, StringBuilder sb)
    {
        var prefix = label.Length == 0 ? "" : label + ": ";
        if (before is not null && after is not null && IsStruct(before.GetType()) && before.GetType() == after.GetType())
        {
            Line(' ', depth, $"{prefix}{(label.Length == 0 ? "" : TypeName(before.GetType()))}{{", sb);
            RenderFields(before, after, depth + 1, sb);
            Line(' ', depth, "},", sb);
            return;
        }
        if (before is IList oldList && after is IList newList && oldList.Count == newList.Count && !IsLeafList(before.GetType()))
        {
            Line(' ', depth, $"{prefix}{TypeName(before.GetType())}{{", sb);
            var identical = 0;
            for (var i = 0; i < oldList.Count; i++)
            {
                if (SemanticEquality.AreEqual(oldList[i], newList[i]))
                {
                    identical++;
                    continue;
                }
                Fold(ref identical, "element", depth + 1, sb);
                RenderChange("", oldList[i], newList[i], depth + 1, sb);
            }
            Fold(ref identical, "element", depth + 1, sb);
            Line(' ', depth, "},", sb);
            return;
        }
        Line('-', depth, $"{prefix}{Literal(before)},", sb);
        Line('+', depth, $"{prefix}{Literal(after)},", sb);
    }

    private static void Fold(ref int identical, string noun, int depth, StringBuilder sb)
    {
        if (identical > 0)
        {
            Line(' ', depth, $"... // {identical} identical {noun}{(identical == 1 ? "" : "s")}", sb);
        }
        identical = 0;
    }

    private static void Line(char mark, int depth, string text, StringBuilder sb) =>
        sb.Append(mark).Append(' ').Append('\t', depth).Append(text).Append('\n');

    /// <summary>A Go-like literal for a leaf value: %q strings, plain numbers, nil, and {...} for composite values.</summary>
    private static string Literal(object? value) => value switch
    {
        null => "nil",
        string text => GoQuote.Quote(text),
        bool flag => flag ? "true" : "false",
        int or long or double => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        ResourceQuantity quantity => $"{{s: {GoQuote.Quote(ResourceRequirementsValidation.QuantityText(quantity))}}}",
        IntOrString intOrString => GoFormat.IntOrString(intOrString),
        IDictionary<string, string> map => GoFormat.StringMap(map),
        IList<string> list => GoQuote.StringSlice(list),
        IList list => $"{TypeName(value.GetType())}{{...}} // {list.Count} element{(list.Count == 1 ? "" : "s")}",
        _ => $"&{TypeName(value.GetType())}{{...}}",
    };

    private static bool IsStruct(Type type) => type.Namespace == typeof(V1PodSpec).Namespace && type.IsClass && type != typeof(ResourceQuantity) && type != typeof(IntOrString);

    private static bool IsLeafList(Type type) => typeof(IList<string>).IsAssignableFrom(type);

    /// <summary>Upstream's internal type names: V1PodSpec is core.PodSpec, a list of V1Container is []core.Container.</summary>
    private static string TypeName(Type type)
    {
        var element = type.IsGenericType ? type.GetGenericArguments()[0] : null;
        if (element is not null && typeof(IEnumerable).IsAssignableFrom(type))
        {
            return "[]" + TypeName(element);
        }
        if (type == typeof(string))
        {
            return "string";
        }
        var name = type.Name;
        var trimmed = name.StartsWith("V1", StringComparison.Ordinal) ? name[2..] : name;
        return "core." + trimmed;
    }

    private static string GoFieldName(PropertyInfo property)
    {
        var json = property.GetCustomAttribute<System.Text.Json.Serialization.JsonPropertyNameAttribute>()?.Name ?? property.Name;
        return json.Length == 0 ? json : char.ToUpperInvariant(json[0]) + json[1..];
    }
}
