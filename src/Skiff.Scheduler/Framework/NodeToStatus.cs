namespace Skiff.Scheduler.Framework;

/// <summary>
/// Why each rejected node was rejected: explicit statuses for nodes that were filtered, and one status standing for
/// every node not listed (nodes a PreFilter excluded or a preemption pass never looked at), as upstream's NodeToStatus.
/// </summary>
public sealed class NodeToStatus
{
    private readonly Dictionary<string, Status> statuses = new(StringComparer.Ordinal);

    /// <summary>The status of nodes not set explicitly (UnschedulableAndUnresolvable with no reason by default).</summary>
    public Status AbsentNodesStatus { get; set; } = Status.Unresolvable();

    /// <summary>How many nodes have an explicit status.</summary>
    public int Count => statuses.Count;

    public IEnumerable<KeyValuePair<string, Status>> Explicit => statuses;

    public void Set(string node, Status status) => statuses[node] = status;

    public Status Get(string node) => statuses.TryGetValue(node, out var status) ? status : AbsentNodesStatus;
}
