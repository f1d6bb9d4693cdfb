namespace Skiff.Scheduler.Framework;

/// <summary>What happened to an object in a cluster event, as upstream's framework.ActionType (update kinds are split so a plugin can ask for only the ones that matter to it).</summary>
[Flags]
public enum ActionType
{
    None = 0,
    Add = 1,
    Delete = 1 << 1,
    UpdateNodeAllocatable = 1 << 2,
    UpdateNodeLabel = 1 << 3,
    UpdateNodeTaint = 1 << 4,
    UpdateNodeCondition = 1 << 5,
    UpdatePodLabel = 1 << 6,
    UpdatePodScaleDown = 1 << 7,
    UpdatePodTolerations = 1 << 8,
    UpdatePodSchedulingGatesEliminated = 1 << 9,

    /// <summary>Any kind of update.</summary>
    Update = UpdateNodeAllocatable | UpdateNodeLabel | UpdateNodeTaint | UpdateNodeCondition | UpdatePodLabel | UpdatePodScaleDown
        | UpdatePodTolerations | UpdatePodSchedulingGatesEliminated,

    All = Add | Delete | Update,
}
