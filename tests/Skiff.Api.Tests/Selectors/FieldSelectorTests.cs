using Skiff.Api.Selectors;

namespace Skiff.Api.Tests.Selectors;

public class FieldSelectorTests
{
    [Fact]
    public void ParsesTermsInSortedOrder()
    {
        var selector = FieldSelector.Parse("spec.nodeName!=n1,metadata.name==web");
        Assert.Equal(
            [new FieldRequirement("metadata.name", FieldSelectorOperator.Equals, "web"), new FieldRequirement("spec.nodeName", FieldSelectorOperator.NotEquals, "n1")],
            selector.Requirements);
        Assert.Equal("metadata.name=web,spec.nodeName!=n1", selector.ToString());
        Assert.Equal("web", selector.RequiredValue("metadata.name"));
        Assert.Null(selector.RequiredValue("spec.nodeName"));
    }

    [Fact]
    public void MatchesWithMissingFieldsAsEmpty()
    {
        var fields = new Dictionary<string, string> { ["metadata.name"] = "web", ["spec.nodeName"] = "n2" };
        string? Lookup(string f) => fields.GetValueOrDefault(f);

        Assert.True(FieldSelector.Parse("metadata.name=web,spec.nodeName!=n1").Matches(Lookup));
        Assert.False(FieldSelector.Parse("metadata.name=db").Matches(Lookup));
        Assert.True(FieldSelector.Parse("status.phase=").Matches(Lookup));
        Assert.True(FieldSelector.Parse("status.phase!=Running").Matches(Lookup));
        Assert.True(FieldSelector.Parse(null).Matches(Lookup));
        Assert.True(FieldSelector.Parse(",").IsEverything);
    }

    [Fact]
    public void UnescapesValuesAndEscapesThemBack()
    {
        var selector = FieldSelector.Parse(@"a=x\,y\=z\\w,b=c");
        Assert.Equal(@"x,y=z\w", selector.Requirements[0].Value);
        Assert.Equal(@"a=x\,y\=z\\w,b=c", selector.ToString());
    }

    [Theory]
    [InlineData("foo", "invalid selector: 'foo'; can't understand 'foo'")]
    [InlineData("a=b,foo", "invalid selector: 'a=b,foo'; can't understand 'foo'")]
    [InlineData(@"a=b\c", @"invalid field selector: invalid escape sequence: \c")]
    [InlineData(@"a=b\", @"invalid field selector: invalid escape sequence: \")]
    [InlineData("a=b=c", "invalid field selector: unescaped character in value: 61")]
    public void RejectsWithUpstreamMessages(string text, string message)
    {
        var error = Assert.Throws<SelectorParseException>(() => FieldSelector.Parse(text));
        Assert.Equal(message, error.Message);
    }
}
