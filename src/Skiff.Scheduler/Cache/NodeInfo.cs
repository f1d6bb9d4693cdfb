using k8s.Models;

namespace Skiff.Scheduler.Cache;

/// <summary>
/// A node and the pods the scheduler counts on it (bound ones and ones it assumed), with their totals kept up to
/// date: requested resources, the non-zero requests used for scoring, host ports in use, and the pods with
/// (anti-)affinity that other pods' placement depends on. Upstream's framework.NodeInfo.
/// </summary>
public sealed class NodeInfo
{
    private static readonly IDictionary<string, string> NoLabels = new Dictionary<string, string>(0);

    public NodeInfo(string name) => Name = name;

    public string Name { get; }

    /// <summary>The node object; null while only pods referring to a node not (or no longer) known are counted.</summary>
    public V1Node? Node { get; private set; }

    public IDictionary<string, string> Labels { get; private set; } = NoLabels;

    public IReadOnlyList<V1Taint> Taints { get; private set; } = [];

    /// <summary>spec.unschedulable (cordoned).</summary>
    public bool Unschedulable { get; private set; }

    /// <summary>status.allocatable, including the number of pods allowed.</summary>
    public ResourceVector Allocatable { get; private set; } = new();

    /// <summary>The sum of the requests of the pods counted here.</summary>
    public ResourceVector Requested { get; } = new();

    /// <summary>The cpu requested, counting 100m for containers without a cpu request (for scoring).</summary>
    public long NonZeroMilliCpu { get; private set; }

    /// <summary>The memory requested, counting 200 MiB for containers without a memory request (for scoring).</summary>
    public long NonZeroMemory { get; private set; }

    public List<PodInfo> Pods { get; } = [];

    public List<PodInfo> PodsWithAffinity { get; } = [];

    public List<PodInfo> PodsWithRequiredAntiAffinity { get; } = [];

    public HostPortSet UsedPorts { get; } = new();

    /// <summary>Bumped on every change.</summary>
    public long Generation { get; private set; }

    /// <summary>The zone key upstream's node tree groups nodes by: "region:\0:zone" from the topology labels.</summary>
    public string ZoneKey
    {
        get
        {
            var region = Labels.TryGetValue("topology.kubernetes.io/region", out var r) ? r : "";
            var zone = Labels.TryGetValue("topology.kubernetes.io/zone", out var z) ? z : "";
            return region.Length == 0 && zone.Length == 0 ? "" : $"{region}:\0:{zone}";
        }
    }

    public void SetNode(V1Node node)
    {
        Node = node;
        Labels = node.Metadata.Labels ?? NoLabels;
        Taints = node.Spec?.Taints is { Count: > 0 } taints ? [.. taints] : [];
        Unschedulable = node.Spec?.Unschedulable == true;
        Allocatable = ResourceVector.From(node.Status?.Allocatable);
        Generation++;
    }

    public void RemoveNode()
    {
        Node = null;
        Generation++;
    }

    public void AddPod(PodInfo pod)
    {
        Pods.Add(pod);
        if (pod.HasAffinity)
        {
            PodsWithAffinity.Add(pod);
        }

        if (pod.HasRequiredAntiAffinity)
        {
            PodsWithRequiredAntiAffinity.Add(pod);
        }

        Update(pod, +1);
    }

    /// <summary>Removes the pod with this uid; false if it was not counted here.</summary>
    public bool RemovePod(string uid)
    {
        var index = Pods.FindIndex(p => p.Uid == uid);
        if (index < 0)
        {
            return false;
        }

        var pod = Pods[index];
        Pods.RemoveAt(index);
        PodsWithAffinity.RemoveAll(p => p.Uid == uid);
        PodsWithRequiredAntiAffinity.RemoveAll(p => p.Uid == uid);
        Update(pod, -1);
        return true;
    }

    /// <summary>A detached copy counting only the pods <paramref name="keep"/> accepts (preemption's "what if these pods were gone").</summary>
    public NodeInfo CopyKeeping(Func<PodInfo, bool> keep)
    {
        var copy = new NodeInfo(Name);
        if (Node is not null)
        {
            copy.SetNode(Node);
        }

        foreach (var pod in Pods)
        {
            if (keep(pod))
            {
                copy.AddPod(pod);
            }
        }

        return copy;
    }

    private void Update(PodInfo pod, int sign)
    {
        if (sign > 0)
        {
            Requested.Add(pod.Requests);
        }
        else
        {
            Requested.Subtract(pod.Requests);
        }

        NonZeroMilliCpu += sign * pod.NonZeroMilliCpu;
        NonZeroMemory += sign * pod.NonZeroMemory;
        foreach (var port in pod.HostPorts)
        {
            if (sign > 0)
            {
                UsedPorts.Add(port);
            }
            else
            {
                UsedPorts.Remove(port);
            }
        }

        Generation++;
    }

    public override string ToString() => Name;
}
