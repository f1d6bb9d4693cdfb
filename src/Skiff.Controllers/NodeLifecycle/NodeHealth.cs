using k8s.Models;

namespace Skiff.Controllers.NodeLifecycle;

/// <summary>
/// What the controller last saw of a node's health and when, on its own clock (upstream's nodeHealthData): the
/// probe timestamp moves whenever the kubelet proves alive (a new Ready heartbeat or a renewed Lease), so clock skew
/// between nodes and the controller does not matter.
/// </summary>
/// <param name="ProbeTimestamp">When the node last proved alive, by the controller's clock.</param>
/// <param name="ReadyTransitionTimestamp">When the controller last saw the Ready condition change.</param>
/// <param name="Ready">The Ready condition as last seen (null: the node never posted one).</param>
/// <param name="LeaseRenewTime">The renewTime of the node's Lease as last seen.</param>
internal sealed record NodeHealth(DateTimeOffset ProbeTimestamp, DateTimeOffset ReadyTransitionTimestamp, V1NodeCondition? Ready, DateTime? LeaseRenewTime);
