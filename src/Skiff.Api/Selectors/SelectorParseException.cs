namespace Skiff.Api.Selectors;

/// <summary>A label or field selector that upstream would reject; the message is upstream's text, sent back as a 400.</summary>
public sealed class SelectorParseException : FormatException
{
    public SelectorParseException()
    {
    }

    public SelectorParseException(string message)
        : base(message)
    {
    }

    public SelectorParseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
