using Skiff.Api.Syntax;
using System.Globalization;
using k8s.Models;

namespace Skiff.Api.Admission;

/// <summary>Reads k8s.Models.IntOrString, which keeps both forms as text: a value that parses as an integer is the int form.</summary>
internal static class IntOrStringValue
{
    public static bool TryGetInt(IntOrString? value, out int number)
    {
        number = 0;
        return value?.Value is { } text && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out number);
    }

    public static bool IsUnset(IntOrString? value) => value?.Value is null or "" or "0";

    /// <summary>upstream getIntOrPercentValue: the percentage number for a valid "N%", the int otherwise (0 for junk).</summary>
    public static int IntOrPercent(IntOrString? value)
    {
        if (TryGetPercent(value, out var percent))
        {
            return percent;
        }
        return TryGetInt(value, out var number) ? number : 0;
    }

    public static bool TryGetPercent(IntOrString? value, out int percent)
    {
        percent = 0;
        if (value?.Value is not { } text || TryGetInt(value, out _) || NameValidation.IsPercent(text).Count != 0)
        {
            return false;
        }
        return int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out percent);
    }
}
