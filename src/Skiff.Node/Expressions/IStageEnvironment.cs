using System.Text.Json.Nodes;

namespace Skiff.Node.Expressions;

/// <summary>What stage expressions ask of the simulator about the pod they look at: addresses and its node's settings.</summary>
public interface IStageEnvironment
{
    /// <summary>The InternalIP of the pod's node (hostIP).</summary>
    string? NodeIP(JsonNode pod);

    /// <summary>The pod's address from its node's podCIDR (the same address every time for the same pod).</summary>
    string? PodIP(JsonNode pod);

    /// <summary>A node-wide default (e.g. "startDelay" in seconds) of the pod's node; null when unknown.</summary>
    object? Setting(JsonNode pod, string name);
}
