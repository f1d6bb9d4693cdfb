using System.Text.Json.Nodes;
using Skiff.Node.Configuration;
using Skiff.Node.Expressions;

namespace Skiff.Node.Stages;

/// <summary>
/// The ordered stages of a lifecycle, read from YAML documents of kind Stage (apiVersion skiff.io/v1alpha1). The
/// first stage whose selector matches an object is the one that applies to it. The pod lifecycle of Skiff's
/// simulated kubelet is embedded in the binary (Stages/pod-lifecycle.yaml) and can be replaced by a user's file.
/// </summary>
public sealed class StageSet
{
    public const string ApiVersion = "skiff.io/v1alpha1";
    private const string EmbeddedPodLifecycle = "Skiff.Node.Stages.pod-lifecycle.yaml";

    private StageSet(IReadOnlyList<Stage> stages) => Stages = stages;

    public IReadOnlyList<Stage> Stages { get; }

    /// <summary>The pod lifecycle embedded in the binary.</summary>
    public static StageSet DefaultPodLifecycle { get; } = Parse(EmbeddedText());

    /// <summary>The embedded YAML, for users who start their own file from it.</summary>
    public static string EmbeddedText()
    {
        using var stream = typeof(StageSet).Assembly.GetManifestResourceStream(EmbeddedPodLifecycle)
            ?? throw new InvalidOperationException($"the embedded resource {EmbeddedPodLifecycle} is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static StageSet Load(string path) => Parse(File.ReadAllText(path));

    /// <summary>Reads the Stage documents of a YAML text; a malformed stage is a <see cref="FormatException"/> naming it.</summary>
    public static StageSet Parse(string yaml)
    {
        var stages = new List<Stage>();
        foreach (var document in YamlDocuments.Parse(yaml))
        {
            var name = document["metadata"]?["name"]?.GetValue<string>() ?? $"#{stages.Count + 1}";
            try
            {
                stages.Add(ParseStage(document, name));
            }
            catch (Exception e) when (e is FormatException or InvalidOperationException or KeyNotFoundException)
            {
                throw new FormatException($"stage {name}: {e.Message}", e);
            }
        }

        var duplicate = stages.GroupBy(s => s.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new FormatException($"stage {duplicate.Key} is defined more than once");
        }

        return new StageSet(stages);
    }

    /// <summary>The first stage of <paramref name="kind"/> whose selector matches; its variables stay bound in the context.</summary>
    public Stage? Match(string kind, EvaluationContext context)
    {
        foreach (var stage in Stages)
        {
            if (stage.Kind != kind)
            {
                continue;
            }

            stage.BindVariables(context);
            if (stage.Matches(context))
            {
                return stage;
            }
        }

        return null;
    }

    /// <summary>
    /// Every stage of <paramref name="kind"/> that matches, in file order (variables are bound per stage, so bind
    /// them again with <see cref="Stage.BindVariables"/> before applying one).
    /// </summary>
    public IEnumerable<Stage> Matching(string kind, EvaluationContext context)
    {
        foreach (var stage in Stages)
        {
            if (stage.Kind != kind)
            {
                continue;
            }

            stage.BindVariables(context);
            if (stage.Matches(context))
            {
                yield return stage;
            }
        }
    }

    public Stage? Find(string name) => Stages.FirstOrDefault(s => s.Name == name);

    private static Stage ParseStage(JsonNode document, string name)
    {
        if (Text(document["apiVersion"]) != ApiVersion || Text(document["kind"]) != "Stage")
        {
            throw new FormatException($"expected apiVersion {ApiVersion} and kind Stage");
        }

        var spec = document["spec"] as JsonObject ?? throw new FormatException("spec is missing");
        var kind = Text(spec["resourceRef"]?["kind"]) ?? "Pod";

        var variables = new List<(string, Expression)>();
        if (spec["vars"] is JsonObject vars)
        {
            foreach (var (variable, value) in vars)
            {
                variables.Add((variable, Expression.Parse(Text(value) ?? throw new FormatException($"vars.{variable} must be an expression string"))));
            }
        }

        var selector = new List<StageRequirement>();
        foreach (var item in (spec["selector"]?["matchExpressions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            selector.Add(ParseRequirement(item));
        }

        var delay = spec["delay"] as JsonObject;
        var next = spec["next"] as JsonObject ?? throw new FormatException("next is missing");
        var status = next["status"] is { } statusNode ? Template.Compile(statusNode) : null;
        var events = next["events"] is { } eventsNode ? Template.Compile(eventsNode) : null;
        var delete = next["delete"] is JsonValue d && d.TryGetValue<bool>(out var deleteFlag) && deleteFlag;
        var stage = new Stage(name, kind, variables, selector, OptionalExpression(delay?["duration"]), OptionalExpression(delay?["jitter"]),
            status, delete, events);
        CheckFunctions(stage);
        return stage;
    }

    private static StageRequirement ParseRequirement(JsonObject item)
    {
        if (Text(item["expression"]) is { } expression)
        {
            return new StageRequirement(Expression.Parse(expression), StageRequirement.IsTrue, []);
        }

        var key = Text(item["key"]) ?? throw new FormatException("a match expression needs a key or an expression");
        var op = Text(item["operator"]) ?? throw new FormatException($"match expression {key} needs an operator");
        if (!StageRequirement.Operators.Contains(op) || op == StageRequirement.IsTrue)
        {
            throw new FormatException($"match expression {key}: unknown operator {op} (In, NotIn, Exists, DoesNotExist)");
        }

        var values = (item["values"] as JsonArray ?? []).Select(v => Values.ToText(Values.FromJson(v))).ToList();
        if (op is StageRequirement.In or StageRequirement.NotIn && values.Count == 0)
        {
            throw new FormatException($"match expression {key}: {op} needs values");
        }

        return new StageRequirement(Expression.Parse(key), op, values);
    }

    private static Expression? OptionalExpression(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var text) => Expression.Parse(text),
        JsonValue v when v.TryGetValue<double>(out var number) => Expression.Parse(number.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        _ => throw new FormatException("a delay must be an expression string or a number of seconds"),
    };

    private static void CheckFunctions(Stage stage)
    {
        var expressions = stage.Variables.Select(v => v.Value)
            .Concat(stage.Selector.Select(r => r.Key))
            .Concat(new[] { stage.Delay, stage.Jitter }.OfType<Expression>())
            .Concat(stage.Status?.Expressions() ?? [])
            .Concat(stage.Events?.Expressions() ?? []);
        foreach (var expression in expressions)
        {
            foreach (var function in expression.CalledFunctions)
            {
                if (!ExpressionFunctions.Names().Contains(function))
                {
                    throw new FormatException($"unknown function {function}() in \"{expression.Text}\"");
                }
            }
        }
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
