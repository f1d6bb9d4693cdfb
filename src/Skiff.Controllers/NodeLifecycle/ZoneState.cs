namespace Skiff.Controllers.NodeLifecycle;

/// <summary>How many of a zone's nodes are Ready, as upstream's node lifecycle controller classifies it.</summary>
internal enum ZoneState
{
    /// <summary>Seen for the first time in this pass.</summary>
    Initial,

    /// <summary>Most nodes Ready: NoExecute taints at --node-eviction-rate.</summary>
    Normal,

    /// <summary>No node Ready: if every zone is like this, the controller stops tainting (the control plane is more likely cut off than the nodes dead).</summary>
    FullDisruption,

    /// <summary>At least 3 and --unhealthy-zone-threshold of the nodes not Ready: tainting slows down (or stops in small zones).</summary>
    PartialDisruption,
}
