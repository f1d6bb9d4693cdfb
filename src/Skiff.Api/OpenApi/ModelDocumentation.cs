using System.Buffers;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Skiff.Api.OpenApi;

/// <summary>
/// The summaries of the k8s.Models classes and properties from the KubernetesClient package's XML documentation, which
/// the client's generator writes from upstream's OpenAPI descriptions, turned back into upstream's text.
/// </summary>
public sealed partial class ModelDocumentation
{
    private const string TypePrefix = "T:k8s.Models.";
    private const string PropertyPrefix = "P:k8s.Models.";

    private static ReadOnlySpan<byte> TypePrefixUtf8 => "T:k8s.Models."u8;

    private static ReadOnlySpan<byte> PropertyPrefixUtf8 => "P:k8s.Models."u8;

    private static ReadOnlySpan<byte> MemberStart => "<member name=\""u8;

    private static ReadOnlySpan<byte> MemberEnd => "</member>"u8;

    private static ReadOnlySpan<byte> SummaryStart => "<summary>"u8;

    private static ReadOnlySpan<byte> SummaryEnd => "</summary>"u8;

    private readonly Dictionary<string, string> summaries;

    private ModelDocumentation(Dictionary<string, string> summaries) => this.summaries = summaries;

    /// <summary>No descriptions: the documents are still valid, kubectl explain prints "&lt;no description&gt;".</summary>
    public static ModelDocumentation Empty { get; } = new(new Dictionary<string, string>(StringComparer.Ordinal));

    /// <summary>How many summaries were read.</summary>
    public int Count => summaries.Count;

    /// <summary>
    /// Reads the model members of a documentation file (KubernetesClient.xml, 25 MB). The file is scanned in chunks for
    /// <c>&lt;member name="T:k8s.Models.…"</c> and <c>"P:k8s.Models.…"</c> blocks rather than parsed as XML: the
    /// client's operations, most of the file, are skipped at memchr speed, and only the model summaries are decoded
    /// (an XmlReader pass took ten times as long).
    /// </summary>
    public static ModelDocumentation Load(Stream xml)
    {
        ArgumentNullException.ThrowIfNull(xml);
        var summaries = new Dictionary<string, string>(StringComparer.Ordinal);
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 18);
        try
        {
            var filled = 0;
            var atEnd = false;
            while (!atEnd)
            {
                if (filled == buffer.Length)
                {
                    // One member larger than the buffer: grow it.
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = xml.Read(buffer, filled, buffer.Length - filled);
                atEnd = read == 0;
                filled += read;
                var consumed = ReadMembers(buffer.AsSpan(0, filled), atEnd, summaries);
                buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                filled -= consumed;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return new ModelDocumentation(summaries);
    }

    // Reads the complete member blocks in the chunk and returns how many bytes are done with; an incomplete block at
    // the end waits for the next read.
    private static int ReadMembers(ReadOnlySpan<byte> chunk, bool atEnd, Dictionary<string, string> summaries)
    {
        var consumed = 0;
        while (true)
        {
            var rest = chunk[consumed..];
            var start = rest.IndexOf(MemberStart);
            if (start < 0)
            {
                // Keep a tail that may hold the start of a marker cut by the chunk's end.
                return atEnd ? chunk.Length : Math.Max(consumed, chunk.Length - MemberStart.Length);
            }

            var member = rest[(start + MemberStart.Length)..];
            var nameEnd = member.IndexOf((byte)'"');
            var end = member.IndexOf(MemberEnd);
            if (nameEnd < 0 || end < 0)
            {
                return atEnd ? chunk.Length : consumed + start;
            }

            var name = member[..nameEnd];
            if (name.StartsWith(TypePrefixUtf8) || name.StartsWith(PropertyPrefixUtf8))
            {
                var body = member[..end];
                var open = body.IndexOf(SummaryStart);
                var close = body.IndexOf(SummaryEnd);
                if (open >= 0 && close > open && Unwrap(Decode(body[(open + SummaryStart.Length)..close])) is { Length: > 0 } text)
                {
                    summaries[Encoding.UTF8.GetString(name)] = text;
                }
            }

            consumed += start + MemberStart.Length + end + MemberEnd.Length;
        }
    }

    // The summary's XML text: drop any element tags (<see cref=.../> in hand-written docs) and decode the entities.
    private static string Decode(ReadOnlySpan<byte> xml)
    {
        var text = Encoding.UTF8.GetString(xml);
        if (text.Contains('<', StringComparison.Ordinal))
        {
            text = ElementTag().Replace(text, string.Empty);
        }

        return text.Contains('&', StringComparison.Ordinal) ? WebUtility.HtmlDecode(text) : text;
    }

    [GeneratedRegex("<[^>]*>", RegexOptions.CultureInvariant)]
    private static partial Regex ElementTag();

    /// <summary>The description of a model class, or null.</summary>
    public string? Describe(Type type) => summaries.GetValueOrDefault(TypePrefix + type.Name);

    /// <summary>The description of a model class's property (its C# name), or null.</summary>
    public string? Describe(Type type, string propertyName) => summaries.GetValueOrDefault($"{PropertyPrefix}{type.Name}.{propertyName}");

    /// <summary>
    /// Undoes the client generator's layout: it splits upstream's text at its newlines, trims every line and wraps it at
    /// 80 columns, so a wrap and a space are the same line break, and upstream's paragraph break ("\n\n") is an empty
    /// line. For example the summary lines
    /// <code>
    ///   If this field is specified and the generated name exists, the server will return
    ///   a 409.
    ///
    ///   Applied only if Name is not specified.
    /// </code>
    /// become "If this field is specified and the generated name exists, the server will return a 409.\n\nApplied only
    /// if Name is not specified." Upstream's single newlines (rare: indented example lines) cannot be told from a wrap
    /// and come back as spaces.
    /// </summary>
    public static string Unwrap(string summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var text = new StringBuilder(summary.Length);
        var paragraphBreak = false;
        foreach (var raw in summary.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0)
            {
                paragraphBreak = text.Length > 0;
                continue;
            }

            if (text.Length > 0)
            {
                text.Append(paragraphBreak ? "\n\n" : " ");
            }

            text.Append(line);
            paragraphBreak = false;
        }

        return text.ToString();
    }
}
