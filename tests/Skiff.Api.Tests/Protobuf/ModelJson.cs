using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;

namespace Skiff.Api.Tests.Protobuf;

/// <summary>KubernetesClient's JSON rules, as the server applies them to every decoded body.</summary>
internal static class ModelJson
{
    private static readonly JsonSerializerOptions Options = Capture();

    /// <summary>JSON → k8s.Models object → JSON: what survives the server's decode into its model.</summary>
    public static JsonObject ThroughModel(JsonNode json, Type model) =>
        JsonSerializer.SerializeToNode(json.Deserialize(model, Options), model, Options)!.AsObject();

    public static JsonObject ToJson(object obj) => JsonSerializer.SerializeToNode(obj, obj.GetType(), Options)!.AsObject();

    private static JsonSerializerOptions Capture()
    {
        JsonSerializerOptions? captured = null;
        KubernetesJson.AddJsonOptions(o => captured = o);
        return captured!;
    }
}
