using System.Text.Json.Nodes;
using Skiff.Api.Decoding;

namespace Skiff.Api.Tests.Decoding;

public class GoValueTextTests
{
    [Fact]
    public void Maps_print_sorted_and_lists_space_separated_as_go_prints_them()
    {
        var patch = JsonNode.Parse("""{"spec":{"replicas":3,"foo":"bar","list":[1,"a",null,true]},"metadata":{"labels":{"b":"2","a":"1"}}}""");
        Assert.Equal("map[metadata:map[labels:map[a:1 b:2]] spec:map[foo:bar list:[1 a <nil> true] replicas:3]]", GoValueText.Format(patch));
    }

    [Theory]
    [InlineData("1.5", "1.5")]
    [InlineData("100000.0", "100000")]
    [InlineData("1000000.0", "1e+06")]
    [InlineData("1234567.0", "1.234567e+06")]
    [InlineData("0.0001", "0.0001")]
    [InlineData("0.00001234", "1.234e-05")]
    [InlineData("1e3", "1000")]
    [InlineData("-2.25", "-2.25")]
    [InlineData("12345678901234567890", "1.2345678901234567e+19")]
    [InlineData("-42", "-42")]
    public void Numbers_print_as_int64_or_as_go_prints_a_float64(string json, string expected)
    {
        Assert.Equal(expected, GoValueText.Format(JsonNode.Parse(json)));
    }

    [Fact]
    public void Values_from_a_parsed_tree_print_the_same()
    {
        Assert.Equal("map[a:x b:false c:2]", GoValueText.Format(JsonTree.Parse("""{"c":2,"b":false,"a":"x"}"""u8)));
    }
}
