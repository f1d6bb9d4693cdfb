using k8s.Models;
using Skiff.Client;
using Skiff.Node.Configuration;
using Skiff.Node.Tests.Infrastructure;
using Skiff.Testing;

namespace Skiff.Node.Tests.Heartbeats;

public sealed class NodeHeartbeatsTests : IAsyncLifetime
{
    private SimulatedCluster sim = null!;

    public async Task InitializeAsync() => sim = await SimulatedCluster.StartAsync(NodeConfig.Parse("""
        groups:
        - count: 3
          labels: {topology.kubernetes.io/zone: zone-a}
          taints: [{key: dedicated, value: batch, effect: NoSchedule}]
        """));

    public async Task DisposeAsync() => await sim.DisposeAsync();

    [Fact]
    public async Task Registers_nodes_as_a_kubelet_does()
    {
        var nodes = (await sim.Client.ListAsync<V1Node>(null)).Items.OrderBy(n => n.Metadata.Name, StringComparer.Ordinal).ToList();
        Assert.Equal(["skiff-node-1", "skiff-node-2", "skiff-node-3"], nodes.Select(n => n.Metadata.Name));
        var node = nodes[1];
        Assert.Equal("skiff-node-2", node.Metadata.Labels["kubernetes.io/hostname"]);
        Assert.Equal(("linux", "amd64", "skiff.standard", "zone-a"), (node.Metadata.Labels["kubernetes.io/os"], node.Metadata.Labels["kubernetes.io/arch"],
            node.Metadata.Labels["node.kubernetes.io/instance-type"], node.Metadata.Labels["topology.kubernetes.io/zone"]));
        Assert.Equal(("10.244.1.0/24", "10.244.1.0/24"), (node.Spec.PodCIDR, Assert.Single(node.Spec.PodCIDRs)));
        Assert.Equal(("dedicated", "NoSchedule"), (Assert.Single(node.Spec.Taints).Key, node.Spec.Taints[0].Effect));
        Assert.Equal(("4", "16Gi", "110", "100Gi"), (node.Status.Capacity["cpu"].ToString(), node.Status.Capacity["memory"].ToString(),
            node.Status.Capacity["pods"].ToString(), node.Status.Allocatable["ephemeral-storage"].ToString()));
        Assert.Equal(["InternalIP=172.18.0.3", "Hostname=skiff-node-2"], node.Status.Addresses.Select(a => $"{a.Type}={a.Address}"));
        Assert.Equal(("v1.32.4", "linux", "amd64"), (node.Status.NodeInfo.KubeletVersion, node.Status.NodeInfo.OperatingSystem, node.Status.NodeInfo.Architecture));
        Assert.Equal(10250, node.Status.DaemonEndpoints.KubeletEndpoint.Port);
        Assert.Equal(
            ["MemoryPressure False KubeletHasSufficientMemory kubelet has sufficient memory available",
             "DiskPressure False KubeletHasNoDiskPressure kubelet has no disk pressure",
             "PIDPressure False KubeletHasSufficientPID kubelet has sufficient PID available",
             "Ready True KubeletReady kubelet is posting ready status"],
            node.Status.Conditions.Select(c => $"{c.Type} {c.Status} {c.Reason} {c.Message}"));

        var lease = await sim.Client.GetAsync<V1Lease>("kube-node-lease", "skiff-node-2");
        Assert.Equal(("skiff-node-2", 40), (lease.Spec.HolderIdentity, lease.Spec.LeaseDurationSeconds));
        Assert.Equal(("Node", node.Metadata.Uid), (Assert.Single(lease.Metadata.OwnerReferences).Kind, lease.Metadata.OwnerReferences[0].Uid));
    }

    [Fact]
    public async Task Leases_renew_every_ten_seconds_and_a_stopped_node_stops_renewing()
    {
        var registered = await RenewTimesAsync();
        await sim.AdvanceUntilAsync(async () => (await RenewTimesAsync()).Zip(registered).All(p => p.First > p.Second), "every lease renewed",
            TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(11));

        await sim.Client.PatchAsync<V1Node>(null, "skiff-node-2", PatchKind.Merge, """{"metadata":{"annotations":{"skiff.io/stopped":"true"}}}""");
        await Skiff.Testing.Eventually.HoldsAsync(() => Task.FromResult(sim.Nodes.Nodes[1].Stopped), "the simulator sees the stop");
        var atStop = await RenewTimesAsync();
        await sim.AdvanceUntilAsync(async () =>
        {
            var now = await RenewTimesAsync();
            return now[0] > atStop[0] && now[2] > atStop[2];
        }, "the running nodes renew", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(11));
        // Three more renewal rounds of the running nodes prove the loop ran through that time; the stopped one stays put.
        var later = await RenewTimesAsync();
        await sim.AdvanceUntilAsync(async () =>
        {
            var now = await RenewTimesAsync();
            return now[0] >= later[0].AddSeconds(30) && now[2] >= later[2].AddSeconds(30);
        }, "the running nodes renew for 30 more seconds", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(41));
        Assert.Equal(atStop[1], (await RenewTimesAsync())[1]);

        var beforeStart = sim.Clock.GetUtcNow().UtcDateTime;
        await sim.Client.PatchAsync<V1Node>(null, "skiff-node-2", PatchKind.Merge, """{"metadata":{"annotations":{"skiff.io/stopped":null}}}""");
        await Skiff.Testing.Eventually.HoldsAsync(async () => (await RenewTimesAsync())[1] >= beforeStart, "the started node renews at once");
    }

    [Fact]
    public async Task A_node_reports_its_status_every_five_minutes()
    {
        var first = Ready(await sim.Client.GetAsync<V1Node>(null, "skiff-node-1")).LastHeartbeatTime;
        await sim.AdvanceUntilAsync(async () => Ready(await sim.Client.GetAsync<V1Node>(null, "skiff-node-1")).LastHeartbeatTime > first,
            "a new heartbeat in the Ready condition", TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(6));
        var reported = Ready(await sim.Client.GetAsync<V1Node>(null, "skiff-node-1"));
        Assert.Equal(first, reported.LastTransitionTime);
        Assert.True(reported.LastHeartbeatTime - first >= TimeSpan.FromMinutes(1), "reported long before its 5-minute period");
    }

    private static V1NodeCondition Ready(V1Node node) => node.Status.Conditions.Single(c => c.Type == "Ready");

    private async Task<DateTime[]> RenewTimesAsync()
    {
        var leases = (await sim.Client.ListAsync<V1Lease>("kube-node-lease")).Items.OrderBy(l => l.Metadata.Name, StringComparer.Ordinal);
        return [.. leases.Select(l => l.Spec.RenewTime!.Value)];
    }
}
