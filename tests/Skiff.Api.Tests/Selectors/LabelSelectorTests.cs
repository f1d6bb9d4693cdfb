using k8s.Models;
using Skiff.Api.Selectors;

namespace Skiff.Api.Tests.Selectors;

public class LabelSelectorTests
{
    private const string NameRule = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
    private const string ValueRule = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

    private static Dictionary<string, string> Labels(params string[] pairs) =>
        pairs.Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]);

    [Theory]
    [InlineData("app=nginx,tier in (b,a)", "app=nginx,tier in (a,b)")]
    [InlineData("x in (foo,,baz),y,z notin ()", "x in (,baz,foo),y,z notin ()")]
    [InlineData("  b!=2 , a==1 ", "a==1,b!=2")]
    [InlineData("!gone,x>5,y<3", "!gone,x>5,y<3")]
    [InlineData("env notin (prod)", "env notin (prod)")]
    [InlineData("example.com/tier=front", "example.com/tier=front")]
    [InlineData("in in (in,notin)", "in in (in,notin)")]
    [InlineData("a=", "a=")]
    public void ParseProducesTheCanonicalString(string text, string canonical)
    {
        Assert.Equal(canonical, LabelSelector.Parse(text).ToString());
    }

    [Fact]
    public void EmptyTextIsEverything()
    {
        Assert.True(LabelSelector.Parse(null).IsEverything);
        Assert.True(LabelSelector.Parse(string.Empty).IsEverything);
        Assert.True(LabelSelector.Parse("  ").IsEverything);
        Assert.True(LabelSelector.Everything.Matches(null));
    }

    [Theory]
    [InlineData("app=web", true)]
    [InlineData("app==web", true)]
    [InlineData("app!=web", false)]
    [InlineData("app!=db", true)]
    [InlineData("missing!=x", true)]
    [InlineData("app in (db,web)", true)]
    [InlineData("app notin (db,web)", false)]
    [InlineData("missing notin (x)", true)]
    [InlineData("app", true)]
    [InlineData("!app", false)]
    [InlineData("!missing", true)]
    [InlineData("replicas>2", true)]
    [InlineData("replicas<2", false)]
    [InlineData("app>2", false)]
    [InlineData("app=web,tier=fe", true)]
    [InlineData("app=web,tier=be", false)]
    public void MatchesAsUpstream(string text, bool expected)
    {
        var labels = Labels("app=web", "tier=fe", "replicas=3");
        Assert.Equal(expected, LabelSelector.Parse(text).Matches(labels));
    }

    [Theory]
    [InlineData("x=a b", "found 'b', expected: ',' or 'end of string'")]
    [InlineData("x=a,,", "found ',', expected: identifier after ','")]
    [InlineData("=a", "found '=', expected: !, identifier, or 'end of string'")]
    [InlineData("x in a", "unable to parse requirement: found 'a' expected: '('")]
    [InlineData("x (a)", "unable to parse requirement: found '(', expected: in, notin, =, ==, !=, gt, lt")]
    [InlineData("x in (a", "unable to parse requirement: found '', expected: ',' or ')'")]
    [InlineData("x=a$b", "unable to parse requirement: values[0][x]: Invalid value: \"a$b\": " + ValueRule)]
    [InlineData("a$=b", "unable to parse requirement: <nil>: Invalid value: \"a$\": " + NameRule)]
    [InlineData("x>a", "unable to parse requirement: values[0]: Invalid value: \"a\": for 'Gt', 'Lt' operators, the value must be an integer")]
    public void RejectsWithUpstreamMessages(string text, string message)
    {
        var error = Assert.Throws<SelectorParseException>(() => LabelSelector.Parse(text));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void RejectsOverlongValuesWithBothReasons()
    {
        var value = new string('a', 64) + "-";
        var error = Assert.Throws<SelectorParseException>(() => LabelSelector.Parse("k=" + value));
        Assert.Equal($"unable to parse requirement: values[0][k]: Invalid value: \"{value}\": must be no more than 63 characters; {ValueRule}", error.Message);
    }

    [Fact]
    public void FromModelFollowsLabelSelectorAsSelector()
    {
        Assert.True(LabelSelector.FromModel(null).IsNothing);
        Assert.False(LabelSelector.FromModel(null).Matches(Labels("a=b")));
        Assert.True(LabelSelector.FromModel(new V1LabelSelector()).IsEverything);

        var selector = LabelSelector.FromModel(new V1LabelSelector
        {
            MatchLabels = new Dictionary<string, string> { ["app"] = "web" },
            MatchExpressions =
            [
                new V1LabelSelectorRequirement { Key = "tier", OperatorProperty = "In", Values = ["fe", "api"] },
                new V1LabelSelectorRequirement { Key = "canary", OperatorProperty = "DoesNotExist" },
                new V1LabelSelectorRequirement { Key = "env", OperatorProperty = "Exists" },
            ],
        });

        Assert.Equal("app=web,!canary,env,tier in (api,fe)", selector.ToString());
        Assert.True(selector.Matches(Labels("app=web", "tier=fe", "env=prod")));
        Assert.False(selector.Matches(Labels("app=web", "tier=fe", "env=prod", "canary=1")));
        Assert.False(selector.Matches(Labels("app=web", "tier=db", "env=prod")));
        Assert.Equal("web", selector.RequiredValue("app"));
        Assert.Null(selector.RequiredValue("tier"));
    }

    [Fact]
    public void FromModelRejectsInvalidSelectors()
    {
        var badOperator = Assert.Throws<SelectorParseException>(() => LabelSelector.FromModel(new V1LabelSelector
        {
            MatchExpressions = [new V1LabelSelectorRequirement { Key = "a", OperatorProperty = "Equals", Values = ["b"] }],
        }));
        Assert.Equal("\"Equals\" is not a valid label selector operator", badOperator.Message);

        var noValues = Assert.Throws<SelectorParseException>(() => LabelSelector.FromModel(new V1LabelSelector
        {
            MatchExpressions = [new V1LabelSelectorRequirement { Key = "a", OperatorProperty = "In" }],
        }));
        Assert.Equal("values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty", noValues.Message);

        var badKey = Assert.Throws<SelectorParseException>(() => LabelSelector.FromModel(new V1LabelSelector
        {
            MatchLabels = new Dictionary<string, string> { ["-a"] = "b" },
        }));
        Assert.Equal("key: Invalid value: \"-a\": " + NameRule, badKey.Message);
    }

    [Fact]
    public void FormatMatchesFormatLabelSelector()
    {
        Assert.Equal("<none>", LabelSelector.Format(null));
        Assert.Equal("<none>", LabelSelector.Format(new V1LabelSelector()));
        Assert.Equal("app=nginx,tier in (a,b)", LabelSelector.Format(new V1LabelSelector
        {
            MatchLabels = new Dictionary<string, string> { ["app"] = "nginx" },
            MatchExpressions = [new V1LabelSelectorRequirement { Key = "tier", OperatorProperty = "In", Values = ["b", "a"] }],
        }));
        Assert.Equal("<error>", LabelSelector.Format(new V1LabelSelector
        {
            MatchExpressions = [new V1LabelSelectorRequirement { Key = "tier", OperatorProperty = "Bogus" }],
        }));
    }

    [Fact]
    public void FromMapIsAnEqualitySelectorSortedByKey()
    {
        var selector = LabelSelector.FromMap(new Dictionary<string, string> { ["tier"] = "fe", ["app"] = "web" });
        Assert.Equal("app=web,tier=fe", selector.ToString());
        Assert.True(selector.Matches(Labels("app=web", "tier=fe", "extra=1")));
        Assert.False(selector.Matches(Labels("app=web")));
        Assert.True(LabelSelector.FromMap(null).IsEverything);
    }
}
