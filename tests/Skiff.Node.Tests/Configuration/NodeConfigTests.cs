using Skiff.Node.Configuration;
using Skiff.Node.Registration;

namespace Skiff.Node.Tests.Configuration;

public sealed class NodeConfigTests
{
    [Fact]
    public void Reads_groups_with_capacity_labels_taints_and_kubelet_settings()
    {
        var config = NodeConfig.Parse("""
            apiVersion: skiff.io/v1alpha1
            kind: NodeConfig
            groups:
            - count: 2
              namePrefix: zone-a
              instanceType: m5.large
              capacity: {cpu: 2, memory: 8Gi}
              labels: {topology.kubernetes.io/zone: zone-a}
              taints: [{key: dedicated, value: gpu, effect: NoSchedule}]
              startDelay: 250ms
              podUsage: {cpu: 100m, memory: 64Mi}
            - names: [big-1]
              capacity: {cpu: "64", pods: 250}
            """);

        Assert.Equal(2, config.Groups.Count);
        var settings = new NodeSettings(config.Groups[0]);
        Assert.Equal(("2", "8Gi", "110", "m5.large"), (settings.Capacity["cpu"].ToString(), settings.Capacity["memory"].ToString(), settings.Capacity["pods"].ToString(), settings.InstanceType));
        Assert.Equal("zone-a", settings.Labels["topology.kubernetes.io/zone"]);
        Assert.Equal(("dedicated", "gpu", "NoSchedule"), (settings.Taints[0].Key, settings.Taints[0].Value, settings.Taints[0].Effect));
        Assert.Equal((0.25, 1.0, 10.0), (settings.StartDelaySeconds, settings.StopDelaySeconds, settings.CrashBackOffSeconds));
        Assert.Equal((100, 64L * 1024 * 1024), (settings.CpuUsageMillicores, settings.MemoryUsageBytes));
        Assert.Equal(1, config.Groups[1].Count);
        Assert.Equal("250", new NodeSettings(config.Groups[1]).Capacity["pods"].ToString());
    }

    [Theory]
    [InlineData("groups: [{count: 1, cpus: 4}]", "cpus")]
    [InlineData("groups: [{count: 1, startDelay: soon}]", "startDelay")]
    [InlineData("groups: [{count: 1, capacity: {cpu: lots}}]", "capacity.cpu")]
    [InlineData("kind: Pod", "NodeConfig")]
    public void Rejects_unknown_fields_and_bad_values(string yaml, string named)
    {
        var error = Assert.ThrowsAny<FormatException>(() => new NodeSettings(NodeConfig.Parse(yaml).Groups.FirstOrDefault() ?? new NodeGroup()));
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "10.244.0.0/24", "172.18.0.2")]
    [InlineData(1, "10.244.1.0/24", "172.18.0.3")]
    [InlineData(300, "10.245.44.0/24", "172.18.1.46")]
    [InlineData(3072, "10.0.0.0/24", "172.18.12.2")]
    public void Node_k_gets_its_own_pod_cidr_and_internal_ip(int k, string cidr, string ip)
    {
        Assert.Equal(cidr, NodeAddressing.PodCidr(k));
        Assert.Equal(k, NodeAddressing.IndexOf(cidr));
        Assert.Equal(ip, NodeAddressing.NodeIP(k));
    }

    [Fact]
    public void Pod_addresses_are_stable_per_pod_and_reused_after_release()
    {
        var pool = new Skiff.Node.Pods.PodAddressPool("10.244.3.0/24");
        Assert.Equal("10.244.3.2", pool.Allocate("a"));
        Assert.Equal("10.244.3.3", pool.Allocate("b"));
        Assert.Equal("10.244.3.2", pool.Allocate("a"));
        pool.Release("a");
        pool.Claim("c", "10.244.3.2");
        Assert.Equal("10.244.3.4", pool.Allocate("d"));
    }
}
