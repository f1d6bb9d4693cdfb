namespace Skiff.Scheduler.Framework;

/// <summary>The kind of object a cluster event is about, as upstream's framework.EventResource.</summary>
public enum EventResource
{
    /// <summary>Any pod: matches <see cref="AssignedPod"/> and <see cref="UnscheduledPod"/> events.</summary>
    Pod,

    /// <summary>A pod bound to a node.</summary>
    AssignedPod,

    /// <summary>A pod waiting for a node.</summary>
    UnscheduledPod,

    Node,

    Namespace,

    /// <summary>Matches every resource (used for "move everything": the periodic flush, a failed binding).</summary>
    WildCard,
}
