using System.Text.Json.Serialization;
using k8s.Models;

namespace Skiff.Node.Configuration;

/// <summary>
/// A group of identical simulated nodes in a node config file: how many, their names, capacity, labels and taints,
/// and the behaviour of their simulated kubelet (start delay, stop delay, crash back-off, resource usage of pods).
/// Durations are Go-style text ("1s", "500ms", "1m30s"); quantities are Kubernetes quantities ("4", "16Gi", "250m").
/// </summary>
public sealed class NodeGroup
{
    public const string DefaultNamePrefix = "skiff-node";
    public const string DefaultInstanceType = "skiff.standard";

    /// <summary>Number of nodes; named NamePrefix-1, NamePrefix-2, ... (numbers continue across groups of the same prefix).</summary>
    [JsonPropertyName("count")]
    public int Count { get; set; } = 1;

    [JsonPropertyName("namePrefix")]
    public string NamePrefix { get; set; } = DefaultNamePrefix;

    /// <summary>Exact names instead of numbered ones (then Count is their number).</summary>
    [JsonPropertyName("names")]
    public List<string>? Names { get; set; }

    /// <summary>The node.kubernetes.io/instance-type label.</summary>
    [JsonPropertyName("instanceType")]
    public string InstanceType { get; set; } = DefaultInstanceType;

    /// <summary>cpu, memory, pods, ephemeral-storage (and any extended resource); allocatable equals capacity.</summary>
    [JsonPropertyName("capacity")]
    public Dictionary<string, string> Capacity { get; set; } = [];

    [JsonPropertyName("labels")]
    public Dictionary<string, string> Labels { get; set; } = [];

    [JsonPropertyName("annotations")]
    public Dictionary<string, string> Annotations { get; set; } = [];

    [JsonPropertyName("taints")]
    public List<V1Taint> Taints { get; set; } = [];

    /// <summary>Time from a pod's acceptance to its containers running (skiff.io/start-delay overrides it per pod).</summary>
    [JsonPropertyName("startDelay")]
    public string StartDelay { get; set; } = "1s";

    /// <summary>A random extra start delay, up to this much.</summary>
    [JsonPropertyName("startJitter")]
    public string StartJitter { get; set; } = "0s";

    /// <summary>Time a deleted pod's containers take to stop (bounded by the grace period; skiff.io/stop-delay per pod).</summary>
    [JsonPropertyName("stopDelay")]
    public string StopDelay { get; set; } = "1s";

    /// <summary>The first crash-loop back-off, doubling up to 5 minutes (upstream: 10s; skiff.io/crash-backoff per pod).</summary>
    [JsonPropertyName("crashBackOff")]
    public string CrashBackOff { get; set; } = "10s";

    /// <summary>Simulated usage of each running container when the pod has no skiff.io/cpu-usage or skiff.io/memory-usage.</summary>
    [JsonPropertyName("podUsage")]
    public Dictionary<string, string> PodUsage { get; set; } = [];
}
