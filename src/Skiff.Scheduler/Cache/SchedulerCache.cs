using k8s.Models;

namespace Skiff.Scheduler.Cache;

/// <summary>
/// The scheduler's view of the cluster: every node with the pods counted on it. Bound pods come from the informer;
/// a pod the scheduler has just placed is "assumed" on its node at once, so the next pods see the space taken
/// before the binding comes back through the watch, and is forgotten if the binding fails.
/// </summary>
/// <remarks>
/// One lock (<see cref="Gate"/>, re-entrant) guards everything: informer handlers take it for each change, and a
/// scheduling cycle holds it from filtering to assuming, so plugins see one consistent state without copying it.
/// </remarks>
public sealed class SchedulerCache
{
    private readonly Dictionary<string, NodeInfo> nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (PodInfo Info, bool Assumed)> pods = new(StringComparer.Ordinal);
    private List<NodeInfo> ordered = [];
    private List<NodeInfo> withAffinity = [];
    private List<NodeInfo> withRequiredAntiAffinity = [];
    private bool orderDirty;
    private bool affinityDirty;

    public Lock Gate { get; } = new();

    /// <summary>
    /// The known nodes, interleaved across zones as upstream's node tree lists them (first node of each zone, then
    /// the second of each, ...), so that scanning a prefix of the list already covers every zone.
    /// </summary>
    public IReadOnlyList<NodeInfo> Nodes
    {
        get
        {
            lock (Gate)
            {
                if (orderDirty)
                {
                    ordered = Interleave();
                    orderDirty = false;
                }

                return ordered;
            }
        }
    }

    /// <summary>Nodes hosting at least one pod with pod affinity or anti-affinity (their terms affect other pods' scores).</summary>
    public IReadOnlyList<NodeInfo> HavePodsWithAffinity
    {
        get
        {
            lock (Gate)
            {
                RefreshAffinityLists();
                return withAffinity;
            }
        }
    }

    /// <summary>Nodes hosting at least one pod with required anti-affinity (which may forbid the incoming pod).</summary>
    public IReadOnlyList<NodeInfo> HavePodsWithRequiredAntiAffinity
    {
        get
        {
            lock (Gate)
            {
                RefreshAffinityLists();
                return withRequiredAntiAffinity;
            }
        }
    }

    public int PodCount
    {
        get
        {
            lock (Gate)
            {
                return pods.Count;
            }
        }
    }

    /// <summary>A known node by name (null for unknown nodes and for pods' placeholders of deleted nodes).</summary>
    public NodeInfo? Get(string name)
    {
        lock (Gate)
        {
            return nodes.TryGetValue(name, out var info) && info.Node is not null ? info : null;
        }
    }

    public void AddOrUpdateNode(V1Node node)
    {
        lock (Gate)
        {
            var info = InfoFor(node.Metadata.Name);
            var zoneBefore = info.Node is null ? null : info.ZoneKey;
            info.SetNode(node);
            if (zoneBefore != info.ZoneKey)
            {
                orderDirty = true;
                affinityDirty = true;
            }
        }
    }

    public void RemoveNode(string name)
    {
        lock (Gate)
        {
            if (!nodes.TryGetValue(name, out var info))
            {
                return;
            }

            // Pods still bound to it keep a placeholder until their own deletions arrive, as upstream's cache does.
            info.RemoveNode();
            if (info.Pods.Count == 0)
            {
                nodes.Remove(name);
            }

            orderDirty = true;
            affinityDirty = true;
        }
    }

    /// <summary>Counts a bound pod (new, updated, or confirming an assumed one) on its node.</summary>
    public void AddOrUpdatePod(V1Pod pod)
    {
        var info = PodInfo.Of(pod);
        lock (Gate)
        {
            RemoveCounted(info.Uid);
            Count(info, assumed: false);
        }
    }

    public void RemovePod(string uid)
    {
        lock (Gate)
        {
            RemoveCounted(uid);
        }
    }

    /// <summary>Counts a pod on the node the scheduler chose before its binding is observed; false if the pod is already counted.</summary>
    public bool AssumePod(PodInfo assumed)
    {
        lock (Gate)
        {
            if (pods.ContainsKey(assumed.Uid))
            {
                return false;
            }

            Count(assumed, assumed: true);
            return true;
        }
    }

    /// <summary>Takes back an assumed pod whose binding failed; a pod already confirmed by the informer stays.</summary>
    public void ForgetPod(string uid)
    {
        lock (Gate)
        {
            if (pods.TryGetValue(uid, out var state) && state.Assumed)
            {
                RemoveCounted(uid);
            }
        }
    }

    public bool IsAssumed(string uid)
    {
        lock (Gate)
        {
            return pods.TryGetValue(uid, out var state) && state.Assumed;
        }
    }

    private NodeInfo InfoFor(string name)
    {
        if (!nodes.TryGetValue(name, out var info))
        {
            info = new NodeInfo(name);
            nodes[name] = info;
            orderDirty = true;
        }

        return info;
    }

    private void Count(PodInfo info, bool assumed)
    {
        InfoFor(info.NodeName).AddPod(info);
        pods[info.Uid] = (info, assumed);
        if (info.HasAffinity)
        {
            affinityDirty = true;
        }
    }

    private void RemoveCounted(string uid)
    {
        if (!pods.Remove(uid, out var state))
        {
            return;
        }

        var info = state.Info;
        if (nodes.TryGetValue(info.NodeName, out var node))
        {
            node.RemovePod(uid);
            if (node.Node is null && node.Pods.Count == 0)
            {
                nodes.Remove(info.NodeName);
            }
        }

        if (info.HasAffinity)
        {
            affinityDirty = true;
        }
    }

    private List<NodeInfo> Interleave()
    {
        var zones = new List<List<NodeInfo>>();
        var zoneIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var info in nodes.Values)
        {
            if (info.Node is null)
            {
                continue;
            }

            if (!zoneIndex.TryGetValue(info.ZoneKey, out var index))
            {
                index = zones.Count;
                zoneIndex[info.ZoneKey] = index;
                zones.Add([]);
            }

            zones[index].Add(info);
        }

        var total = zones.Sum(z => z.Count);
        var result = new List<NodeInfo>(total);
        for (var round = 0; result.Count < total; round++)
        {
            foreach (var zone in zones)
            {
                if (round < zone.Count)
                {
                    result.Add(zone[round]);
                }
            }
        }

        return result;
    }

    private void RefreshAffinityLists()
    {
        if (!affinityDirty)
        {
            return;
        }

        withAffinity = [.. Nodes.Where(n => n.PodsWithAffinity.Count > 0)];
        withRequiredAntiAffinity = [.. Nodes.Where(n => n.PodsWithRequiredAntiAffinity.Count > 0)];
        affinityDirty = false;
    }
}
