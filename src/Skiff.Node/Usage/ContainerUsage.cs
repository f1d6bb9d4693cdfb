namespace Skiff.Node.Usage;

/// <summary>Simulated resource use of one running container: CPU in millicores and memory (working set) in bytes.</summary>
public sealed record ContainerUsage(string Name, long CpuMillicores, long MemoryBytes);
