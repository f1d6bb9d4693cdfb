namespace Skiff.Api.Selectors;

/// <summary>One term of a field selector: a field path, an operator and the (unescaped) value.</summary>
/// <param name="Field">The field path, e.g. "metadata.name" or "spec.nodeName".</param>
/// <param name="Operator">Equality or inequality.</param>
/// <param name="Value">The value compared against, with selector escapes removed.</param>
public sealed record FieldRequirement(string Field, FieldSelectorOperator Operator, string Value)
{
    /// <summary>Whether an object whose field has this value (missing = "") satisfies the term.</summary>
    public bool Matches(string? actual) =>
        string.Equals(actual ?? string.Empty, Value, StringComparison.Ordinal) == (Operator == FieldSelectorOperator.Equals);

    /// <summary>Upstream's string form, re-escaping '\', ',' and '='.</summary>
    public override string ToString() =>
        Field + (Operator == FieldSelectorOperator.Equals ? "=" : "!=") + FieldSelector.EscapeValue(Value);
}
