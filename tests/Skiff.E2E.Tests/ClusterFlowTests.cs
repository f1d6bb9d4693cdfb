using Skiff.E2E.Tests.Infrastructure;
using Skiff.Testing;

namespace Skiff.E2E.Tests;

/// <summary>
/// The seed's scheduling story on the default `skiff up`: controllers, the scheduler and three simulated nodes
/// together. Pods spread over the nodes and run; when a node fails, its pods come back on the others.
/// </summary>
public sealed class ClusterFlowTests
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_replication_controller_spreads_over_the_nodes_and_moves_off_a_failed_one()
    {
        // Shorter failure detection than upstream's 40 s grace and 300 s tolerations (the grace must stay above the
        // simulated kubelets' 10 s lease renewals).
        await using var server = await SkiffServer.StartAsync("memory", null,
            "--node-monitor-grace-period", "15s", "--node-monitor-period", "1s", "--default-unreachable-toleration-seconds", "2");
        using var kubectl = new Kubectl(server);
        await kubectl.OkAsync("apply", "-f", Path.Combine(RepositoryPaths.Examples, "nginx-rc.yaml"));
        await kubectl.OkAsync("scale", "rc", "nginx-rc", "--replicas=6");

        var placed = await RunningPodsByNodeAsync(kubectl, rows => rows.Count == 6);
        Assert.Equal([2, 2, 2], placed.GroupBy(p => p.Node).Select(g => g.Count()).Order());
        Assert.All(placed, p => Assert.StartsWith("10.244.", p.Ip, StringComparison.Ordinal));

        var failed = await SkiffComponentProcess.RunAsync(server, "node", "stop", "skiff-node-2");
        Assert.Equal(0, failed.ExitCode);

        await Eventually.ReturnsAsync(() => kubectl.OkAsync("get", "node", "skiff-node-2", "--no-headers"),
            row => row.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1] == "NotReady", Settle, "skiff-node-2 NotReady");
        var moved = await RunningPodsByNodeAsync(kubectl, rows => rows.Count == 6 && rows.All(r => r.Node != "skiff-node-2"));
        Assert.All(moved, p => Assert.NotEqual("skiff-node-2", p.Node));
    }

    [Fact]
    public async Task Drain_moves_the_pods_of_a_cordoned_node_to_the_others()
    {
        await using var server = await SkiffServer.StartAsync("memory");
        using var kubectl = new Kubectl(server);
        await kubectl.OkAsync("apply", "-f", Path.Combine(RepositoryPaths.Examples, "nginx-rc.yaml"));
        await kubectl.OkAsync("scale", "rc", "nginx-rc", "--replicas=6");
        var placed = await RunningPodsByNodeAsync(kubectl, rows => rows.Count == 6);
        Assert.Contains(placed, p => p.Node == "skiff-node-1");

        Assert.Equal("node/skiff-node-1 cordoned", (await kubectl.OkAsync("cordon", "skiff-node-1")).Trim());
        var drained = await kubectl.RunAsync("drain", "skiff-node-1", "--ignore-daemonsets", "--delete-emptydir-data", "--timeout=60s");
        Assert.True(drained.ExitCode == 0, drained.ToString());
        Assert.Contains("node/skiff-node-1 drained", drained.StdOut);

        // The simulated kubelet stops the evicted pods; the RC replaces them, and the scheduler avoids the cordoned node.
        var moved = await RunningPodsByNodeAsync(kubectl, rows => rows.Count == 6 && rows.All(r => r.Node != "skiff-node-1"));
        Assert.Equal(["skiff-node-2", "skiff-node-3"], moved.Select(p => p.Node).Distinct().Order());
        Assert.Equal("node/skiff-node-1 uncordoned", (await kubectl.OkAsync("uncordon", "skiff-node-1")).Trim());
    }

    [Fact]
    public async Task Node_selectors_and_taints_are_respected_on_the_simulated_nodes()
    {
        await using var server = await SkiffServer.StartAsync("memory");
        using var kubectl = new Kubectl(server);
        await kubectl.OkAsync("label", "node", "skiff-node-3", "disktype=ssd");
        await kubectl.RunWithInputAsync("""
            apiVersion: v1
            kind: Pod
            metadata: {name: wants-ssd}
            spec:
              nodeSelector: {disktype: ssd}
              containers: [{name: web, image: "nginx:1.17"}]
            """, "apply", "-f", "-");
        await Eventually.ReturnsAsync(() => kubectl.OkAsync("get", "pod", "wants-ssd", "-o", "jsonpath={.spec.nodeName} {.status.phase}"),
            text => text == "skiff-node-3 Running", Settle, "the pod running on the only ssd node");

        foreach (var node in new[] { "skiff-node-1", "skiff-node-2", "skiff-node-3" })
        {
            await kubectl.OkAsync("taint", "node", node, "dedicated=batch:NoSchedule");
        }

        await kubectl.RunWithInputAsync("""
            apiVersion: v1
            kind: Pod
            metadata: {name: plain}
            spec:
              containers: [{name: web, image: "nginx:1.17"}]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: tolerant}
            spec:
              tolerations: [{key: dedicated, operator: Equal, value: batch, effect: NoSchedule}]
              containers: [{name: web, image: "nginx:1.17"}]
            """, "apply", "-f", "-");
        await Eventually.ReturnsAsync(() => kubectl.OkAsync("get", "pod", "tolerant", "-o", "jsonpath={.status.phase}"),
            phase => phase == "Running", Settle, "the tolerating pod running");
        var condition = await Eventually.ReturnsAsync(
            () => kubectl.OkAsync("get", "pod", "plain", "-o", "jsonpath={.status.conditions[?(@.type==\"PodScheduled\")].message}"),
            message => message.Length > 0, Settle, "the plain pod's PodScheduled condition");
        Assert.Equal("0/3 nodes are available: 3 node(s) had untolerated taint {dedicated: batch}. preemption: 0/3 nodes are available: " +
            "3 Preemption is not helpful for scheduling.", condition);
        Assert.Equal("Pending", await kubectl.OkAsync("get", "pod", "plain", "-o", "jsonpath={.status.phase}"));
    }

    /// <summary>Waits until the running, ready, not-deleting nginx pods satisfy the condition; returns them.</summary>
    private static async Task<List<(string Name, string Node, string Ip)>> RunningPodsByNodeAsync(
        Kubectl kubectl, Func<List<(string Name, string Node, string Ip)>, bool> condition)
    {
        List<(string, string, string)> Parse(string text) =>
        [
            .. text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line.Split('\t'))
                .Where(f => f.Length == 6 && f[3] == "Running" && f[4] == "True" && f[5].Length == 0)
                .Select(f => (f[0], f[1], f[2])),
        ];
        var output = await Eventually.ReturnsAsync(
            () => kubectl.OkAsync("get", "pods", "-l", "app=nginx", "-o",
                "jsonpath={range .items[*]}{.metadata.name}{\"\\t\"}{.spec.nodeName}{\"\\t\"}{.status.podIP}{\"\\t\"}{.status.phase}{\"\\t\"}{.status.conditions[?(@.type==\"Ready\")].status}{\"\\t\"}{.metadata.deletionTimestamp}{\"\\n\"}{end}"),
            text => condition(Parse(text)), Settle, "the nginx pods running as expected");
        return Parse(output);
    }
}
