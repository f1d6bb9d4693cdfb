namespace Skiff.Api.Admission;

/// <summary>
/// One cause of a 422 Invalid, as upstream's field.Error renders it: <see cref="Type"/> is the CauseType
/// ("FieldValueInvalid", "FieldValueRequired", ...), <see cref="Field"/> the path
/// ("spec.template.spec.containers[0].name") and <see cref="Message"/> the error body without the field prefix
/// (e.g. <c>Invalid value: -1: must be greater than or equal to 0</c> or <c>Required value</c>).
/// </summary>
public sealed record FieldError(string Type, string Field, string Message)
{
    /// <summary>The full text upstream prints for this cause: "field: message" (just the message when there is no field).</summary>
    public override string ToString() => Field.Length == 0 ? Message : $"{Field}: {Message}";
}
