namespace Skiff.Node.Usage;

/// <summary>Simulated resource use of a running pod, per container, and since when it has been running.</summary>
public sealed record PodUsage(string Namespace, string Name, string NodeName, DateTimeOffset Since, IReadOnlyList<ContainerUsage> Containers)
{
    public long CpuMillicores => Containers.Sum(c => c.CpuMillicores);

    public long MemoryBytes => Containers.Sum(c => c.MemoryBytes);
}
