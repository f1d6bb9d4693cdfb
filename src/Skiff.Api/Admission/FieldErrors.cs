using Skiff.Api.Syntax;
namespace Skiff.Api.Admission;

/// <summary>
/// Builds <see cref="FieldError"/>s the way upstream's field.Invalid/Required/... do. Bad values are passed already
/// rendered (see <see cref="GoFormat"/>) because the text must match what Go's fmt prints for the original value.
/// </summary>
internal static class FieldErrors
{
    public const string InvalidType = "FieldValueInvalid";
    public const string RequiredType = "FieldValueRequired";
    public const string DuplicateType = "FieldValueDuplicate";
    public const string NotSupportedType = "FieldValueNotSupported";
    public const string ForbiddenType = "FieldValueForbidden";
    public const string TooLongType = "FieldValueTooLong";
    public const string NotFoundType = "FieldValueNotFound";

    public static FieldError Invalid(string field, string renderedValue, string detail) =>
        new(InvalidType, field, WithDetail($"Invalid value: {renderedValue}", detail));

    public static FieldError Invalid(string field, long value, string detail) => Invalid(field, GoFormat.Int(value), detail);

    public static FieldError InvalidString(string field, string? value, string detail) => Invalid(field, GoQuote.Quote(value ?? ""), detail);

    public static FieldError Required(string field, string detail = "") => new(RequiredType, field, WithDetail("Required value", detail));

    public static FieldError Forbidden(string field, string detail) => new(ForbiddenType, field, WithDetail("Forbidden", detail));

    public static FieldError Duplicate(string field, string renderedValue) => new(DuplicateType, field, $"Duplicate value: {renderedValue}");

    public static FieldError NotFound(string field, string renderedValue) => new(NotFoundType, field, $"Not found: {renderedValue}");

    public static FieldError NotSupported(string field, string renderedValue, IEnumerable<string> supported)
    {
        var detail = string.Join(", ", supported.Select(GoQuote.Quote));
        return new(NotSupportedType, field, WithDetail($"Unsupported value: {renderedValue}", detail.Length == 0 ? "" : "supported values: " + detail));
    }

    /// <summary>Upstream 1.32's field.TooLong (apimachinery v0.32): the value is never printed, the limit is in bytes.</summary>
    public static FieldError TooLong(string field, int maxLength) => new(TooLongType, field, $"Too long: may not be more than {maxLength} bytes");

    private static string WithDetail(string body, string detail) => detail.Length == 0 ? body : $"{body}: {detail}";
}
