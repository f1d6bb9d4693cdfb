using System.Text;
using System.Text.RegularExpressions;

namespace Skiff.Api.Selectors;

/// <summary>
/// Label key and value rules with upstream's messages (apimachinery util/validation: IsQualifiedName, IsValidLabelValue),
/// plus field.Error formatting, so selector errors read exactly like kube-apiserver's.
/// </summary>
internal static partial class LabelSyntax
{
    private const string QualifiedNameFormat = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    private const string QualifiedNameMessage = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
    private const int QualifiedNameMaxLength = 63;
    private const string Dns1123SubdomainFormat = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
    private const string Dns1123SubdomainMessage = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
    private const int Dns1123SubdomainMaxLength = 253;
    private const string LabelValueFormat = "(" + QualifiedNameFormat + ")?";
    private const string LabelValueMessage = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
    private const int LabelValueMaxLength = 63;

    // \z rather than $: Go's $ matches only at the very end, .NET's also before a trailing newline.
    [GeneratedRegex("^" + QualifiedNameFormat + "\\z", RegexOptions.CultureInvariant)]
    private static partial Regex QualifiedName();

    [GeneratedRegex("^" + Dns1123SubdomainFormat + "\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Dns1123Subdomain();

    [GeneratedRegex("^" + LabelValueFormat + "\\z", RegexOptions.CultureInvariant)]
    private static partial Regex LabelValue();

    /// <summary>IsQualifiedName: a label key such as <c>app</c> or <c>example.com/tier</c>.</summary>
    public static List<string> QualifiedNameErrors(string value)
    {
        var errors = new List<string>();
        var parts = value.Split('/');
        string name;
        switch (parts.Length)
        {
            case 1:
                name = parts[0];
                break;
            case 2:
                var prefix = parts[0];
                name = parts[1];
                if (prefix.Length == 0)
                {
                    errors.Add("prefix part " + EmptyError);
                }
                else
                {
                    errors.AddRange(Dns1123SubdomainErrors(prefix).Select(m => "prefix part " + m));
                }

                break;
            default:
                errors.Add("a qualified name " + RegexError(QualifiedNameMessage, QualifiedNameFormat, "MyName", "my.name", "123-abc") +
                    " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
                return errors;
        }

        if (name.Length == 0)
        {
            errors.Add("name part " + EmptyError);
        }
        else if (ByteLength(name) > QualifiedNameMaxLength)
        {
            errors.Add("name part " + MaxLengthError(QualifiedNameMaxLength));
        }

        if (!QualifiedName().IsMatch(name))
        {
            errors.Add("name part " + RegexError(QualifiedNameMessage, QualifiedNameFormat, "MyName", "my.name", "123-abc"));
        }

        return errors;
    }

    /// <summary>IsValidLabelValue: empty, or up to 63 alphanumerics with '-', '_', '.' inside.</summary>
    public static List<string> LabelValueErrors(string value)
    {
        var errors = new List<string>();
        if (ByteLength(value) > LabelValueMaxLength)
        {
            errors.Add(MaxLengthError(LabelValueMaxLength));
        }

        if (!LabelValue().IsMatch(value))
        {
            errors.Add(RegexError(LabelValueMessage, LabelValueFormat, "MyValue", "my_value", "12345"));
        }

        return errors;
    }

    /// <summary>field.Invalid(path, value, detail).Error() for a string value.</summary>
    public static string InvalidValue(string path, string value, string detail) =>
        $"{path}: Invalid value: {GoQuote.Quote(value)}: {detail}";

    /// <summary>field.Invalid(path, values, detail).Error() for a []string value.</summary>
    public static string InvalidValues(string path, IReadOnlyList<string>? values, string detail) =>
        $"{path}: Invalid value: {GoQuote.StringSlice(values)}: {detail}";

    /// <summary>utilerrors.NewAggregate(...).Error(): one message as is, several de-duplicated inside brackets.</summary>
    public static string Aggregate(IReadOnlyList<string> messages)
    {
        if (messages.Count == 1)
        {
            return messages[0];
        }

        var distinct = messages.Distinct(StringComparer.Ordinal).ToList();
        return distinct.Count == 1 ? distinct[0] : "[" + string.Join(", ", distinct) + "]";
    }

    private const string EmptyError = "must be non-empty";

    private static List<string> Dns1123SubdomainErrors(string value)
    {
        var errors = new List<string>();
        if (ByteLength(value) > Dns1123SubdomainMaxLength)
        {
            errors.Add(MaxLengthError(Dns1123SubdomainMaxLength));
        }

        if (!Dns1123Subdomain().IsMatch(value))
        {
            errors.Add(RegexError(Dns1123SubdomainMessage, Dns1123SubdomainFormat, "example.com"));
        }

        return errors;
    }

    private static string MaxLengthError(int length) => $"must be no more than {length} characters";

    // Upstream's odd "'a',  or 'b', " spacing is kept on purpose: clients and tests compare these texts.
    private static string RegexError(string message, string format, params string[] examples)
    {
        var sb = new StringBuilder(message).Append(" (e.g. ");
        for (var i = 0; i < examples.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(" or ");
            }

            sb.Append('\'').Append(examples[i]).Append("', ");
        }

        return sb.Append("regex used for validation is '").Append(format).Append("')").ToString();
    }

    // Go measures strings in bytes.
    private static int ByteLength(string value) => Encoding.UTF8.GetByteCount(value);
}
