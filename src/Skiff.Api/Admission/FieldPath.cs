namespace Skiff.Api.Admission;

/// <summary>Builds field paths as upstream's field.Path prints them: "a.b", "a[0]", "a[key]".</summary>
internal static class FieldPath
{
    public static string Child(string parent, string name) => parent.Length == 0 ? name : $"{parent}.{name}";

    public static string Index(string parent, int index) => $"{parent}[{index}]";

    public static string Key(string parent, string key) => $"{parent}[{key}]";
}
