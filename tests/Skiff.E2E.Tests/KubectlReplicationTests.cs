using k8s;
using k8s.Models;
using Skiff.E2E.Tests.Infrastructure;
using Skiff.Testing;

namespace Skiff.E2E.Tests;

/// <summary>
/// The seed's first promise through the real kubectl: a ReplicationController or ReplicaSet keeps exactly N pods,
/// replacing deleted ones, removing surplus ones (a matching pod made by hand included) and following scale.
/// </summary>
public sealed class KubectlReplicationTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Replication_controller_keeps_its_pods()
    {
        using var kubectl = new Kubectl(fixture.Server);
        var ns = await KubectlApplyTests.NewNamespaceAsync(kubectl, "rc");
        Assert.Contains("replicationcontroller/nginx-rc created",
            await kubectl.OkAsync("apply", "-n", ns, "-f", Path.Combine(RepositoryPaths.Examples, "nginx-rc.yaml")));

        await KeepsExactlyAsync(kubectl, ns, "rc", "nginx-rc", "app=nginx", new Dictionary<string, string> { ["app"] = "nginx" });
    }

    [Fact]
    public async Task Replica_set_with_match_expressions_keeps_its_pods()
    {
        using var kubectl = new Kubectl(fixture.Server);
        var ns = await KubectlApplyTests.NewNamespaceAsync(kubectl, "rs");
        Assert.Contains("replicaset.apps/nginx-replicaset-expressions created",
            await kubectl.OkAsync("apply", "-n", ns, "-f", Path.Combine(RepositoryPaths.Examples, "nginx-replicaset-expressions.yaml")));

        await KeepsExactlyAsync(kubectl, ns, "rs", "nginx-replicaset-expressions", "app in (nginx,apache),tier in (frontend)",
            new Dictionary<string, string> { ["app"] = "nginx", ["tier"] = "frontend" });

        // NotIn and Exists: a pod without the excluded label value, carrying the required key, is adopted too.
        await kubectl.RunWithInputAsync("""
            apiVersion: apps/v1
            kind: ReplicaSet
            metadata:
              name: canary
            spec:
              replicas: 2
              selector:
                matchExpressions:
                - {key: track, operator: Exists}
                - {key: env, operator: NotIn, values: [dev]}
              template:
                metadata:
                  labels: {track: canary, env: prod}
                spec:
                  containers:
                  - {name: web, image: nginx:1.17}
            """, "apply", "-n", ns, "-f", "-");
        await WaitForLivePodsAsync(kubectl, ns, "track", 2);
        await CreateBarePodAsync(kubectl, ns, "dev-pod", new Dictionary<string, string> { ["track"] = "canary", ["env"] = "dev" });
        await WaitForLivePodsAsync(kubectl, ns, "track", 3); // the dev pod is not selected (NotIn), so it stays beside the 2
        var devOwners = await kubectl.OkAsync("get", "pod", "dev-pod", "-n", ns, "-o", "jsonpath={.metadata.ownerReferences}");
        Assert.Equal("", devOwners.Trim());
    }

    [Fact]
    public async Task Concurrent_scales_end_at_the_last_request_and_never_overshoot()
    {
        using var kubectl = new Kubectl(fixture.Server);
        var ns = await KubectlApplyTests.NewNamespaceAsync(kubectl, "race");
        await kubectl.RunWithInputAsync("""
            apiVersion: apps/v1
            kind: ReplicaSet
            metadata:
              name: race
            spec:
              replicas: 1
              selector:
                matchLabels: {app: race}
              template:
                metadata:
                  labels: {app: race}
                spec:
                  containers:
                  - {name: web, image: nginx:1.17}
            """, "apply", "-n", ns, "-f", "-");
        await WaitForLivePodsAsync(kubectl, ns, "app=race", 1);

        // Count live pods from a watch while 20 scale requests race each other.
        using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(fixture.Server.Kubeconfig));
        var initial = await client.CoreV1.ListNamespacedPodAsync(ns, labelSelector: "app=race");
        var live = new HashSet<string>(initial.Items.Where(p => p.Metadata.DeletionTimestamp is null).Select(p => p.Metadata.Name));
        var peak = live.Count;
        using var stopWatching = new CancellationTokenSource();
        var watching = Task.Run(async () =>
        {
            try
            {
                await foreach (var (type, pod) in client.CoreV1.WatchListNamespacedPodAsync(ns, labelSelector: "app=race",
                    resourceVersion: initial.Metadata.ResourceVersion, cancellationToken: stopWatching.Token))
                {
                    lock (live)
                    {
                        if (type == WatchEventType.Deleted || pod.Metadata.DeletionTimestamp is not null)
                        {
                            live.Remove(pod.Metadata.Name);
                        }
                        else
                        {
                            live.Add(pod.Metadata.Name);
                        }

                        peak = Math.Max(peak, live.Count);
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        });

        var counts = Enumerable.Range(0, 20).Select(i => 1 + ((i * 7) % 12)).ToArray(); // 1..12, in a scrambled order
        await Task.WhenAll(counts.Select(n => kubectl.OkAsync("scale", "rs", "race", "-n", ns, $"--replicas={n}")));
        var final = int.Parse(await kubectl.OkAsync("get", "rs", "race", "-n", ns, "-o", "jsonpath={.spec.replicas}"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains(final, counts);

        await WaitForLivePodsAsync(kubectl, ns, "app=race", final);
        await Eventually.ReturnsAsync(() => kubectl.OkAsync("get", "rs", "race", "-n", ns, "-o", "jsonpath={.status.replicas}"),
            replicas => replicas == final.ToString(System.Globalization.CultureInfo.InvariantCulture), Settle, "status.replicas at the final count");
        await stopWatching.CancelAsync();
        await watching;
        Assert.True(peak <= counts.Max(), $"{peak} live pods at once, more than the highest count requested ({counts.Max()})");
    }

    /// <summary>The seed's flows on one controller: N pods, a deleted one replaced, a matching bare pod removed, scale up and down, events.</summary>
    private static async Task KeepsExactlyAsync(Kubectl kubectl, string ns, string kind, string name, string selector, Dictionary<string, string> barePodLabels)
    {
        var pods = await WaitForLivePodsAsync(kubectl, ns, selector, 3);
        Assert.All(pods, pod => Assert.Matches($"^{name}-[a-z0-9]{{5}}$", pod));

        // The scheduler places the pods on the simulated nodes, which run them: all three become ready.
        var row = await Eventually.ReturnsAsync(() => kubectl.OkAsync("get", kind, name, "-n", ns, "--no-headers"),
            output => Columns(output).StartsWith($"{name} 3 3 3 ", StringComparison.Ordinal), Settle, "DESIRED 3, CURRENT 3, READY 3");
        Assert.StartsWith($"{name} 3 3 3", Columns(row));

        await kubectl.OkAsync("delete", "pod", pods[0], "-n", ns);
        var replaced = await WaitForLivePodsAsync(kubectl, ns, selector, 3);
        Assert.DoesNotContain(pods[0], replaced);

        await CreateBarePodAsync(kubectl, ns, "by-hand", barePodLabels);
        await WaitForLivePodsAsync(kubectl, ns, selector, 3);

        await kubectl.OkAsync("scale", kind, name, "-n", ns, "--replicas=5");
        await WaitForLivePodsAsync(kubectl, ns, selector, 5);
        await kubectl.OkAsync("scale", kind, name, "-n", ns, "--replicas=1");
        await WaitForLivePodsAsync(kubectl, ns, selector, 1);

        var described = await Eventually.ReturnsAsync(() => kubectl.OkAsync("describe", kind, name, "-n", ns),
            output => output.Contains("SuccessfulDelete", StringComparison.Ordinal), Settle, "describe shows the controller's events");
        Assert.Contains("SuccessfulCreate", described);
        Assert.Contains($"Created pod: {name}-", described);
        Assert.Contains($"Deleted pod: ", described);
        Assert.Contains("Replicas:", described);
    }

    private static Task CreateBarePodAsync(Kubectl kubectl, string ns, string name, Dictionary<string, string> labels) =>
        kubectl.RunWithInputAsync($$"""
            apiVersion: v1
            kind: Pod
            metadata:
              name: {{name}}
              labels: {{{string.Join(", ", labels.Select(l => $"{l.Key}: {l.Value}"))}}}
            spec:
              containers:
              - {name: web, image: nginx:1.17}
            """, "apply", "-n", ns, "-f", "-");

    /// <summary>Waits until exactly <paramref name="count"/> pods matching the selector are not being deleted; returns their names.</summary>
    private static async Task<string[]> WaitForLivePodsAsync(Kubectl kubectl, string ns, string selector, int count)
    {
        var output = await Eventually.ReturnsAsync(
            () => kubectl.OkAsync("get", "pods", "-n", ns, "-l", selector, "-o",
                "jsonpath={range .items[*]}{.metadata.name}{\" \"}{.metadata.deletionTimestamp}{\"\\n\"}{end}"),
            text => LivePods(text).Length == count, Settle, $"{count} live pods matching {selector}");
        return LivePods(output);
    }

    private static string[] LivePods(string jsonpathOutput) =>
        [.. jsonpathOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()).Where(l => !l.Contains(' ', StringComparison.Ordinal))];

    private static string Columns(string line) => string.Join(' ', line.Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
