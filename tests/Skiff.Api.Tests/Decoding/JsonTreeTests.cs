using System.Text.Json;
using Skiff.Api.Decoding;

namespace Skiff.Api.Tests.Decoding;

public class JsonTreeTests
{
    [Fact]
    public void A_repeated_key_keeps_its_last_value_as_go_maps_do()
    {
        var tree = JsonTree.Parse("""{"a":1,"b":{"x":"1","x":"2"},"a":[1.0,true,null]}"""u8)!;
        Assert.Equal("""{"a":[1.0,true,null],"b":{"x":"2"}}""", tree.ToJsonString());
    }

    [Fact]
    public void Malformed_json_is_a_json_exception()
    {
        Assert.ThrowsAny<JsonException>(() => JsonTree.Parse("""{"a":"""u8));
        Assert.ThrowsAny<JsonException>(() => JsonTree.Parse(""u8));
        Assert.Null(JsonTree.Parse("null"u8));
    }
}
