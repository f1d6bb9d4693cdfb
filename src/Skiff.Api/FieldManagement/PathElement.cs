using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Skiff.Api.FieldManagement;

/// <summary>
/// One step of a field path: a field name, the key of an associative list item (canonical JSON of its key fields,
/// e.g. <c>{"name":"nginx"}</c>), the value of a set item (JSON), or a list index.
/// </summary>
public readonly record struct PathElement(PathElementKind Kind, string Text) : IComparable<PathElement>
{
    public static PathElement Field(string name) => new(PathElementKind.Field, name);

    public static PathElement Index(int index) => new(PathElementKind.Index, index.ToString(CultureInfo.InvariantCulture));

    /// <summary>The key as it appears in FieldsV1 JSON: <c>f:name</c>, <c>k:{"name":"nginx"}</c>, <c>v:"a"</c>, <c>i:0</c>.</summary>
    public string FieldsV1Key => Kind switch
    {
        PathElementKind.Field => "f:" + Text,
        PathElementKind.Key => "k:" + Text,
        PathElementKind.Value => "v:" + Text,
        _ => "i:" + Text,
    };

    /// <summary>Reads a FieldsV1 key; false for anything but the four prefixes (the "." member marker included).</summary>
    public static bool TryParse(string fieldsV1Key, out PathElement element)
    {
        element = default;
        if (fieldsV1Key.Length < 2 || fieldsV1Key[1] != ':')
        {
            return false;
        }

        var text = fieldsV1Key[2..];
        switch (fieldsV1Key[0])
        {
            case 'f':
                element = Field(text);
                return true;
            case 'k':
                if (!IsJsonObject(text))
                {
                    return false;
                }

                element = new PathElement(PathElementKind.Key, text);
                return true;
            case 'v':
                if (!IsJson(text))
                {
                    return false;
                }

                element = new PathElement(PathElementKind.Value, text);
                return true;
            case 'i':
                if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                {
                    return false;
                }

                element = new PathElement(PathElementKind.Index, text);
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// Upstream's path notation, used in conflict messages: <c>.replicas</c>, <c>[name="nginx"]</c>,
    /// <c>[containerPort=80,protocol="TCP"]</c>, <c>[=value]</c>, <c>[0]</c>.
    /// </summary>
    public override string ToString()
    {
        switch (Kind)
        {
            case PathElementKind.Field:
                return "." + Text;
            case PathElementKind.Key:
                var builder = new StringBuilder("[");
                using (var document = JsonDocument.Parse(Text))
                {
                    var first = true;
                    foreach (var property in document.RootElement.EnumerateObject())
                    {
                        builder.Append(first ? "" : ",").Append(property.Name).Append('=').Append(property.Value.GetRawText());
                        first = false;
                    }
                }

                return builder.Append(']').ToString();
            case PathElementKind.Value:
                return "[=" + Text + "]";
            default:
                return "[" + Text + "]";
        }
    }

    public int CompareTo(PathElement other)
    {
        var byKind = Kind.CompareTo(other.Kind);
        return byKind != 0 ? byKind : string.CompareOrdinal(Text, other.Text);
    }

    private static bool IsJson(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool IsJsonObject(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
