using Skiff.Api.Syntax;
using System.Globalization;
using System.Text;

namespace Skiff.Api.Selectors;

/// <summary>One term of a label selector (key, operator, values), as apimachinery's labels.Requirement.</summary>
public sealed class LabelRequirement
{
    private LabelRequirement(string key, LabelSelectorOperator op, IReadOnlyList<string> values)
    {
        Key = key;
        Operator = op;
        Values = values;
    }

    public string Key { get; }

    public LabelSelectorOperator Operator { get; }

    /// <summary>The values in the order given (the string form sorts them).</summary>
    public IReadOnlyList<string> Values { get; }

    /// <summary>Builds a validated requirement; throws <see cref="SelectorParseException"/> with upstream's message.</summary>
    public static LabelRequirement Create(string key, LabelSelectorOperator op, IReadOnlyList<string>? values)
    {
        var errors = Validate(key, op, values, keyPath: "key");
        return errors.Count == 0
            ? new LabelRequirement(key, op, values is null ? [] : [.. values])
            : throw new SelectorParseException(LabelSyntax.Aggregate(errors));
    }

    /// <summary>labels.NewRequirement's checks. The path names match upstream, whose parser passes a nil root path.</summary>
    internal static List<string> Validate(string key, LabelSelectorOperator op, IReadOnlyList<string>? values, string keyPath)
    {
        var errors = new List<string>();
        var keyErrors = NameValidation.IsQualifiedName(key);
        if (keyErrors.Count > 0)
        {
            errors.Add(LabelSyntax.InvalidValue(keyPath, key, string.Join("; ", keyErrors)));
        }

        var count = values?.Count ?? 0;
        switch (op)
        {
            case LabelSelectorOperator.In or LabelSelectorOperator.NotIn:
                if (count == 0)
                {
                    errors.Add(LabelSyntax.InvalidValues("values", values, "for 'in', 'notin' operators, values set can't be empty"));
                }

                break;
            case LabelSelectorOperator.Equals or LabelSelectorOperator.DoubleEquals or LabelSelectorOperator.NotEquals:
                if (count != 1)
                {
                    errors.Add(LabelSyntax.InvalidValues("values", values, "exact-match compatibility requires one single value"));
                }

                break;
            case LabelSelectorOperator.Exists or LabelSelectorOperator.DoesNotExist:
                if (count != 0)
                {
                    errors.Add(LabelSyntax.InvalidValues("values", values, "values set must be empty for exists and does not exist"));
                }

                break;
            case LabelSelectorOperator.GreaterThan or LabelSelectorOperator.LessThan:
                if (count != 1)
                {
                    errors.Add(LabelSyntax.InvalidValues("values", values, "for 'Gt', 'Lt' operators, exactly one value is required"));
                }

                for (var i = 0; i < count; i++)
                {
                    if (!long.TryParse(values![i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
                    {
                        errors.Add(LabelSyntax.InvalidValue($"values[{i}]", values[i], "for 'Gt', 'Lt' operators, the value must be an integer"));
                    }
                }

                break;
        }

        for (var i = 0; i < count; i++)
        {
            var valueErrors = NameValidation.IsLabelValue(values![i]);
            if (valueErrors.Count > 0)
            {
                errors.Add(LabelSyntax.InvalidValue($"values[{i}][{key}]", values[i], string.Join("; ", valueErrors)));
            }
        }

        return errors;
    }

    /// <summary>Builds a requirement the caller has already validated (parser, equality maps).</summary>
    internal static LabelRequirement Trusted(string key, LabelSelectorOperator op, IReadOnlyList<string> values) => new(key, op, values);

    /// <summary>Whether the labels satisfy this requirement; a missing key satisfies only !=, notin and !key.</summary>
    public bool Matches(IDictionary<string, string> labels)
    {
        switch (Operator)
        {
            case LabelSelectorOperator.In or LabelSelectorOperator.Equals or LabelSelectorOperator.DoubleEquals:
                return labels.TryGetValue(Key, out var value) && HasValue(value);
            case LabelSelectorOperator.NotIn or LabelSelectorOperator.NotEquals:
                return !labels.TryGetValue(Key, out var other) || !HasValue(other);
            case LabelSelectorOperator.Exists:
                return labels.ContainsKey(Key);
            case LabelSelectorOperator.DoesNotExist:
                return !labels.ContainsKey(Key);
            case LabelSelectorOperator.GreaterThan or LabelSelectorOperator.LessThan:
                if (!labels.TryGetValue(Key, out var text) || Values.Count != 1 ||
                    !long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var actual) ||
                    !long.TryParse(Values[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var bound))
                {
                    return false;
                }

                return Operator == LabelSelectorOperator.GreaterThan ? actual > bound : actual < bound;
            default:
                return false;
        }
    }

    /// <summary>Upstream's canonical form: <c>key=v</c>, <c>key in (a,b)</c>, <c>!key</c>; multiple values sorted.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        if (Operator == LabelSelectorOperator.DoesNotExist)
        {
            sb.Append('!');
        }

        sb.Append(Key);
        switch (Operator)
        {
            case LabelSelectorOperator.Equals: sb.Append('='); break;
            case LabelSelectorOperator.DoubleEquals: sb.Append("=="); break;
            case LabelSelectorOperator.NotEquals: sb.Append("!="); break;
            case LabelSelectorOperator.In: sb.Append(" in "); break;
            case LabelSelectorOperator.NotIn: sb.Append(" notin "); break;
            case LabelSelectorOperator.GreaterThan: sb.Append('>'); break;
            case LabelSelectorOperator.LessThan: sb.Append('<'); break;
            default: return sb.ToString();
        }

        var isSet = Operator is LabelSelectorOperator.In or LabelSelectorOperator.NotIn;
        if (isSet)
        {
            sb.Append('(');
        }

        sb.Append(Values.Count == 1 ? Values[0] : string.Join(",", Values.Order(StringComparer.Ordinal)));
        if (isSet)
        {
            sb.Append(')');
        }

        return sb.ToString();
    }

    private bool HasValue(string value)
    {
        foreach (var candidate in Values)
        {
            if (string.Equals(candidate, value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
