using System.Text.Json.Nodes;

namespace Skiff.Api.Tests.Patching;

/// <summary>Compact JSON literals for table-driven tests: single quotes stand for double quotes.</summary>
internal static class JsonText
{
    public static JsonNode? Parse(string text) => JsonNode.Parse(text.Replace('\'', '"'));

    public static JsonNode ParseNode(string text) => Parse(text) ?? throw new ArgumentException("expected a JSON value", nameof(text));

    public static void AssertEqual(string expected, JsonNode? actual) => AssertEqual(Parse(expected), actual);

    public static void AssertEqual(JsonNode? expected, JsonNode? actual)
    {
        // DeepEquals ignores object member order and respects array order, as the patch semantics require.
        Assert.True(
            JsonNode.DeepEquals(expected, actual),
            $"expected {expected?.ToJsonString() ?? "null"}{Environment.NewLine}but got  {actual?.ToJsonString() ?? "null"}");
    }
}
