namespace Skiff.Node;

/// <summary>Annotations that steer the simulation (documented in the README).</summary>
public static class NodeAnnotations
{
    /// <summary>On a Node: "true" stops it (no heartbeats, its pods' statuses freeze) until the annotation is removed.</summary>
    public const string Stopped = "skiff.io/stopped";

    /// <summary>On a pod: simulated CPU use of each of its running containers (a quantity such as "250m").</summary>
    public const string CpuUsage = "skiff.io/cpu-usage";

    /// <summary>On a pod: simulated memory use of each of its running containers (a quantity such as "128Mi").</summary>
    public const string MemoryUsage = "skiff.io/memory-usage";
}
