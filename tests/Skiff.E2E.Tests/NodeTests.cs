using System.Diagnostics;
using Skiff.E2E.Tests.Infrastructure;
using Skiff.Testing;

namespace Skiff.E2E.Tests;

/// <summary>
/// Simulated nodes through the real kubectl: `skiff up` registers three Ready nodes, a pod bound to one of them runs
/// and becomes Ready with an IP, logs and exec answer at once that the pod is simulated, deletion completes, and a
/// crashing container loops in CrashLoopBackOff with rising restarts.
/// </summary>
public sealed class NodeTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Skiff_up_has_three_ready_nodes_with_leases()
    {
        using var kubectl = new Kubectl(fixture.Server);
        var nodes = await Eventually.ReturnsAsync(() => kubectl.OkAsync("get", "nodes", "-o", "wide"),
            output => output.Split('\n').Count(l => l.Contains(" Ready ", StringComparison.Ordinal)) == 3, Settle, "three Ready nodes");
        Assert.Matches(@"skiff-node-1\s+Ready\s+<none>\s+\S+\s+v1\.32\.4\s+172\.18\.0\.2\s+<none>\s+Skiff simulated node", nodes);
        Assert.Contains("skiff-node-3", nodes, StringComparison.Ordinal);

        var leases = await kubectl.OkAsync("get", "leases", "-n", "kube-node-lease", "-o", "jsonpath={.items[*].spec.holderIdentity}");
        Assert.Equal(["skiff-node-1", "skiff-node-2", "skiff-node-3"], leases.Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
        var described = await kubectl.OkAsync("describe", "node", "skiff-node-2");
        Assert.Contains("kubelet is posting ready status", described, StringComparison.Ordinal);
        Assert.Contains("PodCIDR:                      10.244.1.0/24", described, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pod_on_a_node_runs_ready_with_an_ip_and_logs_and_exec_say_it_is_simulated()
    {
        using var kubectl = new Kubectl(fixture.Server);
        var ns = await KubectlApplyTests.NewNamespaceAsync(kubectl, "node");
        await kubectl.RunWithInputAsync("""
            apiVersion: v1
            kind: Pod
            metadata:
              name: web
              annotations: {skiff.io/start-delay: 200ms}
            spec:
              nodeName: skiff-node-1
              containers:
              - {name: nginx, image: "nginx:1.17"}
            """, "apply", "-n", ns, "-f", "-");

        var wide = await Eventually.ReturnsAsync(() => kubectl.OkAsync("get", "pod", "web", "-n", ns, "-o", "wide"),
            output => output.Contains("1/1     Running", StringComparison.Ordinal), Settle, "web 1/1 Running");
        Assert.Matches(@"web\s+1/1\s+Running\s+0\s+\S+\s+10\.244\.0\.\d+\s+skiff-node-1", wide);

        var watch = Stopwatch.StartNew();
        var logs = await kubectl.RunAsync("logs", "web", "-n", ns);
        var exec = await kubectl.RunAsync("exec", "web", "-n", ns, "--", "ls", "/");
        Assert.NotEqual(0, logs.ExitCode);
        Assert.Contains("pod \"web\" is simulated by Skiff: it runs no containers, so there are no logs", logs.StdErr, StringComparison.Ordinal);
        Assert.NotEqual(0, exec.ExitCode);
        Assert.Contains("pod \"web\" is simulated by Skiff: it runs no containers, so there is nothing to exec into", exec.StdErr, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < Settle, "logs and exec answered instead of hanging");

        Assert.Contains("pod \"web\" deleted", await kubectl.OkAsync("delete", "pod", "web", "-n", ns), StringComparison.Ordinal);
        var remaining = await kubectl.OkAsync("get", "pods", "-n", ns, "-o", "name");
        Assert.Equal("", remaining.Trim());
    }

    [Fact]
    public async Task A_crashing_container_shows_crash_loop_back_off_and_rising_restarts()
    {
        using var kubectl = new Kubectl(fixture.Server);
        var ns = await KubectlApplyTests.NewNamespaceAsync(kubectl, "crash");
        await kubectl.RunWithInputAsync("""
            apiVersion: v1
            kind: Pod
            metadata:
              name: crasher
              annotations: {skiff.io/start-delay: 0s, skiff.io/crash-after: 500ms, skiff.io/crash-backoff: 1s}
            spec:
              nodeName: skiff-node-2
              containers:
              - {name: app, image: busybox}
            """, "apply", "-n", ns, "-f", "-");

        await Eventually.ReturnsAsync(() => kubectl.OkAsync("get", "pod", "crasher", "-n", ns),
            output => output.Contains("CrashLoopBackOff", StringComparison.Ordinal), Settle, "CrashLoopBackOff");
        var restarts = await Eventually.ReturnsAsync(() => kubectl.OkAsync("get", "pod", "crasher", "-n", ns, "-o", "jsonpath={.status.containerStatuses[0].restartCount}"),
            output => int.TryParse(output, out var count) && count >= 3, Settle, "three restarts");
        Assert.True(int.Parse(restarts, System.Globalization.CultureInfo.InvariantCulture) >= 3);
        var events = await kubectl.OkAsync("get", "events", "-n", ns, "--field-selector", "reason=BackOff");
        Assert.Contains("Back-off restarting failed container app in pod crasher_" + ns, events, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Skiff_node_runs_nodes_as_its_own_process_and_stop_and_start_mark_a_node()
    {
        await using var server = await SkiffServer.StartAsync("memory", null, "--nodes", "0");
        using var kubectl = new Kubectl(server);
        await using var nodes = await SkiffComponentProcess.StartAsync(server, "node", "Skiff is simulating", "--name", "edge-1");

        await Eventually.ReturnsAsync(() => kubectl.OkAsync("get", "nodes"),
            output => output.Contains("edge-1", StringComparison.Ordinal) && output.Contains(" Ready ", StringComparison.Ordinal), Settle, "edge-1 Ready");
        await kubectl.RunWithInputAsync("""
            apiVersion: v1
            kind: Pod
            metadata: {name: edge-pod, annotations: {skiff.io/start-delay: 0s}}
            spec:
              nodeName: edge-1
              containers:
              - {name: app, image: busybox}
            """, "apply", "-f", "-");
        await Eventually.ReturnsAsync(() => kubectl.OkAsync("get", "pod", "edge-pod", "-o", "wide"),
            output => output.Contains("1/1     Running", StringComparison.Ordinal) && output.Contains("10.244.0.", StringComparison.Ordinal), Settle, "edge-pod Running");

        var stop = await SkiffComponentProcess.RunAsync(server, "node", "stop", "edge-1");
        Assert.True(stop.ExitCode == 0, stop.ToString());
        Assert.Contains("node/edge-1 stopped", stop.StdOut, StringComparison.Ordinal);
        Assert.Equal("true", await kubectl.OkAsync("get", "node", "edge-1", "-o", "jsonpath={.metadata.annotations.skiff\\.io/stopped}"));

        var start = await SkiffComponentProcess.RunAsync(server, "node", "start", "edge-1");
        Assert.Contains("node/edge-1 started", start.StdOut, StringComparison.Ordinal);
        Assert.Equal("", await kubectl.OkAsync("get", "node", "edge-1", "-o", "jsonpath={.metadata.annotations.skiff\\.io/stopped}"));

        var missing = await SkiffComponentProcess.RunAsync(server, "node", "stop", "no-such-node");
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("nodes \"no-such-node\" not found", missing.StdErr, StringComparison.Ordinal);
    }
}
