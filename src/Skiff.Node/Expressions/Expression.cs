using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Skiff.Node.Expressions;

/// <summary>
/// A compiled expression of the stage language: paths into the object (<c>.status.containerStatuses[0].ready</c>),
/// variables (<c>$item.name</c>), literals, function calls (<c>seconds(annotation('skiff.io/start-delay'))</c>) and the
/// operators <c>! * / + - &lt; &lt;= &gt; &gt;= == != &amp;&amp; ||</c>. Values are null, bool, double, string or a JSON
/// object or array.
/// </summary>
public abstract class Expression
{
    private Expression(string text) => Text = text;

    /// <summary>The source text, for error messages.</summary>
    public string Text { get; }

    /// <summary>Names of the functions the expression calls (checked against the known ones when a stage is loaded).</summary>
    public IReadOnlyList<string> CalledFunctions { get; private set; } = [];

    /// <summary>Parses an expression; a syntax error is a <see cref="FormatException"/> naming the position.</summary>
    public static Expression Parse(string text) => new Parser(text).ParseAll();

    public abstract object? Evaluate(EvaluationContext context);

    public override string ToString() => Text;

    private sealed class Literal(string text, object? value) : Expression(text)
    {
        public override object? Evaluate(EvaluationContext context) => value;
    }

    /// <summary>A path from the document root (no base) or from another expression's value.</summary>
    private sealed class Path(string text, Expression? origin, IReadOnlyList<object> steps) : Expression(text)
    {
        public override object? Evaluate(EvaluationContext context)
        {
            var current = origin is null ? context.Root : origin.Evaluate(context);
            foreach (var step in steps)
            {
                current = step switch
                {
                    string field => current is JsonObject obj ? Values.FromJson(obj[field]) : null,
                    Expression index => Index(current, index.Evaluate(context)),
                    _ => null,
                };
                if (current is null)
                {
                    return null;
                }
            }

            return current;
        }

        private static object? Index(object? target, object? index) => (target, index) switch
        {
            (JsonArray array, double i) when i >= 0 && i < array.Count => Values.FromJson(array[(int)i]),
            (JsonObject obj, string key) => Values.FromJson(obj[key]),
            _ => null,
        };
    }

    private sealed class Variable(string text, string name) : Expression(text)
    {
        public override object? Evaluate(EvaluationContext context) => context.Variable(name);
    }

    private sealed class Call(string text, string name, IReadOnlyList<Expression> arguments) : Expression(text)
    {
        public override object? Evaluate(EvaluationContext context)
        {
            // if/or evaluate lazily, so a branch not taken cannot fail.
            switch (name)
            {
                case "if" when arguments.Count == 3:
                    return Values.IsTrue(arguments[0].Evaluate(context)) ? arguments[1].Evaluate(context) : arguments[2].Evaluate(context);
                case "or":
                    foreach (var argument in arguments)
                    {
                        var value = argument.Evaluate(context);
                        if (value is not (null or ""))
                        {
                            return value;
                        }
                    }

                    return null;
            }

            var values = new object?[arguments.Count];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = arguments[i].Evaluate(context);
            }

