using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Skiff.Api.FieldManagement;

/// <summary>
/// JSON as Go's encoder writes an unstructured object: keys sorted, compact, HTML-escaped strings and a trailing
/// newline. kubectl's last-applied-configuration annotation is written this way, so a value rebuilt by the server is
/// byte-identical.
/// </summary>
public static class GoJson
{
    public static string Encode(JsonNode? node)
    {
        var builder = new StringBuilder(512);
        Write(builder, node);
        return builder.Append('\n').ToString();
    }

    private static void Write(StringBuilder builder, JsonNode? node)
    {
        switch (node)
        {
            case null:
                builder.Append("null");
                break;
            case JsonObject obj:
                builder.Append('{');
                var first = true;
                foreach (var (name, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    builder.Append(first ? "" : ",");
                    first = false;
                    WriteString(builder, name);
                    builder.Append(':');
                    Write(builder, value);
                }

                builder.Append('}');
                break;
            case JsonArray list:
                builder.Append('[');
                for (var i = 0; i < list.Count; i++)
                {
                    builder.Append(i == 0 ? "" : ",");
                    Write(builder, list[i]);
                }

                builder.Append(']');
                break;
            default:
                if (node.GetValueKind() == JsonValueKind.String)
                {
                    WriteString(builder, node.GetValue<string>());
                }
                else
                {
                    builder.Append(node.ToJsonString()); // numbers keep their text; true/false
                }

                break;
        }
    }

    /// <summary>
    /// Go's encoding/json string escaping with HTML escaping on (json.Marshal's default): quote, backslash and
    /// \b \f \n \r \t by their short forms, other control characters and &lt; &gt; &amp; U+2028 U+2029 as lower-case
    /// \u00XX / \u20XX, a lone surrogate (invalid UTF-8 in Go) as \ufffd, everything else as is.
    /// For example "a&lt;b&amp;é" is written "a\u003cb\u0026é".
    /// </summary>
    private static void WriteString(StringBuilder builder, string value)
    {
        builder.Append('"');
        foreach (var rune in EnumerateRunesOrReplacement(value))
        {
            switch (rune.Value)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '\b':
                    builder.Append("\\b");
                    break;
                case '\f':
                    builder.Append("\\f");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                case < 0x20 or '<' or '>' or '&' or 0x2028 or 0x2029:
                    builder.Append("\\u").Append(rune.Value.ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default:
                    builder.Append(rune.ToString());
                    break;
            }
        }

        builder.Append('"');
    }

    /// <summary>A .NET string may hold a lone surrogate; Go sees it as invalid UTF-8 and writes U+FFFD.</summary>
    private static IEnumerable<Rune> EnumerateRunesOrReplacement(string value)
    {
        var index = 0;
        while (index < value.Length)
        {
            if (Rune.DecodeFromUtf16(value.AsSpan(index), out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                rune = Rune.ReplacementChar;
                consumed = Math.Max(consumed, 1);
            }

            yield return rune;
            index += consumed;
        }
    }
}
