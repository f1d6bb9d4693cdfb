namespace Skiff.Scheduler.Framework;

/// <summary>
/// A change in the cluster that may make waiting pods schedulable. Plugins register the events that can undo their
/// rejections; the queue moves a parked pod only for an event registered by a plugin that rejected it.
/// </summary>
public readonly record struct ClusterEvent(EventResource Resource, ActionType Action, string Label)
{
    public static ClusterEvent NodeAdd { get; } = new(EventResource.Node, ActionType.Add, "NodeAdd");

    public static ClusterEvent NodeDelete { get; } = new(EventResource.Node, ActionType.Delete, "NodeDelete");

    public static ClusterEvent AssignedPodAdd { get; } = new(EventResource.AssignedPod, ActionType.Add, "AssignedPodAdd");

    public static ClusterEvent AssignedPodDelete { get; } = new(EventResource.AssignedPod, ActionType.Delete, "AssignedPodDelete");

    public static ClusterEvent NamespaceChange { get; } = new(EventResource.Namespace, ActionType.Add | ActionType.UpdatePodLabel, "NamespaceChange");

    /// <summary>Pods parked for longer than the maximum unschedulable duration (5 minutes).</summary>
    public static ClusterEvent UnschedulableTimeout { get; } = new(EventResource.WildCard, ActionType.All, "UnschedulableTimeout");

    /// <summary>Registered interest: <paramref name="incoming"/> is the same or a more specific event on the same resource.</summary>
    public bool Matches(ClusterEvent incoming)
    {
        if (Resource == EventResource.WildCard)
        {
            return true;
        }

        var resourceMatches = Resource == incoming.Resource
            || (Resource == EventResource.Pod && incoming.Resource is EventResource.AssignedPod or EventResource.UnscheduledPod);
        return resourceMatches && (Action & incoming.Action) != 0;
    }

    public override string ToString() => Label;
}
