using System.Text.Json.Nodes;
using Skiff.Node.Configuration;
using Skiff.Node.Expressions;
using Skiff.Node.Registration;

namespace Skiff.Node.Tests.Infrastructure;

/// <summary>A stage environment with one node's fixed addresses and settings, for evaluating stages without a cluster.</summary>
public sealed class FixedEnvironment(NodeGroup? group = null) : IStageEnvironment
{
    private readonly NodeSettings settings = new(group ?? new NodeGroup());

    public string? NodeIP(JsonNode pod) => "172.18.0.2";

    public string? PodIP(JsonNode pod) => "10.244.0.2";

    public object? Setting(JsonNode pod, string name) => settings.Setting(name);
}
