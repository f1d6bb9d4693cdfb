using k8s.Models;
using Skiff.Node.Configuration;
using Skiff.Node.Expressions;

namespace Skiff.Node.Registration;

/// <summary>A node group's settings resolved once: quantities parsed, durations in seconds, defaults filled in.</summary>
public sealed class NodeSettings
{
    /// <summary>Upstream-sized defaults of a simulated node: 4 CPUs, 16Gi, 110 pods, 100Gi of ephemeral storage.</summary>
    public static readonly IReadOnlyDictionary<string, string> DefaultCapacity = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["cpu"] = "4",
        ["memory"] = "16Gi",
        ["pods"] = "110",
        ["ephemeral-storage"] = "100Gi",
        ["hugepages-1Gi"] = "0",
        ["hugepages-2Mi"] = "0",
    };

    public NodeSettings(NodeGroup group)
    {
        InstanceType = group.InstanceType;
        var capacity = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal);
        foreach (var (name, value) in DefaultCapacity.Concat(group.Capacity))
        {
            capacity[name] = Quantity(value, $"capacity.{name}");
        }

        Capacity = capacity;
        Labels = group.Labels;
        Annotations = group.Annotations;
        Taints = group.Taints;
        StartDelaySeconds = Duration(group.StartDelay, "startDelay");
        StartJitterSeconds = Duration(group.StartJitter, "startJitter");
        StopDelaySeconds = Duration(group.StopDelay, "stopDelay");
        CrashBackOffSeconds = Duration(group.CrashBackOff, "crashBackOff");
        CpuUsageMillicores = (long)Math.Ceiling(Quantity(group.PodUsage.GetValueOrDefault("cpu", "5m"), "podUsage.cpu").ToDecimal() * 1000);
        MemoryUsageBytes = (long)Quantity(group.PodUsage.GetValueOrDefault("memory", "16Mi"), "podUsage.memory").ToDecimal();
    }

    public string InstanceType { get; }

    public IReadOnlyDictionary<string, ResourceQuantity> Capacity { get; }

    public IReadOnlyDictionary<string, string> Labels { get; }

    public IReadOnlyDictionary<string, string> Annotations { get; }

    public IReadOnlyList<V1Taint> Taints { get; }

    public double StartDelaySeconds { get; }

    public double StartJitterSeconds { get; }

    public double StopDelaySeconds { get; }

    public double CrashBackOffSeconds { get; }

    /// <summary>Default simulated CPU use of a running container.</summary>
    public long CpuUsageMillicores { get; }

    /// <summary>Default simulated memory use (working set) of a running container.</summary>
    public long MemoryUsageBytes { get; }

    /// <summary>The value of setting(name) in stage expressions.</summary>
    public object? Setting(string name) => name switch
    {
        "startDelay" => StartDelaySeconds,
        "startJitter" => StartJitterSeconds,
        "stopDelay" => StopDelaySeconds,
        "crashBackOff" => CrashBackOffSeconds,
        "instanceType" => InstanceType,
        _ => null,
    };

    private static double Duration(string text, string field) =>
        GoDuration.ParseSeconds(text) is { } seconds && seconds >= 0 ? seconds : throw new FormatException($"{field}: \"{text}\" is not a duration");

    private static ResourceQuantity Quantity(string text, string field)
    {
        try
        {
            var quantity = new ResourceQuantity(text);
            _ = quantity.ToDecimal();
            return quantity;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
        {
            throw new FormatException($"{field}: \"{text}\" is not a quantity", e);
        }
    }
}
