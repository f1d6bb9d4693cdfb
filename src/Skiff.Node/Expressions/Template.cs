using System.Text;
using System.Text.Json.Nodes;

namespace Skiff.Node.Expressions;

/// <summary>
/// A JSON tree with expressions, compiled once and rendered per object. A string that is exactly
/// <c>{{ expr }}</c> becomes the expression's value with its type (number, bool, object, null); other strings with
/// <c>{{ }}</c> are interpolated as text. An object with <c>$if: expr</c> is left out when the expression is false;
/// an array element with <c>$forEach: expr</c> is repeated for each element of the list, with <c>$item</c> and
/// <c>$index</c> bound; a field whose list comes out empty that way is left out. Everything else, <c>$setElementOrder/…</c> directives included, is copied as written.
/// </summary>
public abstract class Template
{
    private const string IfKey = "$if";
    private const string ForEachKey = "$forEach";

    /// <summary>Compiles a template; expression syntax errors are reported with their text.</summary>
    public static Template Compile(JsonNode? node) => node switch
    {
        JsonObject obj => CompileObject(obj),
        JsonArray array => new ArrayTemplate([.. array.Select(Compile)]),
        JsonValue value when value.TryGetValue<string>(out var text) && text.Contains("{{", StringComparison.Ordinal) => CompileString(text),
        _ => new LiteralTemplate(node?.DeepClone()),
    };

    /// <summary>Renders the tree; null when the template's own $if is false.</summary>
    public JsonNode? Render(EvaluationContext context) => Include(context) ? Produce(context) : null;

    /// <summary>Every expression in the tree (to check function names when a stage is loaded).</summary>
    public abstract IEnumerable<Expression> Expressions();

    protected virtual bool Include(EvaluationContext context) => true;

    protected abstract JsonNode? Produce(EvaluationContext context);

    private static ObjectTemplate CompileObject(JsonObject obj)
    {
        Expression? condition = null;
        Expression? forEach = null;
        var fields = new List<(string, Template)>();
        foreach (var (key, value) in obj)
        {
            switch (key)
            {
                case IfKey:
                    condition = Expression.Parse(Text(value, key));
                    break;
                case ForEachKey:
                    forEach = Expression.Parse(Text(value, key));
                    break;
                default:
                    fields.Add((key, Compile(value)));
                    break;
            }
        }

        return new ObjectTemplate(fields, condition, forEach);
    }

    private static string Text(JsonNode? value, string key) =>
        value is JsonValue v && v.TryGetValue<string>(out var text) ? text : throw new FormatException($"{key} must be an expression string");

    private static Template CompileString(string text)
    {
        var parts = new List<object>();
        var position = 0;
        while (position < text.Length)
        {
            var open = text.IndexOf("{{", position, StringComparison.Ordinal);
            if (open < 0)
            {
                parts.Add(text[position..]);
                break;
            }

            var close = text.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                throw new FormatException($"template \"{text}\": '{{{{' without '}}}}'");
            }

            if (open > position)
            {
                parts.Add(text[position..open]);
            }

            parts.Add(Expression.Parse(text[(open + 2)..close]));
            position = close + 2;
        }

        return parts is [Expression single] ? new ValueTemplate(single) : new TextTemplate(parts);
    }

    private sealed class LiteralTemplate(JsonNode? value) : Template
    {
        public override IEnumerable<Expression> Expressions() => [];

        protected override JsonNode? Produce(EvaluationContext context) => value?.DeepClone();
    }

    private sealed class ValueTemplate(Expression expression) : Template
    {
        public override IEnumerable<Expression> Expressions() => [expression];

        protected override JsonNode? Produce(EvaluationContext context) => Values.ToJson(expression.Evaluate(context));
    }

    private sealed class TextTemplate(IReadOnlyList<object> parts) : Template
    {
        public override IEnumerable<Expression> Expressions() => parts.OfType<Expression>();

        protected override JsonNode? Produce(EvaluationContext context)
        {
            var builder = new StringBuilder();
            foreach (var part in parts)
            {
                builder.Append(part is Expression e ? Values.ToText(e.Evaluate(context)) : (string)part);
            }

            return JsonValue.Create(builder.ToString());
        }
    }

    private sealed class ArrayTemplate(IReadOnlyList<Template> items) : Template
    {
        /// <summary>Whether its length depends on the object ($forEach or $if items): then an empty result leaves the field out.</summary>
        public bool IsDynamic { get; } = items.Any(i => i is ObjectTemplate { HasCondition: true } or ObjectTemplate { ForEach: not null });

        public override IEnumerable<Expression> Expressions() => items.SelectMany(i => i.Expressions());

        protected override JsonNode? Produce(EvaluationContext context)
        {
            var result = new JsonArray();
            foreach (var item in items)
            {
                if (item is ObjectTemplate { ForEach: { } each } repeated)
                {
                    var list = each.Evaluate(context) as JsonArray ?? [];
                    for (var i = 0; i < list.Count; i++)
                    {
                        var savedItem = context.Bind("item", Values.FromJson(list[i]));
                        var savedIndex = context.Bind("index", (double)i);
                        try
                        {
                            if (repeated.Render(context) is { } rendered)
                            {
                                result.Add(rendered);
                            }
                        }
                        finally
                        {
                            context.Restore("index", savedIndex);
                            context.Restore("item", savedItem);
                        }
                    }
                }
                else if (item is not ObjectTemplate || item.Include(context))
                {
                    result.Add(item.Produce(context));
                }
            }

            return result;
        }
    }

    private sealed class ObjectTemplate(IReadOnlyList<(string Key, Template Value)> fields, Expression? condition, Expression? forEach) : Template
    {
        public Expression? ForEach => forEach;

        public bool HasCondition => condition is not null;

        public override IEnumerable<Expression> Expressions() =>
            fields.SelectMany(f => f.Value.Expressions()).Concat(new[] { condition, forEach }.OfType<Expression>());

        protected override bool Include(EvaluationContext context) => condition is null || Values.IsTrue(condition.Evaluate(context));

        protected override JsonNode? Produce(EvaluationContext context)
        {
            var result = new JsonObject();
            foreach (var (key, value) in fields)
            {
                if (value is ObjectTemplate && !value.Include(context))
                {
                    continue;
                }

                var produced = value.Produce(context);
                if (value is ArrayTemplate { IsDynamic: true } && produced is JsonArray { Count: 0 })
                {
                    continue; // e.g. initContainerStatuses of a pod without init containers: absent, as upstream omits it
                }

                result[key] = produced;
            }

            return result;
        }
    }
}
