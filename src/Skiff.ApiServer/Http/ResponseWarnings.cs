using System.Text;
using Microsoft.AspNetCore.Http;

namespace Skiff.ApiServer.Http;

/// <summary>
/// Warning headers as kube-apiserver's warning recorder writes them (<c>Warning: 299 - "unknown field \"spec.foo\""</c>,
/// printed by kubectl as <c>Warning: unknown field "spec.foo"</c>): each text once per response, and past 4,096
/// characters in all every text cut to 256, as upstream's recorder does.
/// </summary>
public sealed class ResponseWarnings
{
    private const int TruncateAtTotalRunes = 4 * 1024;
    private const int TruncateItemRunes = 256;

    private readonly HashSet<string> recorded = new(StringComparer.Ordinal);
    private readonly List<string> ordered = [];
    private int written;
    private bool truncating;

    /// <summary>Adds a warning to the response of <paramref name="context"/>.</summary>
    public static void Add(HttpContext context, string text)
    {
        if (text.Length == 0)
        {
            return;
        }

        if (context.Items[typeof(ResponseWarnings)] is not ResponseWarnings warnings)
        {
            warnings = new ResponseWarnings();
            context.Items[typeof(ResponseWarnings)] = warnings;
        }

        warnings.Record(context.Response.Headers, text);
    }

    public static void AddRange(HttpContext context, IEnumerable<string> texts)
    {
        foreach (var text in texts)
        {
            Add(context, text);
        }
    }

    private void Record(IHeaderDictionary headers, string text)
    {
        if ((written >= TruncateAtTotalRunes && truncating) || !recorded.Add(text))
        {
            return;
        }

        ordered.Add(text);
        if (truncating)
        {
            text = Truncated(text);
        }

        var runes = text.EnumerateRunes().Count();
        if (written + runes <= TruncateAtTotalRunes || truncating)
        {
            written += runes;
            headers.Append("Warning", Header(text));
            return;
        }

        // Over the limit for the first time: every warning so far is written again, cut to the item limit.
        truncating = true;
        written = 0;
        headers.Remove("Warning");
        foreach (var earlier in ordered)
        {
            var cut = Truncated(earlier);
            written += cut.EnumerateRunes().Count();
            headers.Append("Warning", Header(cut));
        }
    }

    private static string Truncated(string text)
    {
        var runes = text.EnumerateRunes().ToArray();
        return runes.Length <= TruncateItemRunes ? text : string.Concat(runes[..TruncateItemRunes].Select(r => r.ToString()));
    }

    /// <summary>RFC 7234's warning value with upstream's quoting: only " and \ are escaped.</summary>
    private static string Header(string text)
    {
        var value = new StringBuilder("299 - \"", text.Length + 10);
        foreach (var c in text)
        {
            if (c is '"' or '\\')
            {
                value.Append('\\');
            }

            // Kestrel writes header values as ASCII only; upstream would send UTF-8, which no field name needs.
            value.Append(c < 0x80 ? c : '?');
        }

        return value.Append('"').ToString();
    }
}
