using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Skiff.Api.Decoding;

/// <summary>
/// One pass of a <see cref="Utf8JsonReader"/> over a JSON body that reports what sigs.k8s.io/json's strict mode reports:
/// properties a model class does not have, and keys that repeat within one object, in document order.
/// </summary>
/// <remarks>
/// Nothing is allocated while every field is known: names are looked up by their UTF-8 bytes, the path is a stack of
/// offsets into the body, duplicates are tracked in a bit set per object (and, for maps, by comparing raw keys).
/// Like upstream, an unknown field's value is not looked into, a duplicate's value is, paths name list elements by
/// index (<c>spec.containers[0].bar</c>), identical errors are reported once, and at most 100 are kept.
/// </remarks>
internal ref struct StrictFieldWalker
{
    /// <summary>Upstream's cap on accumulated strict errors.</summary>
    private const int MaxErrors = 100;

    /// <summary>Map keys compared byte by byte before a map switches to a set of strings.</summary>
    private const int InlineMapKeys = 16;

    private readonly ReadOnlySpan<byte> source;
    private readonly Span<PathSegment> path;
    private Utf8JsonReader reader;
    private int depth;
    private List<StrictFieldError>? errors;

    public StrictFieldWalker(ReadOnlySpan<byte> source, Span<PathSegment> path)
    {
        this.source = source;
        this.path = path;
        reader = new Utf8JsonReader(source, new JsonReaderOptions { MaxDepth = path.Length - 1 });
    }

    /// <summary>Walks the whole document; throws <see cref="JsonException"/> when it is not well-formed JSON.</summary>
    public IReadOnlyList<StrictFieldError> Walk(FieldShape? root)
    {
        if (!reader.Read())
        {
            throw new JsonException("the document is empty");
        }

        Value(root);
        // Reading on makes the reader reject anything but whitespace after the document.
        while (reader.Read())
        {
        }

        return errors ?? (IReadOnlyList<StrictFieldError>)[];
    }

    private void Value(FieldShape? shape)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject when shape is { Kind: FieldShapeKind.Object }:
                Properties(shape.Fields);
                break;
            case JsonTokenType.StartObject when shape is { Kind: FieldShapeKind.Map or FieldShapeKind.FreeForm }:
                Entries(shape.Element);
                break;
            case JsonTokenType.StartArray when shape is { Kind: FieldShapeKind.List or FieldShapeKind.FreeForm }:
                Elements(shape.Element);
                break;
            case JsonTokenType.StartObject or JsonTokenType.StartArray:
                // A leaf, or a value of the wrong type: the deserializer reports the latter, strict checks do not.
                reader.Skip();
                break;
        }
    }

    private void Properties(FieldShape.ObjectFields fields)
    {
        // One bit per property of the model: set when the property has been seen in this object.
        Span<ulong> seen = stackalloc ulong[(fields.Names.Count + 63) / 64];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = NameSegment();
            var index = reader.ValueIsEscaped ? IndexOfEscaped(fields.Names) : fields.Names.IndexOf(reader.ValueSpan);
            reader.Read();
            if (index < 0)
            {
                Report(StrictFieldErrorKind.Unknown, name);
                reader.Skip();
                continue;
            }

            ref var word = ref seen[index / 64];
            var bit = 1UL << (index % 64);
            if ((word & bit) != 0)
            {
                Report(StrictFieldErrorKind.Duplicate, name);
            }

            word |= bit;
            Descend(name, fields.Shapes[index]);
        }
    }

    private void Entries(FieldShape? valueShape)
    {
        // Keys seen so far as ranges of the body; a map with more keys, or an escaped key, moves to a set of strings.
        Span<Range> inline = stackalloc Range[InlineMapKeys];
        var inlineCount = 0;
        HashSet<string>? keys = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = NameSegment();
            bool duplicate;
            if (keys is null && !reader.ValueIsEscaped && inlineCount < InlineMapKeys)
            {
                duplicate = false;
                foreach (var range in inline[..inlineCount])
                {
                    duplicate |= source[range].SequenceEqual(reader.ValueSpan);
                }

                if (!duplicate)
                {
                    inline[inlineCount++] = new Range(name.NameStart, name.NameStart + name.NameLength);
                }
            }
            else
            {
                if (keys is null)
                {
                    keys = new HashSet<string>(StringComparer.Ordinal);
                    foreach (var range in inline[..inlineCount])
                    {
                        keys.Add(Encoding.UTF8.GetString(source[range]));
                    }
                }

                duplicate = !keys.Add(reader.GetString()!);
            }

            if (duplicate)
            {
                Report(StrictFieldErrorKind.Duplicate, name);
            }

            reader.Read();
            Descend(name, valueShape);
        }
    }

    private void Elements(FieldShape? elementShape)
    {
        var index = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            Descend(PathSegment.Element(index++), elementShape);
        }
    }

    private void Descend(PathSegment segment, FieldShape? shape)
    {
        if (shape is null)
        {
            // A leaf: nothing below it is checked, so it needs no place on the path.
            reader.Skip();
            return;
        }

        path[depth++] = segment;
        Value(shape);
        depth--;
    }

    private PathSegment NameSegment() =>
        PathSegment.Name(checked((int)reader.TokenStartIndex) + 1, reader.ValueSpan.Length, reader.ValueIsEscaped);

    /// <summary>Looks up a property name written with JSON escapes (<c>"sp\u0065c"</c>), which is rare.</summary>
    private int IndexOfEscaped(Utf8NameTable names)
    {
        Span<byte> unescaped = stackalloc byte[256];
        if (reader.ValueSpan.Length <= unescaped.Length)
        {
            var length = reader.CopyString(unescaped);
            return names.IndexOf(unescaped[..length]);
        }

        return names.IndexOf(Encoding.UTF8.GetBytes(reader.GetString()!));
    }

    private void Report(StrictFieldErrorKind kind, PathSegment field)
    {
        errors ??= [];
        if (errors.Count >= MaxErrors)
        {
            return;
        }

        var error = new StrictFieldError(kind, PathText(field));
        if (!errors.Contains(error))
        {
            errors.Add(error);
        }
    }

    /// <summary>
    /// The path as upstream writes it: names joined by dots, list indexes in brackets. For example the segments
    /// spec, containers, [0] and the field bar give <c>spec.containers[0].bar</c>; [0] and foo give <c>[0].foo</c>.
    /// </summary>
    private readonly string PathText(PathSegment field)
    {
        var text = new StringBuilder();
        foreach (var segment in path[..depth])
        {
            Append(text, segment);
        }

        Append(text, field);
        return text.ToString();
    }

    private readonly void Append(StringBuilder text, PathSegment segment)
    {
        if (segment.IsIndex)
        {
            text.Append('[').Append(segment.Index.ToString(CultureInfo.InvariantCulture)).Append(']');
            return;
        }

        if (text.Length > 0)
        {
            text.Append('.');
        }

        text.Append(NameText(segment));
    }

    private readonly string NameText(PathSegment segment)
    {
        var raw = source.Slice(segment.NameStart, segment.NameLength);
        if (!segment.NameEscaped)
        {
            return Encoding.UTF8.GetString(raw);
        }

        // The quoted name as it stands in the body, unescaped by a reader of its own.
        var quoted = new Utf8JsonReader(source.Slice(segment.NameStart - 1, segment.NameLength + 2));
        quoted.Read();
        return quoted.GetString()!;
    }
}
