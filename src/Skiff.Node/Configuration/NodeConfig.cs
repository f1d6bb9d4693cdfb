using System.Text.Json;
using System.Text.Json.Serialization;

namespace Skiff.Node.Configuration;

/// <summary>
/// The --node-config file: groups of simulated nodes (apiVersion skiff.io/v1alpha1, kind NodeConfig). Without a
/// file, `skiff up --nodes N` makes one group of N default nodes.
/// </summary>
public sealed class NodeConfig
{
    private static readonly JsonSerializerOptions Options = new() { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };

    [JsonPropertyName("apiVersion")]
    public string? ApiVersion { get; set; }

    [JsonPropertyName("kind")]
    public string? Kind { get; set; }

    [JsonPropertyName("groups")]
    public List<NodeGroup> Groups { get; set; } = [];

    /// <summary>N default nodes named skiff-node-1..N.</summary>
    public static NodeConfig Default(int count) => new() { Groups = count > 0 ? [new NodeGroup { Count = count }] : [] };

    public static NodeConfig Load(string path) => Parse(File.ReadAllText(path));

    /// <summary>Reads a node config from YAML; unknown fields and wrong types are a <see cref="FormatException"/>.</summary>
    public static NodeConfig Parse(string yaml)
    {
        var document = YamlDocuments.Parse(yaml).FirstOrDefault() ?? throw new FormatException("the node config is empty");
        Stringify(document);
        NodeConfig config;
        try
        {
            config = document.Deserialize<NodeConfig>(Options) ?? throw new FormatException("the node config is empty");
        }
        catch (JsonException e)
        {
            throw new FormatException($"invalid node config: {e.Message}", e);
        }

        if (config.Kind is not (null or "NodeConfig"))
        {
            throw new FormatException($"expected kind NodeConfig, got {config.Kind}");
        }

        foreach (var group in config.Groups)
        {
            if (group.Names is { Count: > 0 } names)
            {
                group.Count = names.Count;
            }

            if (group.Count < 0)
            {
                throw new FormatException("a group's count must not be negative");
            }
        }

        return config;
    }

    // YAML reads `cpu: 8` or `startDelay: 2` as numbers; the fields that hold text (quantities, labels, durations) take them as text.
    private static void Stringify(System.Text.Json.Nodes.JsonNode document)
    {
        string[] maps = ["capacity", "labels", "annotations", "podUsage"];
        string[] texts = ["startDelay", "startJitter", "stopDelay", "crashBackOff", "instanceType", "namePrefix"];
        foreach (var group in (document["groups"] as System.Text.Json.Nodes.JsonArray ?? []).OfType<System.Text.Json.Nodes.JsonObject>())
        {
            foreach (var map in maps)
            {
                if (group[map] is System.Text.Json.Nodes.JsonObject values)
                {
                    foreach (var key in values.Select(p => p.Key).ToList())
                    {
                        values[key] = AsText(values[key]);
                    }
                }
            }

            foreach (var text in texts)
            {
                if (group[text] is { } value)
                {
                    group[text] = AsText(value);
                }
            }
        }
    }

    private static System.Text.Json.Nodes.JsonNode? AsText(System.Text.Json.Nodes.JsonNode? node) =>
        node is System.Text.Json.Nodes.JsonValue value && value.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False
            ? System.Text.Json.Nodes.JsonValue.Create(value.ToJsonString())
            : node;
}
