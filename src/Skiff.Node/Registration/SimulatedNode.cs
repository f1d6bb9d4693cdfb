using System.Security.Cryptography;
using System.Text;
using k8s.Models;
using Skiff.Node.Pods;

namespace Skiff.Node.Registration;

/// <summary>One simulated node: its identity and addresses, its settings, whether it is stopped, and its heartbeat state.</summary>
public sealed class SimulatedNode
{
    private volatile bool stopped;

    public SimulatedNode(string name, NodeSettings settings, int index)
    {
        Name = name;
        Settings = settings;
        Index = index;
        NodeIP = NodeAddressing.NodeIP(index);
        PodCidr = NodeAddressing.PodCidr(index);
        Addresses = new PodAddressPool(PodCidr);
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("skiff-node/" + name)));
        MachineId = digest[..32];
        SystemUuid = $"{digest[32..40]}-{digest[40..44]}-{digest[44..48]}-{digest[48..52]}-{digest[52..64]}";
        BootId = Guid.NewGuid().ToString();
    }

    public string Name { get; }

    public NodeSettings Settings { get; }

    /// <summary>The node's number in the cluster, from which its podCIDR and InternalIP follow.</summary>
    public int Index { get; }

    public string NodeIP { get; }

    public string PodCidr { get; }

    public PodAddressPool Addresses { get; }

    public string MachineId { get; }

    public string SystemUuid { get; }

    /// <summary>A new boot id per run of the simulator, as a kubelet reports after each reboot.</summary>
    public string BootId { get; }

    /// <summary>A stopped node sends no heartbeats and its pods' statuses freeze (see <see cref="NodeAnnotations.Stopped"/>).</summary>
    public bool Stopped
    {
        get => stopped;
        internal set => stopped = value;
    }

    /// <summary>The node object's uid once registered (the lease's owner reference).</summary>
    public string? Uid { get; internal set; }

    /// <summary>The lease as last written (its resourceVersion is what the next renewal updates).</summary>
    internal V1Lease? Lease { get; set; }

    internal DateTimeOffset NextLeaseRenewal { get; set; }

    internal DateTimeOffset NextStatusReport { get; set; }

    /// <summary>Set when a status report is wanted at once (registration, start after a stop).</summary>
    internal bool StatusChanged { get; set; }
}
