using Skiff.Api.Syntax;
using System.Text;

namespace Skiff.Api.Selectors;

/// <summary>
/// The label selector grammar of apimachinery's labels.Parse, token for token, so that accepted inputs, the
/// canonical form and every error message match kube-apiserver.
/// </summary>
internal sealed class LabelSelectorParser
{
    private static readonly Dictionary<string, Token> Literals = new(StringComparer.Ordinal)
    {
        [")"] = Token.ClosedPar,
        [","] = Token.Comma,
        ["!"] = Token.DoesNotExist,
        ["=="] = Token.DoubleEquals,
        ["="] = Token.EqualsSign,
        [">"] = Token.GreaterThan,
        ["in"] = Token.In,
        ["<"] = Token.LessThan,
        ["!="] = Token.NotEquals,
        ["notin"] = Token.NotIn,
        ["("] = Token.OpenPar,
    };

    // Same order as upstream's binaryOperators; it appears in an error message.
    private const string BinaryOperators = "in, notin, =, ==, !=, gt, lt";

    private readonly List<(Token Token, string Literal)> items = [];
    private readonly string text;
    private int lexPosition;
    private int position;

    private LabelSelectorParser(string text) => this.text = text;

    private enum Token
    {
        Error,
        EndOfString,
        ClosedPar,
        Comma,
        DoesNotExist,
        DoubleEquals,
        EqualsSign,
        GreaterThan,
        Identifier,
        In,
        LessThan,
        NotEquals,
        NotIn,
        OpenPar,
    }

    private enum Context
    {
        KeyAndOperator,
        Values,
    }

    /// <summary>Parses a selector string into requirements sorted by key; throws <see cref="SelectorParseException"/>.</summary>
    public static List<LabelRequirement> Parse(string text)
    {
        var parser = new LabelSelectorParser(text);
        parser.Scan();
        var requirements = parser.ParseAll();
        return [.. requirements.OrderBy(r => r.Key, StringComparer.Ordinal)];
    }

    private List<LabelRequirement> ParseAll()
    {
        var requirements = new List<LabelRequirement>();
        while (true)
        {
            var (token, literal) = Lookahead(Context.Values);
            switch (token)
            {
                case Token.Identifier or Token.DoesNotExist:
                    LabelRequirement requirement;
                    try
                    {
                        requirement = ParseRequirement();
                    }
                    catch (SelectorParseException e)
                    {
                        throw new SelectorParseException("unable to parse requirement: " + e.Message, e);
                    }

                    requirements.Add(requirement);
                    var (next, nextLiteral) = Consume(Context.Values);
                    switch (next)
                    {
                        case Token.EndOfString:
                            return requirements;
                        case Token.Comma:
                            var (afterComma, afterCommaLiteral) = Lookahead(Context.Values);
                            if (afterComma != Token.Identifier && afterComma != Token.DoesNotExist)
                            {
                                throw new SelectorParseException($"found '{afterCommaLiteral}', expected: identifier after ','");
                            }

                            break;
                        default:
                            throw new SelectorParseException($"found '{nextLiteral}', expected: ',' or 'end of string'");
                    }

                    break;
                case Token.EndOfString:
                    return requirements;
                default:
                    throw new SelectorParseException($"found '{literal}', expected: !, identifier, or 'end of string'");
            }
        }
    }

    private LabelRequirement ParseRequirement()
    {
        var (key, op) = ParseKeyAndInferOperator();
        if (op is LabelSelectorOperator.Exists or LabelSelectorOperator.DoesNotExist)
        {
            return Validated(key, op.Value, []);
        }

        var binary = ParseOperator();
        var values = binary is LabelSelectorOperator.In or LabelSelectorOperator.NotIn ? ParseValues() : ParseExactValue();
        return Validated(key, binary, [.. values.Order(StringComparer.Ordinal)]);
    }

    private static LabelRequirement Validated(string key, LabelSelectorOperator op, List<string> values)
    {
        var errors = LabelRequirement.Validate(key, op, values, keyPath: "key");
        return errors.Count == 0
            ? LabelRequirement.Trusted(key, op, values)
            : throw new SelectorParseException(LabelSyntax.Aggregate(errors));
    }

    private (string Key, LabelSelectorOperator? Operator) ParseKeyAndInferOperator()
    {
        LabelSelectorOperator? op = null;
        var (token, literal) = Consume(Context.Values);
        if (token == Token.DoesNotExist)
        {
            op = LabelSelectorOperator.DoesNotExist;
            (token, literal) = Consume(Context.Values);
        }

        if (token != Token.Identifier)
        {
            throw new SelectorParseException($"found '{literal}', expected: identifier");
        }

        var keyErrors = NameValidation.IsQualifiedName(literal);
        if (keyErrors.Count > 0)
        {
            // Upstream validates here with a nil field path, which prints as "<nil>".
            throw new SelectorParseException(LabelSyntax.InvalidValue("<nil>", literal, string.Join("; ", keyErrors)));
        }

        var (after, _) = Lookahead(Context.Values);
        if ((after == Token.EndOfString || after == Token.Comma) && op != LabelSelectorOperator.DoesNotExist)
        {
            op = LabelSelectorOperator.Exists;
        }

        return (literal, op);
    }

