using Skiff.Node.Expressions;

namespace Skiff.Node.Stages;

/// <summary>
/// One requirement of a stage's selector: an expression's value In / NotIn a list of strings, Exists or
/// DoesNotExist (null, "" and absent are "does not exist"), or a bare expression that must be true.
/// </summary>
public sealed record StageRequirement(Expression Key, string Operator, IReadOnlyList<string> Values)
{
    public const string In = "In";
    public const string NotIn = "NotIn";
    public const string Exists = "Exists";
    public const string DoesNotExist = "DoesNotExist";
    public const string IsTrue = "True";

    public static IReadOnlySet<string> Operators { get; } = new HashSet<string>(StringComparer.Ordinal) { In, NotIn, Exists, DoesNotExist, IsTrue };

    public bool Matches(EvaluationContext context)
    {
        var value = Key.Evaluate(context);
        return Operator switch
        {
            In => value is not null && Values.Contains(Expressions.Values.ToText(value), StringComparer.Ordinal),
            NotIn => value is null || !Values.Contains(Expressions.Values.ToText(value), StringComparer.Ordinal),
            Exists => value is not (null or ""),
            DoesNotExist => value is null or "",
            _ => Expressions.Values.IsTrue(value),
        };
    }
}
