using Skiff.Api.Syntax;

namespace Skiff.Api.Selectors;

/// <summary>
/// field.Error and aggregate formatting, so selector errors read exactly like kube-apiserver's (the key and value
/// rules themselves are <see cref="Syntax.NameValidation"/>).
/// </summary>
internal static class LabelSyntax
{
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
}
