namespace Skiff.Node.Usage;

/// <summary>Simulated resource use of a node: its running pods' use plus the node's own (system daemons).</summary>
public sealed record NodeUsage(string Name, long CpuMillicores, long MemoryBytes, int RunningPods);
