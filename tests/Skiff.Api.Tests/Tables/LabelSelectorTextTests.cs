using k8s.Models;
using Skiff.Api.Tables;

namespace Skiff.Api.Tests.Tables;

public class LabelSelectorTextTests
{
    private static V1LabelSelectorRequirement Expr(string key, string op, params string[] values) =>
        new() { Key = key, OperatorProperty = op, Values = values.Length == 0 ? null : values };

    [Fact]
    public void Formats_every_operator_sorted_by_key_with_sorted_values()
    {
        var selector = new V1LabelSelector
        {
            MatchLabels = new Dictionary<string, string> { ["app"] = "nginx" },
            MatchExpressions =
            [
                Expr("tier", "NotIn", "db", "cache"),
                Expr("env", "In", "prod", "dev"),
                Expr("legacy", "DoesNotExist"),
                Expr("canary", "Exists"),
            ],
        };
        Assert.Equal("app=nginx,canary,env in (dev,prod),!legacy,tier notin (cache,db)", LabelSelectorText.Format(selector));
    }

    [Fact]
    public void Empty_and_null_selectors_and_invalid_ones()
    {
        Assert.Equal("<none>", LabelSelectorText.Format(null));
        Assert.Equal("<none>", LabelSelectorText.Format(new V1LabelSelector()));
        Assert.Equal("", LabelSelectorText.ToSelectorString(null));
        Assert.Equal("<error>", LabelSelectorText.Format(new V1LabelSelector { MatchExpressions = [Expr("a", "Like", "x")] }));
        Assert.Equal("<error>", LabelSelectorText.Format(new V1LabelSelector { MatchExpressions = [Expr("a", "In")] }));
        Assert.Null(LabelSelectorText.ToSelectorString(new V1LabelSelector { MatchExpressions = [Expr("a", "Exists", "x")] }));
    }

    [Fact]
    public void Label_maps_sort_the_joined_pairs_in_byte_order()
    {
        Assert.Equal("<none>", LabelSelectorText.FormatLabels(null));
        Assert.Equal("<none>", LabelSelectorText.FormatLabels(new Dictionary<string, string>()));
        // "a-b=1" sorts before "a=2" because '-' (0x2D) < '=' (0x3D).
        Assert.Equal("B=0,a-b=1,a=2", LabelSelectorText.FormatLabels(new Dictionary<string, string> { ["a"] = "2", ["a-b"] = "1", ["B"] = "0" }));
    }
}
