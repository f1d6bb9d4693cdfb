using System.Text.RegularExpressions;
using Skiff.E2E.Tests.Infrastructure;
using Skiff.Testing;

namespace Skiff.E2E.Tests;

/// <summary>
/// The scheduler inside `skiff up`, driven with the real kubectl: nodes created with kubectl (status set through the
/// status subresource, as a kubelet would), the seed's ReplicationController spread over them, and a pod too big for
/// every node left Pending with upstream's FailedScheduling message.
/// </summary>
public sealed class SchedulerTests : IAsyncLifetime
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(30);
    private SkiffServer server = null!;

    public async Task InitializeAsync() => server = await SkiffServer.StartAsync("memory", null, "--nodes", "0"); // the test makes its own three nodes

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task Replication_controller_of_six_spreads_two_per_node()
    {
        using var kubectl = new Kubectl(server);
        await CreateNodesAsync(kubectl, "node-1", "node-2", "node-3");
        var ns = await KubectlApplyTests.NewNamespaceAsync(kubectl, "sched");
        await kubectl.OkAsync("apply", "-n", ns, "-f", Path.Combine(RepositoryPaths.Examples, "nginx-rc.yaml"));
        await kubectl.OkAsync("scale", "rc", "nginx-rc", "-n", ns, "--replicas=6");

        var table = await Eventually.ReturnsAsync(() => kubectl.OkAsync("get", "pods", "-n", ns, "-o", "wide"),
            output => Rows(output).Count == 6 && Rows(output).All(r => r.Node != "<none>"), Settle, "6 pods, each on a node");

        Assert.Contains("NODE", table.Split('\n')[0]);
        var perNode = Rows(table).GroupBy(r => r.Node).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<string, int> { ["node-1"] = 2, ["node-2"] = 2, ["node-3"] = 2 }, perNode);
        Assert.All(Rows(table), r => Assert.StartsWith("nginx-rc-", r.Name, StringComparison.Ordinal));

        var described = await kubectl.OkAsync("describe", "pod", Rows(table)[0].Name, "-n", ns);
        Assert.Matches(@"Normal\s+Scheduled\s+\S+\s+default-scheduler\s+Successfully assigned " + ns + "/nginx-rc-[a-z0-9]{5} to node-[123]", described);
    }

    [Fact]
    public async Task Pod_requesting_more_cpu_than_any_node_stays_pending_with_upstreams_message()
    {
        using var kubectl = new Kubectl(server);
        await CreateNodesAsync(kubectl, "node-1", "node-2", "node-3");
        var ns = await KubectlApplyTests.NewNamespaceAsync(kubectl, "toobig");
        await kubectl.RunWithInputAsync("""
            apiVersion: v1
            kind: Pod
            metadata:
              name: huge
            spec:
              containers:
              - name: app
                image: nginx:1.27
                resources:
                  requests:
                    cpu: "64"
            """, "apply", "-n", ns, "-f", "-");

        const string message = "0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.";
        // The event and the condition are written one after the other, as upstream does: wait for both.
        var described = await Eventually.ReturnsAsync(() => kubectl.OkAsync("describe", "pod", "huge", "-n", ns),
            output => output.Contains("FailedScheduling", StringComparison.Ordinal) && Regex.IsMatch(output, @"PodScheduled\s+False"),
            Settle, "a FailedScheduling event and PodScheduled=False on the pod");

        Assert.Matches(@"Warning\s+FailedScheduling\s+\S+\s+default-scheduler\s+" + Regex.Escape(message), described);
        Assert.Matches(@"Status:\s+Pending", described);
        Assert.Matches(@"Node:\s+<none>", described);
        var reason = await kubectl.OkAsync("get", "pod", "huge", "-n", ns, "-o", "jsonpath={.status.conditions[?(@.type==\"PodScheduled\")].reason}");
        Assert.Equal("Unschedulable", reason);
    }

    /// <summary>Creates nodes with kubectl, then sets capacity, allocatable and a Ready condition through the status subresource.</summary>
    private static async Task CreateNodesAsync(Kubectl kubectl, params string[] names)
    {
        foreach (var name in names)
        {
            await kubectl.RunWithInputAsync($$"""
                apiVersion: v1
                kind: Node
                metadata:
                  name: {{name}}
                  labels:
                    kubernetes.io/hostname: {{name}}
                    kubernetes.io/os: linux
                """, "apply", "-f", "-");
            var now = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
            var resources = """{"cpu":"4","memory":"8Gi","pods":"110"}""";
            await kubectl.OkAsync("patch", "node", name, "--subresource=status", "--type=merge", "-p",
                $$$"""{"status":{"capacity":{{{resources}}},"allocatable":{{{resources}}},"conditions":[{"type":"Ready","status":"True","reason":"KubeletReady","message":"kubelet is posting ready status","lastHeartbeatTime":"{{{now}}}","lastTransitionTime":"{{{now}}}"}]}}""");
        }

        var nodes = await kubectl.OkAsync("get", "nodes", "--no-headers");
        Assert.All(names, name => Assert.Matches($@"(?m)^{name}\s+Ready\s", nodes));
    }

    /// <summary>The NAME and NODE columns of `kubectl get pods -o wide` (NAME READY STATUS RESTARTS AGE IP NODE ...).</summary>
    private static List<(string Name, string Node)> Rows(string wide) =>
        [.. wide.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(columns => columns.Length >= 7)
            .Select(columns => (columns[0], columns[6]))];
}
