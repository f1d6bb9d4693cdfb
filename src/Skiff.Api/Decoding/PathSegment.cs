namespace Skiff.Api.Decoding;

/// <summary>
/// One step of the path to a value while a body is walked: a property name, kept as its place in the body (so that
/// nothing is allocated unless an error is reported), or a list index.
/// </summary>
internal readonly record struct PathSegment(int NameStart, int NameLength, bool NameEscaped, int Index)
{
    public static PathSegment Name(int start, int length, bool escaped) => new(start, length, escaped, -1);

    public static PathSegment Element(int index) => new(0, 0, false, index);

    public bool IsIndex => Index >= 0;
}