    private LabelSelectorOperator ParseOperator()
    {
        var (token, literal) = Consume(Context.KeyAndOperator);
        return token switch
        {
            Token.In => LabelSelectorOperator.In,
            Token.EqualsSign => LabelSelectorOperator.Equals,
            Token.DoubleEquals => LabelSelectorOperator.DoubleEquals,
            Token.GreaterThan => LabelSelectorOperator.GreaterThan,
            Token.LessThan => LabelSelectorOperator.LessThan,
            Token.NotIn => LabelSelectorOperator.NotIn,
            Token.NotEquals => LabelSelectorOperator.NotEquals,
            _ => throw new SelectorParseException($"found '{literal}', expected: {BinaryOperators}"),
        };
    }

    private HashSet<string> ParseValues()
    {
        var (token, literal) = Consume(Context.Values);
        if (token != Token.OpenPar)
        {
            throw new SelectorParseException($"found '{literal}' expected: '('");
        }

        (token, literal) = Lookahead(Context.Values);
        switch (token)
        {
            case Token.Identifier or Token.Comma:
                var values = ParseIdentifiersList();
                if (Consume(Context.Values).Token != Token.ClosedPar)
                {
                    // Upstream reports the literal seen before the list, not the offending one.
                    throw new SelectorParseException($"found '{literal}', expected: ')'");
                }

                return values;
            case Token.ClosedPar:
                Consume(Context.Values);
                return new HashSet<string>(StringComparer.Ordinal) { string.Empty };
            default:
                throw new SelectorParseException($"found '{literal}', expected: ',', ')' or identifier");
        }
    }

    private HashSet<string> ParseIdentifiersList()
    {
        var values = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var (token, literal) = Consume(Context.Values);
            switch (token)
            {
                case Token.Identifier:
                    values.Add(literal);
                    var (next, nextLiteral) = Lookahead(Context.Values);
                    switch (next)
                    {
                        case Token.Comma:
                            continue;
                        case Token.ClosedPar:
                            return values;
                        default:
                            throw new SelectorParseException($"found '{nextLiteral}', expected: ',' or ')'");
                    }

                case Token.Comma:
                    // "(,a" and "a,,b" and "a,)" all denote the empty value too.
                    if (values.Count == 0)
                    {
                        values.Add(string.Empty);
                    }

                    var (afterComma, _) = Lookahead(Context.Values);
                    if (afterComma == Token.ClosedPar)
                    {
                        values.Add(string.Empty);
                        return values;
                    }

                    if (afterComma == Token.Comma)
                    {
                        values.Add(string.Empty);
                    }

                    break;
                default:
                    throw new SelectorParseException($"found '{literal}', expected: ',', or identifier");
            }
        }
    }

    private HashSet<string> ParseExactValue()
    {
        var values = new HashSet<string>(StringComparer.Ordinal);
        var (ahead, _) = Lookahead(Context.Values);
        if (ahead == Token.EndOfString || ahead == Token.Comma)
        {
            values.Add(string.Empty);
            return values;
        }

        var (token, literal) = Consume(Context.Values);
        if (token == Token.Identifier)
        {
            values.Add(literal);
            return values;
        }

        throw new SelectorParseException($"found '{literal}', expected: identifier");
    }

    private (Token Token, string Literal) Lookahead(Context context) => InContext(items[position], context);

    private (Token Token, string Literal) Consume(Context context) => InContext(items[position++], context);

    // Inside value lists "in" and "notin" are ordinary words.
    private static (Token Token, string Literal) InContext((Token Token, string Literal) item, Context context) =>
        context == Context.Values && item.Token is Token.In or Token.NotIn ? (Token.Identifier, item.Literal) : item;

    private void Scan()
    {
        while (true)
        {
            var item = Lex();
            items.Add(item);
            if (item.Token == Token.EndOfString)
            {
                break;
            }
        }
    }

    private (Token Token, string Literal) Lex()
    {
        var ch = Read();
        while (IsWhitespace(ch))
        {
            ch = Read();
        }

        if (ch == '\0')
        {
            return (Token.EndOfString, string.Empty);
        }

        Unread();
        return IsSpecialSymbol(ch) ? ScanSpecialSymbol() : ScanIdentifierOrKeyword();
    }

    private (Token Token, string Literal) ScanIdentifierOrKeyword()
    {
        var buffer = new StringBuilder();
        while (true)
        {
            var ch = Read();
            if (ch == '\0')
            {
                break;
            }

            if (IsSpecialSymbol(ch) || IsWhitespace(ch))
            {
                Unread();
                break;
            }

            buffer.Append(ch);
        }

        var word = buffer.ToString();
        return Literals.TryGetValue(word, out var keyword) ? (keyword, word) : (Token.Identifier, word);
    }

    // Longest match over the operator characters: "!=" beats "!", "==" beats "=".
    private (Token Token, string Literal) ScanSpecialSymbol()
    {
        var buffer = new StringBuilder();
        (Token Token, string Literal) last = (Token.Error, string.Empty);
        while (true)
        {
            var ch = Read();
            if (ch == '\0')
            {
                break;
            }

            if (!IsSpecialSymbol(ch))
            {
                Unread();
                break;
            }

            buffer.Append(ch);
            if (Literals.TryGetValue(buffer.ToString(), out var token))
            {
                last = (token, buffer.ToString());
            }
            else if (last.Token != Token.Error)
            {
                Unread();
                break;
            }
        }

        return last.Token == Token.Error ? (Token.Error, $"error expected: keyword found '{buffer}'") : last;
    }

    private char Read() => lexPosition < text.Length ? text[lexPosition++] : '\0';

    private void Unread() => lexPosition--;

    private static bool IsWhitespace(char ch) => ch is ' ' or '\t' or '\r' or '\n';

    private static bool IsSpecialSymbol(char ch) => ch is '=' or '!' or '(' or ')' or ',' or '>' or '<';
}
