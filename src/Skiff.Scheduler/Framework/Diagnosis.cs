namespace Skiff.Scheduler.Framework;

/// <summary>What a failed scheduling cycle learned: each node's status, the plugins that rejected the pod, and the PreFilter/PostFilter messages.</summary>
public sealed class Diagnosis
{
    public NodeToStatus NodeToStatus { get; } = new();

    /// <summary>Plugins that answered Unschedulable or UnschedulableAndUnresolvable: the queue retries the pod only on events they registered.</summary>
    public HashSet<string> UnschedulablePlugins { get; } = new(StringComparer.Ordinal);

    /// <summary>Plugins that answered Pending.</summary>
    public HashSet<string> PendingPlugins { get; } = new(StringComparer.Ordinal);

    /// <summary>Set when a PreFilter plugin rejected the pod for every node.</summary>
    public string PreFilterMessage { get; set; } = "";

    /// <summary>The PostFilter (preemption) plugins' message.</summary>
    public string PostFilterMessage { get; set; } = "";

    public void AddPluginStatus(string plugin, Status status)
    {
        if (status.Code == StatusCode.Pending)
        {
            PendingPlugins.Add(plugin);
        }
        else if (status.IsRejected)
        {
            UnschedulablePlugins.Add(plugin);
        }
    }
}