            return context.Functions.Call(name, values, context);
        }
    }

    private sealed class Unary(string text, char op, Expression operand) : Expression(text)
    {
        public override object? Evaluate(EvaluationContext context)
        {
            var value = operand.Evaluate(context);
            return op == '!' ? !Values.IsTrue(value) : Values.Number(value) is { } n ? -n : null;
        }
    }

    private sealed class Binary(string text, string op, Expression left, Expression right) : Expression(text)
    {
        public override object? Evaluate(EvaluationContext context)
        {
            switch (op)
            {
                case "&&":
                    return Values.IsTrue(left.Evaluate(context)) && Values.IsTrue(right.Evaluate(context));
                case "||":
                    return Values.IsTrue(left.Evaluate(context)) || Values.IsTrue(right.Evaluate(context));
            }

            var a = left.Evaluate(context);
            var b = right.Evaluate(context);
            return op switch
            {
                "==" => Values.AreEqual(a, b),
                "!=" => !Values.AreEqual(a, b),
                "<" => Values.Compare(a, b) is { } c && c < 0,
                "<=" => Values.Compare(a, b) is { } c && c <= 0,
                ">" => Values.Compare(a, b) is { } c && c > 0,
                ">=" => Values.Compare(a, b) is { } c && c >= 0,
                "+" when a is string || b is string => Values.ToText(a) + Values.ToText(b),
                "+" => Arithmetic(a, b, (x, y) => x + y),
                "-" => Arithmetic(a, b, (x, y) => x - y),
                "*" => Arithmetic(a, b, (x, y) => x * y),
                "/" => Arithmetic(a, b, (x, y) => y == 0 ? double.NaN : x / y),
                _ => throw new InvalidOperationException($"unknown operator {op}"),
            };
        }

        private static object? Arithmetic(object? a, object? b, Func<double, double, double> f) =>
            Values.Number(a) is { } x && Values.Number(b) is { } y ? f(x, y) : null;
    }

    /// <summary>Recursive descent over the grammar, lowest precedence first: || &amp;&amp; comparison additive multiplicative unary postfix.</summary>
    private sealed class Parser(string text)
    {
        private readonly List<string> calls = [];
        private int position;

        public Expression ParseAll()
        {
            var result = ParseOr();
            SkipSpace();
            if (position < text.Length)
            {
                throw Error($"unexpected '{text[position]}'");
            }

            result.CalledFunctions = calls;
            return result;
        }

        private Expression ParseOr() => ParseLeftAssociative(ParseAnd, "||");

        private Expression ParseAnd() => ParseLeftAssociative(ParseComparison, "&&");

        private Expression ParseComparison()
        {
            var start = position;
            var left = ParseAdditive();
            foreach (var op in (string[])["==", "!=", "<=", ">=", "<", ">"])
            {
                if (TryConsume(op))
                {
                    var right = ParseAdditive();
                    return new Binary(Slice(start), op, left, right);
                }
            }

            return left;
        }

        private Expression ParseAdditive() => ParseLeftAssociative(ParseMultiplicative, "+", "-");

        private Expression ParseMultiplicative() => ParseLeftAssociative(ParseUnary, "*", "/");

        private Expression ParseLeftAssociative(Func<Expression> next, params string[] operators)
        {
            var start = position;
            var left = next();
            while (true)
            {
                var op = operators.FirstOrDefault(TryConsume);
                if (op is null)
                {
                    return left;
                }

                left = new Binary(Slice(start), op, left, next());
            }
        }

        private Expression ParseUnary()
        {
            SkipSpace();
            var start = position;
            if (Peek() == '!' && PeekAt(1) != '=')
            {
                position++;
                return new Unary(Slice(start), '!', ParseUnary());
            }

            if (Peek() == '-' && !char.IsAsciiDigit(PeekAt(1)))
            {
                position++;
                return new Unary(Slice(start), '-', ParseUnary());
            }

            return ParsePostfix();
        }

        private Expression ParsePostfix()
        {
            SkipSpace();
            var start = position;
            Expression? origin;
            var steps = new List<object>();
            var c = Peek();
            if (c == '.')
            {
                origin = null; // a path from the root: ".", ".spec", ".status.conditions[0]"
                if (!IsIdentifierStart(PeekAt(1)) && PeekAt(1) != '[')
                {
                    position++;
                    return new Path(Slice(start), null, steps);
                }
            }
            else
            {
                origin = ParsePrimary();
            }

            while (true)
            {
                if (Peek() == '.' && IsIdentifierStart(PeekAt(1)))
                {
                    position++;
                    steps.Add(ReadIdentifier());
                }
                else if (Peek() == '.' && PeekAt(1) == '[')
                {
                    position++;
                }
                else if (Peek() == '[')
                {
                    position++;
                    var index = ParseOr();
                    Expect(']');
                    steps.Add(index);
                }
                else
                {
                    break;
                }
            }

            return steps.Count == 0 && origin is not null ? origin : new Path(Slice(start), origin, steps);
        }

        private Expression ParsePrimary()
        {
            SkipSpace();
            var start = position;
            var c = Peek();
            if (c == '(')
            {
                position++;
                var inner = ParseOr();
                Expect(')');
                return inner;
            }

            if (c is '\'' or '"')
            {
                return new Literal(Slice(start), ReadString(c));
            }

            if (char.IsAsciiDigit(c) || (c == '-' && char.IsAsciiDigit(PeekAt(1))))
            {
                position++;
                while (char.IsAsciiDigit(Peek()) || Peek() == '.')
                {
                    position++;
                }

                return new Literal(Slice(start), double.Parse(text.AsSpan(start, position - start), CultureInfo.InvariantCulture));
            }

            if (c == '$')
            {
                position++;
                var name = ReadIdentifier();
                return new Variable(Slice(start), name);
            }

            if (IsIdentifierStart(c))
            {
                var name = ReadIdentifier();
                switch (name)
                {
                    case "true":
                        return new Literal(name, true);
                    case "false":
                        return new Literal(name, false);
                    case "null":
                        return new Literal(name, null);
                }

                SkipSpace();
                Expect('(');
                var arguments = new List<Expression>();
                SkipSpace();
                if (Peek() != ')')
                {
                    do
                    {
                        arguments.Add(ParseOr());
                    }
                    while (TryConsume(","));
                }

                Expect(')');
                calls.Add(name);
                return new Call(Slice(start), name, arguments);
            }

            throw Error(position < text.Length ? $"unexpected '{c}'" : "unexpected end");
        }

        private string ReadString(char quote)
        {
            position++;
            var builder = new StringBuilder();
            while (position < text.Length && text[position] != quote)
            {
                if (text[position] == '\\' && position + 1 < text.Length)
                {
                    position++;
                }

                builder.Append(text[position++]);
            }

            Expect(quote);
            return builder.ToString();
        }

        private string ReadIdentifier()
        {
            var start = position;
            if (!IsIdentifierStart(Peek()))
            {
                throw Error("expected a name");
            }

            while (char.IsAsciiLetterOrDigit(Peek()) || Peek() == '_')
            {
                position++;
            }

            return text[start..position];
        }

        private bool TryConsume(string token)
        {
            SkipSpace();
            if (string.CompareOrdinal(text, position, token, 0, token.Length) != 0)
            {
                return false;
            }

            // "<" must not eat the first half of "<=", "|" must be "||", and so on.
            if (token is "<" or ">" && PeekAt(1) == '=')
            {
                return false;
            }

            position += token.Length;
            return true;
        }

        private void Expect(char c)
        {
            SkipSpace();
            if (Peek() != c)
            {
                throw Error($"expected '{c}'");
            }

            position++;
        }

        private void SkipSpace()
        {
            while (position < text.Length && char.IsWhiteSpace(text[position]))
            {
                position++;
            }
        }

        private char Peek() => PeekAt(0);

        private char PeekAt(int offset) => position + offset < text.Length ? text[position + offset] : '\0';

        private static bool IsIdentifierStart(char c) => char.IsAsciiLetter(c) || c == '_';

        private string Slice(int start) => text[start..position].Trim();

        private FormatException Error(string what) => new($"expression \"{text}\": {what} at position {position}");
    }
}
