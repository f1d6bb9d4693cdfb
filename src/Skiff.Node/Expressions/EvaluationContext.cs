using System.Text.Json.Nodes;

namespace Skiff.Node.Expressions;

/// <summary>What an expression is evaluated against: the object's JSON, variables bound by templates, and the functions.</summary>
public sealed class EvaluationContext
{
    private readonly Dictionary<string, object?> variables = new(StringComparer.Ordinal);

    public EvaluationContext(JsonNode root, ExpressionFunctions functions)
    {
        Root = root;
        Functions = functions;
    }

    /// <summary>The object the stage looks at (a pod), as JSON.</summary>
    public JsonNode Root { get; }

    public ExpressionFunctions Functions { get; }

    public object? Variable(string name) =>
        variables.TryGetValue(name, out var value) ? value : throw new KeyNotFoundException($"unknown variable ${name}");

    /// <summary>Binds a variable, returning its previous value so a template can restore it after a loop.</summary>
    public (bool Had, object? Value) Bind(string name, object? value)
    {
        var had = variables.TryGetValue(name, out var previous);
        variables[name] = value;
        return (had, previous);
    }

    public void Restore(string name, (bool Had, object? Value) previous)
    {
        if (previous.Had)
        {
            variables[name] = previous.Value;
        }
        else
        {
            variables.Remove(name);
        }
    }
}
