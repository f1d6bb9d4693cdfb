using System.Globalization;
using Skiff.E2E.Tests.Infrastructure;
using Skiff.Testing;

namespace Skiff.E2E.Tests;

/// <summary>
/// Node lifecycle through the real kubectl, with Node and Lease objects the test posts as a kubelet would (there
/// are no simulated nodes in these tests): cordon, drain (pods/eviction) and uncordon; the default tolerations; a
/// node whose Lease stops becoming Unknown, tainted unreachable, and its pods evicted.
/// </summary>
public sealed class NodeLifecycleTests
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(30);

    // These tests play the kubelet and the scheduler themselves (FakeKubelet, bindings by hand), so the server runs
    // without simulated nodes and without its scheduler.
    private static readonly string[] ByHand = ["--nodes", "0", "--no-scheduler"];

    [Fact]
    public async Task Cordon_stops_placement_drain_evicts_the_nodes_pods_and_uncordon_undoes_it()
    {
        await using var server = await SkiffServer.StartAsync("memory", null, ByHand);
        using var kubectl = new Kubectl(server);
        using var api = new ApiClient(server);
        var ns = await KubectlApplyTests.NewNamespaceAsync(kubectl, "drain");
        var node = $"worker-{Guid.NewGuid().ToString("N")[..6]}";
        await using var kubelet = await FakeKubelet.StartAsync(kubectl, api, node);
        await OkWithInputAsync(kubectl, """
            apiVersion: v1
            kind: ReplicationController
            metadata:
              name: web
            spec:
              replicas: 2
              selector: {app: web}
              template:
                metadata:
                  labels: {app: web}
                spec:
                  containers:
                  - {name: web, image: nginx:1.27}
            """, "apply", "-n", ns, "-f", "-");
        var pods = await PodNamesAsync(kubectl, ns, "app=web", 2);
        foreach (var pod in pods)
        {
            // The scheduler's write: pods/binding.
            await OkWithInputAsync(
                kubectl,
                $$$"""{"apiVersion":"v1","kind":"Binding","metadata":{"name":"{{{pod}}}"},"target":{"apiVersion":"v1","kind":"Node","name":"{{{node}}}"}}""",
                "create", "--raw", $"/api/v1/namespaces/{ns}/pods/{pod}/binding", "-f", "-");
        }

        var wide = await kubectl.OkAsync("get", "pods", "-n", ns, "-o", "wide", "--no-headers");
        Assert.All(wide.Split('\n', StringSplitOptions.RemoveEmptyEntries), row => Assert.Equal(node, Columns(row).Split(' ')[6]));

        Assert.Equal($"node/{node} cordoned", (await kubectl.OkAsync("cordon", node)).Trim());
        Assert.StartsWith($"{node} Ready,SchedulingDisabled <none> ", Columns(await kubectl.OkAsync("get", "nodes", node, "--no-headers")));
        await Eventually.ReturnsAsync(() => kubectl.OkAsync("get", "node", node, "-o", "jsonpath={.spec.taints[*].key}:{.spec.taints[*].effect}"),
            taints => taints == "node.kubernetes.io/unschedulable:NoSchedule", Settle, "the node lifecycle controller's unschedulable taint");

        // Without a kubelet to finish a graceful deletion, a pod on a node would stay Terminating and drain would wait
        // for it; --grace-period=0 makes each eviction delete at once.
        var drained = await kubectl.RunAsync("drain", node, "--ignore-daemonsets", "--delete-emptydir-data", "--grace-period=0", "--timeout=60s");
        Assert.True(drained.ExitCode == 0, drained.ToString());
        foreach (var pod in pods)
        {
            Assert.Contains($"evicting pod {ns}/{pod}", drained.Output);
            Assert.Contains($"pod/{pod} evicted", drained.Output);
        }

        Assert.Contains($"node/{node} drained", drained.Output);
        Assert.Equal("", (await kubectl.OkAsync("get", "pods", "-A", "--field-selector", $"spec.nodeName={node}", "-o", "name")).Trim());
        var replacements = await PodNamesAsync(kubectl, ns, "app=web", 2);
        Assert.Empty(replacements.Intersect(pods)); // the RC made new ones, waiting for a scheduler

        Assert.Equal($"node/{node} uncordoned", (await kubectl.OkAsync("uncordon", node)).Trim());
        Assert.StartsWith($"{node} Ready <none> ", Columns(await kubectl.OkAsync("get", "nodes", node, "--no-headers")));
        await Eventually.ReturnsAsync(() => kubectl.OkAsync("get", "node", node, "-o", "jsonpath={.spec.taints}"),
            taints => taints.Length == 0, Settle, "the unschedulable taint removed");
    }

    [Fact]
    public async Task Every_pod_gets_the_not_ready_and_unreachable_tolerations_unless_it_has_its_own()
    {
        await using var server = await SkiffServer.StartAsync("memory");
        using var kubectl = new Kubectl(server);
        var ns = await KubectlApplyTests.NewNamespaceAsync(kubectl, "tolerations");
        await kubectl.OkAsync("run", "plain", "-n", ns, "--image=nginx:1.27");
        await OkWithInputAsync(kubectl, """
            apiVersion: v1
            kind: Pod
            metadata:
              name: tolerates-all
            spec:
              tolerations:
              - operator: Exists
              containers:
              - {name: web, image: nginx:1.27}
            """, "apply", "-n", ns, "-f", "-");

        var yaml = await kubectl.OkAsync("get", "pod", "plain", "-n", ns, "-o", "yaml");
        Assert.Contains("""
              tolerations:
              - effect: NoExecute
                key: node.kubernetes.io/not-ready
                operator: Exists
                tolerationSeconds: 300
              - effect: NoExecute
                key: node.kubernetes.io/unreachable
                operator: Exists
                tolerationSeconds: 300
            """.Replace("\r\n", "\n", StringComparison.Ordinal), yaml, StringComparison.Ordinal);
        Assert.Equal("""[{"operator":"Exists"}]""",
            await kubectl.OkAsync("get", "pod", "tolerates-all", "-n", ns, "-o", "jsonpath={.spec.tolerations}"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_node_whose_lease_is_not_renewed_becomes_unknown_is_tainted_unreachable_and_its_pods_are_evicted(bool separateControllerManager)
    {
        string[] monitor = ["--node-monitor-grace-period", "3s", "--node-monitor-period", "1s"];
        string[] serverArgs = ["--default-unreachable-toleration-seconds", "2", .. ByHand, .. separateControllerManager ? ["--no-controllers"] : monitor];
        await using var server = await SkiffServer.StartAsync("memory", null, serverArgs);
        await using var manager = separateControllerManager ? await SkiffComponentProcess.StartAsync(server, "controller-manager", "controller manager is running", monitor) : null;
        using var kubectl = new Kubectl(server);
        using var api = new ApiClient(server);
        var ns = await KubectlApplyTests.NewNamespaceAsync(kubectl, "stale");

        // Two nodes: with every node silent the controller would assume it is cut off itself and taint nothing.
        await using var healthy = await FakeKubelet.StartAsync(kubectl, api, "healthy");
        var stale = await FakeKubelet.StartAsync(kubectl, api, "stale");
        await stale.DisposeAsync(); // its Lease was created once and is never renewed again
        await OkWithInputAsync(kubectl, """
            apiVersion: v1
            kind: Pod
            metadata:
              name: on-stale
            spec:
              nodeName: stale
              containers:
              - {name: web, image: nginx:1.27}
            """, "apply", "-n", ns, "-f", "-");
        Assert.Equal("node.kubernetes.io/not-ready=300 node.kubernetes.io/unreachable=2", string.Join(' ', (await kubectl.OkAsync(
            "get", "pod", "on-stale", "-n", ns, "-o", """jsonpath={range .spec.tolerations[*]}{.key}={.tolerationSeconds} {end}""")).Split(' ', StringSplitOptions.RemoveEmptyEntries)));

        await Eventually.ReturnsAsync(() => kubectl.OkAsync("get", "nodes", "--no-headers"),
            rows => rows.Split('\n').Select(Columns).Any(r => r.StartsWith("stale NotReady ", StringComparison.Ordinal)), Settle, "stale NotReady");
        Assert.StartsWith("healthy Ready ", Columns((await kubectl.OkAsync("get", "nodes", "healthy", "--no-headers")).Trim()));
        Assert.Equal("Unknown NodeStatusUnknown Kubelet stopped posting node status.", await kubectl.OkAsync("get", "node", "stale", "-o",
            """jsonpath={.status.conditions[?(@.type=="Ready")].status} {.status.conditions[?(@.type=="Ready")].reason} {.status.conditions[?(@.type=="Ready")].message}"""));
        var taints = await Eventually.ReturnsAsync(
            () => kubectl.OkAsync("get", "node", "stale", "-o", """jsonpath={range .spec.taints[*]}{.key}:{.effect}:{.timeAdded} {end}"""),
            text => text.Contains("node.kubernetes.io/unreachable:NoExecute:", StringComparison.Ordinal), Settle, "the unreachable NoExecute taint");
        Assert.Matches(@"node\.kubernetes\.io/unreachable:NoExecute:\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", taints);
        Assert.Contains("node.kubernetes.io/unreachable:NoSchedule:", taints);

        // Two seconds after the taint the pod's toleration runs out: it is marked and deleted (Terminating, since
        // no kubelet confirms), with upstream's event.
        await Eventually.ReturnsAsync(() => kubectl.OkAsync("get", "pod", "on-stale", "-n", ns, "-o", "jsonpath={.metadata.deletionTimestamp}"),
            deletion => deletion.Length > 0, Settle, "the pod evicted");
        Assert.Equal("True DeletionByTaintManager", await kubectl.OkAsync("get", "pod", "on-stale", "-n", ns, "-o",
            """jsonpath={.status.conditions[?(@.type=="DisruptionTarget")].status} {.status.conditions[?(@.type=="DisruptionTarget")].reason}"""));
        await Eventually.ReturnsAsync(() => kubectl.OkAsync("get", "events", "-n", ns, "--field-selector", "involvedObject.name=on-stale", "-o", "jsonpath={.items[*].message}"),
            messages => messages.Contains($"Marking for deletion Pod {ns}/on-stale", StringComparison.Ordinal), Settle, "the TaintManagerEviction event");
        Assert.Contains("NodeNotReady", await kubectl.OkAsync("get", "events", "-n", "default", "--field-selector", "involvedObject.name=stale", "-o",
            "jsonpath={.items[*].reason}"));
    }

    private static async Task<string[]> PodNamesAsync(Kubectl kubectl, string ns, string selector, int count)
    {
        var output = await Eventually.ReturnsAsync(
            () => kubectl.OkAsync("get", "pods", "-n", ns, "-l", selector, "-o", "jsonpath={range .items[?(@.metadata.deletionTimestamp)]}x{end}{range .items[*]}{.metadata.name} {end}"),
            text => !text.StartsWith('x') && text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == count, Settle, $"{count} pods");
        return output.Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    private static async Task OkWithInputAsync(Kubectl kubectl, string stdin, params string[] args)
    {
        var result = await kubectl.RunWithInputAsync(stdin, args);
        Assert.True(result.ExitCode == 0, $"kubectl {string.Join(' ', args)} failed: {result}");
    }

    private static string Columns(string line) => string.Join(' ', line.Split(' ', StringSplitOptions.RemoveEmptyEntries));

    /// <summary>
    /// Plays a kubelet's part for one node: registers it Ready, creates its Lease in kube-node-lease and renews it
    /// every second until disposed.
    /// </summary>
    private sealed class FakeKubelet : IAsyncDisposable
    {
        private readonly CancellationTokenSource stopping = new();
        private Task renewing = Task.CompletedTask;

        public static async Task<FakeKubelet> StartAsync(Kubectl kubectl, ApiClient api, string node)
        {
            var now = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            await OkWithInputAsync(kubectl, $"apiVersion: v1\nkind: Node\nmetadata:\n  name: {node}\n  labels:\n    kubernetes.io/os: linux\n", "create", "-f", "-");
            await kubectl.OkAsync("patch", "node", node, "--subresource=status", "--type=merge", "-p",
                $$$"""{"status":{"conditions":[{"type":"Ready","status":"True","reason":"KubeletReady","message":"kubelet is posting ready status","lastHeartbeatTime":"{{{now}}}","lastTransitionTime":"{{{now}}}"}]}}""");
            await api.SendAsync(HttpMethod.Post, "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases",
                $$$"""{"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"{{{node}}}"},"spec":{"holderIdentity":"{{{node}}}","leaseDurationSeconds":40,"renewTime":"{{{RenewTime()}}}"}}""");
            var kubelet = new FakeKubelet();
            kubelet.renewing = kubelet.RenewAsync(api, node);
            return kubelet;
        }

        public async ValueTask DisposeAsync()
        {
            await stopping.CancelAsync();
            await renewing;
            stopping.Dispose();
        }

        private async Task RenewAsync(ApiClient api, string node)
        {
            try
            {
                while (true)
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), stopping.Token);
                    await api.SendAsync(HttpMethod.Patch, $"/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/{node}",
                        $$$"""{"spec":{"renewTime":"{{{RenewTime()}}}"}}""", "application/merge-patch+json");
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
            }
        }

        private static string RenewTime() => DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
    }
}
