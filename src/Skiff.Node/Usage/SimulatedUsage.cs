using System.Collections.Concurrent;
using k8s.Models;

namespace Skiff.Node.Usage;

/// <summary>
/// The resource use the simulated kubelets report, kept in memory for the metrics API to read: each running pod's
/// containers use the pod's skiff.io/cpu-usage and skiff.io/memory-usage annotations (a quantity per container),
/// or the node group's podUsage default; a node uses what its running pods use plus a fixed system share.
/// </summary>
public sealed class SimulatedUsage
{
    /// <summary>What a node's own daemons use besides its pods.</summary>
    public const long NodeSystemCpuMillicores = 50;

    public const long NodeSystemMemoryBytes = 256L * 1024 * 1024;

    private readonly ConcurrentDictionary<string, PodUsage> pods = new(StringComparer.Ordinal);

    public PodUsage? Pod(string ns, string name) => pods.GetValueOrDefault(Key(ns, name));

    public IReadOnlyList<PodUsage> Pods() => [.. pods.Values];

    /// <summary>A node's use; nodes without running pods use the system share only.</summary>
    public NodeUsage Node(string name)
    {
        long cpu = NodeSystemCpuMillicores, memory = NodeSystemMemoryBytes;
        var running = 0;
        foreach (var pod in pods.Values)
        {
            if (pod.NodeName == name)
            {
                cpu += pod.CpuMillicores;
                memory += pod.MemoryBytes;
                running++;
            }
        }

        return new NodeUsage(name, cpu, memory, running);
    }

    /// <summary>Records a running pod's use from its annotations or the defaults (per container).</summary>
    public void Running(V1Pod pod, DateTimeOffset since, long defaultCpuMillicores, long defaultMemoryBytes)
    {
        var annotations = pod.Metadata.Annotations;
        var cpu = Quantity(annotations, NodeAnnotations.CpuUsage, 1000) ?? defaultCpuMillicores;
        var memory = Quantity(annotations, NodeAnnotations.MemoryUsage, 1) ?? defaultMemoryBytes;
        var key = Key(pod.Metadata.NamespaceProperty, pod.Metadata.Name);
        if (pods.TryGetValue(key, out var existing) && existing.Since == since && existing.Containers.All(c => c.CpuMillicores == cpu && c.MemoryBytes == memory))
        {
            return;
        }

        var containers = (pod.Spec?.Containers ?? []).Select(c => new ContainerUsage(c.Name, cpu, memory)).ToList();
        pods[key] = new PodUsage(pod.Metadata.NamespaceProperty ?? "", pod.Metadata.Name, pod.Spec?.NodeName ?? "", since, containers);
    }

    public void Stopped(string? ns, string name) => pods.TryRemove(Key(ns, name), out _);

    private static string Key(string? ns, string name) => $"{ns}/{name}";

    // A quantity annotation scaled (1000 for millicores); null when absent or not a quantity.
    private static long? Quantity(IDictionary<string, string>? annotations, string name, int scale)
    {
        if (annotations?.TryGetValue(name, out var text) != true || string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return (long)Math.Ceiling(new ResourceQuantity(text).ToDecimal() * scale);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
        {
            return null;
        }
    }
}
