using System.Text.Json.Nodes;
using Skiff.Api.FieldManagement;

namespace Skiff.Api.Tests.FieldManagement;

public class GoJsonTests
{
    [Fact]
    public void Strings_are_escaped_as_go_json_marshal_escapes_them()
    {
        // Expected bytes are what Go's json.Marshal writes for the same map: HTML characters and the JavaScript line
        // separators as lower-case \u escapes, other non-ASCII left as UTF-8, keys sorted.
        var node = new JsonObject
        {
            ["b"] = "<a href=\"x\">&amp;</a>",
            ["a"] = "caf\u00e9 \u2028\u2029 \u65e5\u672c \U0001F600 \u007f",
            ["c<"] = "\b\f\n\r\t\u0001\u001f\\",
            ["n"] = JsonNode.Parse("1.50"),
            ["l"] = new JsonArray(true, null, "x"),
        };

        Assert.Equal(
            "{\"a\":\"caf\u00e9 \\u2028\\u2029 \u65e5\u672c \U0001F600 \u007f\"," +
            "\"b\":\"\\u003ca href=\\\"x\\\"\\u003e\\u0026amp;\\u003c/a\\u003e\"," +
            "\"c\\u003c\":\"\\b\\f\\n\\r\\t\\u0001\\u001f\\\\\"," +
            "\"l\":[true,null,\"x\"],\"n\":1.50}\n",
            GoJson.Encode(node));
    }

    [Fact]
    public void A_lone_surrogate_is_written_as_the_replacement_character()
    {
        Assert.Equal("\"a\uFFFDb\"\n", GoJson.Encode(JsonValue.Create("a\uD800b")));
    }
}
