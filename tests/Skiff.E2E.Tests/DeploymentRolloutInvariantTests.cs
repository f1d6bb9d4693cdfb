using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Skiff.E2E.Tests.Infrastructure;
using Skiff.Testing;

namespace Skiff.E2E.Tests;

/// <summary>
/// Rollout guarantees checked on every state of a namespace's pods as a watch delivers them, against a default
/// `skiff up` with the real kubectl driving the updates: the surge and availability bounds of a RollingUpdate, no
/// overlap under Recreate, the progress deadline, pause freezing a rollout, rollover to a template that changed
/// mid-rollout, and scaling a rollout in proportion.
/// </summary>
public sealed class DeploymentRolloutInvariantTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static readonly TimeSpan RolloutTimeout = TimeSpan.FromSeconds(90);

    // 10 replicas: 1/1 allows 11 pods and 9 available; 25%/25% resolves to 3 surge (rounded up) and 2 unavailable
    // (rounded down), i.e. 13 pods and 8 available.
    [Theory]
    [InlineData("1", "1", 11, 9)]
    [InlineData("25%", "25%", 13, 8)]
    public async Task Rolling_update_stays_within_surge_and_availability(string maxSurge, string maxUnavailable, int maxPods, int minAvailable)
    {
        using var kubectl = new Kubectl(fixture.Server);
        using var api = new ApiClient(fixture.Server);
        var ns = await KubectlApplyTests.NewNamespaceAsync(kubectl, "rolling");
        await ApplyAsync(kubectl, ns, Manifest("web", 10, $"{{type: RollingUpdate, rollingUpdate: {{maxSurge: \"{maxSurge}\", maxUnavailable: \"{maxUnavailable}\"}}}}", "nginx:1.17"));
        await kubectl.OkAsync("rollout", "status", "deployment/web", "-n", ns, "--timeout=60s");

        using var pods = await PodWatch.OpenAsync(api, ns);
        var oldHash = pods.Hashes().Single();
        await kubectl.OkAsync("set", "image", "deployment/web", "app=nginx:1.18", "-n", ns);

        var most = 0;
        var fewest = int.MaxValue;
        var sawNew = false;
        await pods.UntilAsync(state =>
        {
            // Upstream counts a pod toward the deployment's size while it is neither terminating nor finished,
            // and as available while it is also Ready (minReadySeconds is 0).
            var active = state.Where(PodWatch.IsActive).ToList();
            var available = active.Count(PodWatch.IsReady);
            most = Math.Max(most, active.Count);
            fewest = Math.Min(fewest, available);
            Assert.True(active.Count <= maxPods, $"{active.Count} pods at once (at most {maxPods}): {PodWatch.Describe(state)}");
            Assert.True(available >= minAvailable, $"{available} pods available (at least {minAvailable}): {PodWatch.Describe(state)}");
            sawNew |= state.Any(p => PodWatch.HashOf(p) != oldHash);
            return sawNew && state.Count == 10 && state.All(p => PodWatch.HashOf(p) != oldHash && PodWatch.IsActive(p) && PodWatch.IsReady(p));
        }, RolloutTimeout);

        Assert.InRange(most, 10, maxPods);
        Assert.InRange(fewest, minAvailable, 10);
        Assert.Contains("successfully rolled out", await kubectl.OkAsync("rollout", "status", "deployment/web", "-n", ns, "--timeout=30s"));
    }

    [Fact]
    public async Task Recreate_never_runs_old_and_new_pods_together()
    {
        using var kubectl = new Kubectl(fixture.Server);
        using var api = new ApiClient(fixture.Server);
        var ns = await KubectlApplyTests.NewNamespaceAsync(kubectl, "recreate");
        await ApplyAsync(kubectl, ns, Manifest("web", 4, "{type: Recreate}", "nginx:1.17"));
        await kubectl.OkAsync("rollout", "status", "deployment/web", "-n", ns, "--timeout=60s");

        using var pods = await PodWatch.OpenAsync(api, ns);
        var oldHash = pods.Hashes().Single();
        await kubectl.OkAsync("set", "image", "deployment/web", "app=nginx:1.18", "-n", ns);

        var sawEmpty = false;
        await pods.UntilAsync(state =>
        {
            // An old pod still counts until it is gone or has finished (upstream's oldPodsRunning), even while
            // terminating.
            var oldRunning = state.Count(p => PodWatch.HashOf(p) == oldHash && !PodWatch.HasFinished(p));
            var newPods = state.Count(p => PodWatch.HashOf(p) != oldHash);
            Assert.False(oldRunning > 0 && newPods > 0, $"old and new pods at once: {PodWatch.Describe(state)}");
            sawEmpty |= oldRunning == 0 && newPods == 0;
            return newPods == 4 && state.Count == 4 && state.All(p => PodWatch.IsActive(p) && PodWatch.IsReady(p));
        }, RolloutTimeout);

        Assert.True(sawEmpty, "the rollout went through a moment with no pods");
    }

    [Fact]
    public async Task Rollback_restores_the_old_template_under_a_new_revision()
    {
        using var kubectl = new Kubectl(fixture.Server);
        var ns = await KubectlApplyTests.NewNamespaceAsync(kubectl, "rollback");
        await ApplyAsync(kubectl, ns, Manifest("web", 2, "{type: RollingUpdate}", "nginx:1.17"));
        await kubectl.OkAsync("rollout", "status", "deployment/web", "-n", ns, "--timeout=60s");
        var template1 = await TemplateAsync(kubectl, ns);
        await kubectl.OkAsync("set", "image", "deployment/web", "app=nginx:1.18", "-n", ns);
        await kubectl.OkAsync("rollout", "status", "deployment/web", "-n", ns, "--timeout=60s");
        Assert.NotEqual(template1, await TemplateAsync(kubectl, ns));

        await kubectl.OkAsync("rollout", "undo", "deployment/web", "-n", ns);
        await kubectl.OkAsync("rollout", "status", "deployment/web", "-n", ns, "--timeout=60s");

        Assert.Equal(template1, await TemplateAsync(kubectl, ns));
        Assert.Equal("3", await kubectl.OkAsync("get", "deployment", "web", "-n", ns, "-o",
            "jsonpath={.metadata.annotations.deployment\\.kubernetes\\.io/revision}"));
        // The ReplicaSet of revision 1 was reused and remembers its earlier revision.
        var replicaSets = await kubectl.OkAsync("get", "rs", "-n", ns, "-o",
            "jsonpath={range .items[*]}{.metadata.annotations.deployment\\.kubernetes\\.io/revision}:{.metadata.annotations.deployment\\.kubernetes\\.io/revision-history}:{.spec.replicas}{\"\\n\"}{end}");
        Assert.Equal(["2::0", "3:1:2"], replicaSets.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Pods_that_never_become_ready_exceed_the_progress_deadline()
    {
        using var kubectl = new Kubectl(fixture.Server);
        var ns = await KubectlApplyTests.NewNamespaceAsync(kubectl, "deadline");
        await ApplyAsync(kubectl, ns, Manifest("stuck", 2, "{type: RollingUpdate}", "nginx:1.17", progressDeadlineSeconds: 3,
            podAnnotations: "skiff.io/never-ready: \"true\""));

        var status = await kubectl.RunAsync("rollout", "status", "deployment/stuck", "-n", ns, "--timeout=50s");
        Assert.NotEqual(0, status.ExitCode);
        Assert.Contains("error: deployment \"stuck\" exceeded its progress deadline", status.StdErr);
        Assert.Contains("Waiting for deployment \"stuck\" rollout to finish: 0 of 2 updated replicas are available...", status.StdOut);

        var condition = await kubectl.OkAsync("get", "deployment", "stuck", "-n", ns, "-o",
            "jsonpath={.status.conditions[?(@.type==\"Progressing\")].status}/{.status.conditions[?(@.type==\"Progressing\")].reason}/{.status.conditions[?(@.type==\"Progressing\")].message}");
        Assert.Matches(@"^False/ProgressDeadlineExceeded/ReplicaSet ""stuck-[a-z0-9]+"" has timed out progressing\.$", condition);
        Assert.Matches(@"Progressing\s+False\s+ProgressDeadlineExceeded\n", await kubectl.OkAsync("describe", "deployment", "stuck", "-n", ns));
    }

    [Fact]
    public async Task Pausing_mid_rollout_freezes_the_replica_sets_and_resuming_finishes_it()
    {
        using var kubectl = new Kubectl(fixture.Server);
        using var api = new ApiClient(fixture.Server);
        var ns = await KubectlApplyTests.NewNamespaceAsync(kubectl, "pause");
        // One pod at a time, each taking 2 s to start: the rollout of 6 lasts long enough to pause it half way.
        await ApplyAsync(kubectl, ns, Manifest("web", 6, "{type: RollingUpdate, rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}", "nginx:1.17",
            podAnnotations: "skiff.io/start-delay: 2s"));
        await kubectl.OkAsync("rollout", "status", "deployment/web", "-n", ns, "--timeout=60s");

        await kubectl.OkAsync("set", "image", "deployment/web", "app=nginx:1.18", "-n", ns);
        await Eventually.HoldsAsync(async () => (await ReplicaSetSizesAsync(kubectl, ns)).Count == 2, "the new ReplicaSet exists", TimeSpan.FromSeconds(30));
        await kubectl.OkAsync("rollout", "pause", "deployment/web", "-n", ns);
        await Eventually.HoldsAsync(async () => await kubectl.OkAsync("get", "deployment", "web", "-n", ns, "-o",
            "jsonpath={.status.conditions[?(@.type==\"Progressing\")].reason}") == "DeploymentPaused", "the controller saw the pause", TimeSpan.FromSeconds(30));

        var frozen = await ReplicaSetSizesAsync(kubectl, ns);
        Assert.True(frozen.Values.Min() > 0, $"paused half way: {string.Join(", ", frozen)}");
        await Eventually.KeepsHoldingAsync(async () => (await ReplicaSetSizesAsync(kubectl, ns)).SequenceEqual(frozen),
            "the ReplicaSets keep their sizes while paused", TimeSpan.FromSeconds(5));

        await kubectl.OkAsync("rollout", "resume", "deployment/web", "-n", ns);
        Assert.Contains("successfully rolled out", await kubectl.OkAsync("rollout", "status", "deployment/web", "-n", ns, "--timeout=55s"));
        Assert.Equal([0, 6], (await ReplicaSetSizesAsync(kubectl, ns)).Values.Order());
    }

    [Fact]
    public async Task A_second_update_mid_rollout_rolls_over_to_the_newest_template_within_the_bounds()
    {
        using var kubectl = new Kubectl(fixture.Server);
        using var api = new ApiClient(fixture.Server);
        var ns = await KubectlApplyTests.NewNamespaceAsync(kubectl, "rollover");
        // 4 replicas with maxSurge 1 and maxUnavailable 1: at most 5 pods, at least 3 available. Each pod takes 2 s
        // to start, so the rollout to 1.18 is still going when 1.19 arrives.
        await ApplyAsync(kubectl, ns, Manifest("web", 4, "{type: RollingUpdate, rollingUpdate: {maxSurge: 1, maxUnavailable: 1}}", "nginx:1.17",
            podAnnotations: "skiff.io/start-delay: 2s"));
        await kubectl.OkAsync("rollout", "status", "deployment/web", "-n", ns, "--timeout=60s");

        using var pods = await PodWatch.OpenAsync(api, ns);
        var oldHash = pods.Hashes().Single();
        await kubectl.OkAsync("set", "image", "deployment/web", "app=nginx:1.18", "-n", ns);
        await Eventually.HoldsAsync(async () => (await ReplicaSetSizesAsync(kubectl, ns)).Count == 2, "the 1.18 ReplicaSet exists", TimeSpan.FromSeconds(30));
        await kubectl.OkAsync("set", "image", "deployment/web", "app=nginx:1.19", "-n", ns);
        var newest = await Eventually.ReturnsAsync(() => ReplicaSetRevisionsAsync(kubectl, ns), sets => sets.Any(rs => rs.Revision == "3"),
            TimeSpan.FromSeconds(30), "the 1.19 ReplicaSet with revision 3");
        var newestHash = newest.Single(rs => rs.Revision == "3").Hash;

        await pods.UntilAsync(state =>
        {
            var active = state.Where(PodWatch.IsActive).ToList();
            var available = active.Count(PodWatch.IsReady);
            Assert.True(active.Count <= 5, $"{active.Count} pods at once (at most 5): {PodWatch.Describe(state)}");
            Assert.True(available >= 3, $"{available} pods available (at least 3): {PodWatch.Describe(state)}");
            return state.Count == 4 && state.All(p => PodWatch.HashOf(p) == newestHash && PodWatch.IsActive(p) && PodWatch.IsReady(p));
        }, RolloutTimeout);

        Assert.Contains("deployment \"web\" successfully rolled out", await kubectl.OkAsync("rollout", "status", "deployment/web", "-n", ns, "--timeout=30s"));
        var replicaSets = await kubectl.OkAsync("get", "rs", "-n", ns);
        Assert.Matches($@"\nweb-{newestHash}\s+4\s+4\s+4\s+\S+\n", replicaSets);
        Assert.Equal(2, Regex.Matches(replicaSets, @"\nweb-[a-z0-9]+\s+0\s+0\s+0\s+\S+").Count);
        var sets = await ReplicaSetRevisionsAsync(kubectl, ns);
        Assert.Equal(["1:0", "2:0", "3:4"], sets.Select(rs => $"{rs.Revision}:{rs.Replicas}").Order(StringComparer.Ordinal));
        Assert.Equal(oldHash, sets.Single(rs => rs.Revision == "1").Hash);
    }

    [Fact]
    public async Task Scaling_a_stuck_rollout_adds_replicas_to_each_replica_set_in_proportion()
    {
        using var kubectl = new Kubectl(fixture.Server);
        var ns = await KubectlApplyTests.NewNamespaceAsync(kubectl, "proportional");
        await ApplyAsync(kubectl, ns, Manifest("web", 10, "{type: RollingUpdate, rollingUpdate: {maxSurge: 3, maxUnavailable: 2}}", "nginx:1.17"));
        await kubectl.OkAsync("rollout", "status", "deployment/web", "-n", ns, "--timeout=60s");
        var old = Assert.Single((await ReplicaSetSizesAsync(kubectl, ns)).Keys);

        // The upstream docs' example: a new template whose pods never start stops the rollout at old 8 + new 5.
        await kubectl.OkAsync("patch", "deployment", "web", "-n", ns, "-p",
            """{"spec":{"template":{"metadata":{"annotations":{"skiff.io/never-ready":"true"}},"spec":{"containers":[{"name":"app","image":"nginx:1.18"}]}}}}""");
        var stuck = await Eventually.ReturnsAsync(() => ReplicaSetSizesAsync(kubectl, ns), sizes => sizes.Count == 2 && sizes[old] == 8 && sizes.Values.Sum() == 13,
            TimeSpan.FromSeconds(30), "old 8 + new 5");
        var @new = stuck.Keys.Single(name => name != old);

        // 15 replicas allow 18 pods, 5 more: 3 go to the old ReplicaSet (round(8·18/13) = 11) and 2 to the new one.
        Assert.Contains("deployment.apps/web scaled", await kubectl.OkAsync("scale", "deployment", "web", "--replicas=15", "-n", ns));
        await Eventually.HoldsAsync(async () => (await ReplicaSetSizesAsync(kubectl, ns)) is var sizes && sizes[old] == 11 && sizes[@new] == 7,
            "old 11 + new 7", TimeSpan.FromSeconds(30));
        await Eventually.KeepsHoldingAsync(async () => (await ReplicaSetSizesAsync(kubectl, ns)) is var sizes && sizes[old] == 11 && sizes[@new] == 7,
            "the rollout stays stuck at old 11 + new 7", TimeSpan.FromSeconds(2));
        var describe = await kubectl.OkAsync("describe", "deployment", "web", "-n", ns);
        Assert.Matches($@"Scaled up replica set {old} from 8 to 11\n", describe);
        Assert.Matches($@"Scaled up replica set {@new} from 5 to 7\n", describe);

        // Rolling back makes the old template the new one again: it takes all 15 and the stuck pods go.
        await kubectl.OkAsync("rollout", "undo", "deployment/web", "-n", ns);
        Assert.Contains("successfully rolled out", await kubectl.OkAsync("rollout", "status", "deployment/web", "-n", ns, "--timeout=60s"));
        var final = await ReplicaSetSizesAsync(kubectl, ns);
        Assert.Equal((15, 0), (final[old], final[@new]));
    }

    /// <summary>Each ReplicaSet's revision, pod-template-hash and spec.replicas.</summary>
    private static async Task<List<(string Revision, string Hash, int Replicas)>> ReplicaSetRevisionsAsync(Kubectl kubectl, string ns)
    {
        var lines = await kubectl.OkAsync("get", "rs", "-n", ns, "-o",
            "jsonpath={range .items[*]}{.metadata.annotations.deployment\\.kubernetes\\.io/revision} {.metadata.labels.pod-template-hash} {.spec.replicas}{\"\\n\"}{end}");
        return [.. lines.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' '))
            .Select(p => (p[0], p[1], int.Parse(p[2], System.Globalization.CultureInfo.InvariantCulture)))];
    }

    private static async Task<SortedDictionary<string, int>> ReplicaSetSizesAsync(Kubectl kubectl, string ns)
    {
        var lines = await kubectl.OkAsync("get", "rs", "-n", ns, "-o", "jsonpath={range .items[*]}{.metadata.name} {.spec.replicas}{\"\\n\"}{end}");
        return new SortedDictionary<string, int>(lines.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' '))
            .ToDictionary(p => p[0], p => int.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture)), StringComparer.Ordinal);
    }

    /// <summary>
    /// The deployment's pod template without empty objects: the template copied back from the ReplicaSet carries
    /// "resources": {} (as upstream always writes it) where the applied one had none, which means the same.
    /// </summary>
    private static async Task<string> TemplateAsync(Kubectl kubectl, string ns) =>
        WithoutEmptyObjects(JsonNode.Parse(await kubectl.OkAsync("get", "deployment", "web", "-n", ns, "-o", "jsonpath={.spec.template}"))!).ToJsonString();

    private static JsonNode WithoutEmptyObjects(JsonNode node)
    {
        if (node is JsonObject obj)
        {
            foreach (var (key, value) in obj.ToList())
            {
                if (value is JsonObject { Count: 0 })
                {
                    obj.Remove(key);
                }
                else if (value is not null)
                {
                    WithoutEmptyObjects(value);
                }
            }
        }
        else if (node is JsonArray array)
        {
            foreach (var item in array.OfType<JsonNode>())
            {
                WithoutEmptyObjects(item);
            }
        }

        return node;
    }

    private static async Task ApplyAsync(Kubectl kubectl, string ns, string manifest)
    {
        var result = await kubectl.RunWithInputAsync(manifest, "apply", "-f", "-", "-n", ns);
        Assert.True(result.ExitCode == 0, $"kubectl apply failed: {result}");
    }

    // The pod annotations are left out when there are none: Skiff keeps an empty "annotations: {}" in the stored
    // template where Go's omitempty drops it, and a rollback (which copies the ReplicaSet's template) would differ.
    private static string Manifest(string name, int replicas, string strategy, string image, int progressDeadlineSeconds = 600, string? podAnnotations = null) => $$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: {{name}}}
        spec:
          replicas: {{replicas}}
          progressDeadlineSeconds: {{progressDeadlineSeconds}}
          strategy: {{strategy}}
          selector:
            matchLabels: {app: {{name}}}
          template:
            metadata:
              labels: {app: {{name}}}{{(podAnnotations is null ? "" : $"\n      annotations: {{{podAnnotations}}}")}}
            spec:
              containers:
              - name: app
                image: "{{image}}"
        """;

    /// <summary>The pods of a namespace as a watch delivers them, starting from a list.</summary>
    private sealed class PodWatch : IDisposable
    {
        private readonly Dictionary<string, JsonObject> pods;
        private readonly WatchStream stream;

        private PodWatch(Dictionary<string, JsonObject> pods, WatchStream stream)
        {
            this.pods = pods;
            this.stream = stream;
        }

        public static async Task<PodWatch> OpenAsync(ApiClient api, string ns)
        {
            using var list = await api.GetAsync($"/api/v1/namespaces/{ns}/pods");
            var body = JsonNode.Parse(await list.Content.ReadAsStringAsync())!;
            var pods = body["items"]!.AsArray().Select(p => p!.AsObject()).ToDictionary(p => p["metadata"]!["name"]!.GetValue<string>());
            var stream = await api.WatchAsync($"/api/v1/namespaces/{ns}/pods?watch=1&resourceVersion={ApiClient.ResourceVersionOf(body)}");
            return new PodWatch(pods, stream);
        }

        public IEnumerable<string> Hashes() => pods.Values.Select(HashOf).Distinct();

        /// <summary>Applies events one by one, checking each resulting state, until <paramref name="done"/> holds.</summary>
        public async Task UntilAsync(Func<IReadOnlyCollection<JsonObject>, bool> done, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (!done(pods.Values))
            {
                Assert.True(DateTime.UtcNow < deadline, $"the rollout did not finish within {timeout}: {Describe(pods.Values)}");
                var e = await stream.NextAsync() ?? throw new InvalidOperationException("the pod watch ended");
                var pod = e["object"]!.AsObject();
                var name = pod["metadata"]!["name"]!.GetValue<string>();
                if (e["type"]!.GetValue<string>() == "DELETED")
                {
                    pods.Remove(name);
                }
                else
                {
                    pods[name] = pod;
                }
            }
        }

        public static string HashOf(JsonObject pod) => pod["metadata"]!["labels"]!["pod-template-hash"]!.GetValue<string>();

        public static bool HasFinished(JsonObject pod) => pod["status"]?["phase"]?.GetValue<string>() is "Succeeded" or "Failed";

        public static bool IsActive(JsonObject pod) => pod["metadata"]!["deletionTimestamp"] is null && !HasFinished(pod);

        public static bool IsReady(JsonObject pod) =>
            pod["status"]?["conditions"]?.AsArray().Any(c => c!["type"]!.GetValue<string>() == "Ready" && c["status"]!.GetValue<string>() == "True") == true;

        public static string Describe(IEnumerable<JsonObject> state) => string.Join(", ", state.Select(p =>
            $"{p["metadata"]!["name"]}({(IsActive(p) ? "" : "terminating ")}{(IsReady(p) ? "ready" : "not ready")})"));

        public void Dispose() => stream.Dispose();
    }
}
