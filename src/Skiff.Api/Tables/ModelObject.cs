using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;

namespace Skiff.Api.Tables;

/// <summary>Accepts an object as its k8s.Models type, or as JSON (JsonNode, JsonElement, string) that is read into that type.</summary>
internal static class ModelObject
{
    public static T As<T>(object obj)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(obj);
        return obj switch
        {
            T typed => typed,
            JsonNode node => Read<T>(node.ToJsonString()),
            JsonElement element => Read<T>(element.GetRawText()),
            string json => Read<T>(json),
            _ => throw new ArgumentException($"Expected {typeof(T).Name} (or its JSON) but got {obj.GetType().Name}.", nameof(obj)),
        };
    }

    private static T Read<T>(string json) =>
        KubernetesJson.Deserialize<T>(json) ?? throw new ArgumentException($"The JSON is not a {typeof(T).Name}.", nameof(json));
}
