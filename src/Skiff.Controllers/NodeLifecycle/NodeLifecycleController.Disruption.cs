using k8s.Models;

namespace Skiff.Controllers.NodeLifecycle;

/// <summary>
/// Zones and their disruption states (upstream's handleDisruption): when many nodes of a zone fail at once the
/// fault is more likely the network or the control plane than the nodes, so tainting slows down or stops.
/// </summary>
public sealed partial class NodeLifecycleController
{
    /// <summary>The zone's tainter, created (with its zone state) the first time the zone is seen.</summary>
    private ZoneTainter ZoneOf(V1Node node)
    {
        zoneStates.TryAdd(NodeZones.KeyOf(node), ZoneState.Initial);
        return TainterOf(node);
    }

    private ZoneTainter TainterOf(V1Node node) =>
        tainters.GetOrAdd(NodeZones.KeyOf(node), _ => new ZoneTainter(options.NodeEvictionRate, time));

    /// <summary>
    /// Upstream's ComputeZoneState. Example with the default threshold 0.55: 10 nodes with 6 not Ready is a partial
    /// disruption (6 &gt; 2 and 6/10 &gt;= 0.55); 4 nodes with 2 not Ready stay normal (2 is not more than 2).
    /// </summary>
    internal static (int NotReady, ZoneState State) ComputeZoneState(IReadOnlyCollection<V1NodeCondition?> readyConditions, double unhealthyThreshold)
    {
        var ready = readyConditions.Count(c => c?.Status == "True");
        var notReady = readyConditions.Count - ready;
        if (ready == 0 && notReady > 0)
        {
            return (notReady, ZoneState.FullDisruption);
        }

        if (notReady > 2 && (double)notReady / (notReady + ready) >= unhealthyThreshold)
        {
            return (notReady, ZoneState.PartialDisruption);
        }

        return (notReady, ZoneState.Normal);
    }

    private async Task HandleDisruptionAsync(Dictionary<string, List<V1NodeCondition?>> readyByZone, IReadOnlyList<V1Node> all, CancellationToken ct)
    {
        var newStates = new Dictionary<string, ZoneState>(StringComparer.Ordinal);
        var allAreFullyDisrupted = true;
        foreach (var (zone, conditions) in readyByZone)
        {
            var (_, state) = ComputeZoneState(conditions, options.UnhealthyZoneThreshold);
            allAreFullyDisrupted &= state == ZoneState.FullDisruption;
            newStates[zone] = state;
            zoneStates.TryAdd(zone, ZoneState.Initial);
        }

        var allWereFullyDisrupted = true;
        foreach (var (zone, state) in zoneStates.ToList())
        {
            if (!readyByZone.ContainsKey(zone))
            {
                zoneStates.Remove(zone); // no nodes left there
                continue;
            }

            if (state != ZoneState.FullDisruption)
            {
                allWereFullyDisrupted = false;
                break;
            }
        }

        if (allAreFullyDisrupted && allWereFullyDisrupted)
        {
            return; // still cut off from every node: nothing changes
        }

        if (allAreFullyDisrupted)
        {
            // No node anywhere is Ready: evicting everything would only make it worse. Upstream removes the
            // NoExecute taints and stops tainting until some node is Ready again.
            LogEnteringDisruptionMode(logger);
            foreach (var node in all)
            {
                await MarkNodeAsReachableAsync(node, ct);
            }

            foreach (var zone in zoneStates.Keys.ToList())
            {
                tainters.GetOrAdd(zone, _ => new ZoneTainter(options.NodeEvictionRate, time)).SwapRate(0);
                zoneStates[zone] = ZoneState.FullDisruption;
            }

            return;
        }

        if (allWereFullyDisrupted)
        {
            // Back from a full disruption: every node gets a fresh grace period before it can be judged again.
            LogExitingDisruptionMode(logger);
            var now = time.GetUtcNow();
            foreach (var node in all)
            {
                healths.AddOrUpdate(node.Metadata.Name,
                    _ => new NodeHealth(now, now, null, null),
                    (_, health) => health with { ProbeTimestamp = now, ReadyTransitionTimestamp = now });
            }

            foreach (var zone in zoneStates.Keys.ToList())
            {
                SetZoneRate(zone, readyByZone[zone].Count, newStates[zone]);
                zoneStates[zone] = newStates[zone];
            }

            return;
        }

        foreach (var (zone, state) in zoneStates.ToList())
        {
            if (!newStates.TryGetValue(zone, out var next) || state == next)
            {
                continue; // unchanged, or a zone whose nodes left (dropped in a later pass)
            }

            LogZoneState(logger, zone, next);
            SetZoneRate(zone, readyByZone[zone].Count, next);
            zoneStates[zone] = next;
        }
    }

    /// <summary>
    /// Normal and fully disrupted zones (while others are healthy) taint at --node-eviction-rate; a partially
    /// disrupted zone at --secondary-node-eviction-rate if it is larger than --large-cluster-size-threshold, else not at all.
    /// </summary>
    private void SetZoneRate(string zone, int size, ZoneState state)
    {
        var rate = state switch
        {
            ZoneState.PartialDisruption => size > options.LargeClusterSizeThreshold ? options.SecondaryNodeEvictionRate : 0,
            _ => options.NodeEvictionRate,
        };
        tainters.GetOrAdd(zone, _ => new ZoneTainter(options.NodeEvictionRate, time)).SwapRate(rate);
    }
}
