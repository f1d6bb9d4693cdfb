using System.Text.RegularExpressions;
using Skiff.E2E.Tests.Infrastructure;
using Skiff.Testing;

namespace Skiff.E2E.Tests;

/// <summary>
/// The seed's Deployment walk-through with the real kubectl against a default `skiff up`, whose simulated nodes
/// run the pods: create, inspect, update the image, watch the rollout, read the history and undo, orphan and adopt.
/// </summary>
public sealed class KubectlDeploymentTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Create_update_inspect_and_undo_a_deployment()
    {
        using var kubectl = new Kubectl(fixture.Server);
        var ns = await KubectlApplyTests.NewNamespaceAsync(kubectl, "deploy");

        Assert.Contains("deployment.apps/nginx created",
            await kubectl.OkAsync("create", "deployment", "nginx", "--image=nginx:1.17", "--replicas=3", "-n", ns));
        Assert.Contains("deployment \"nginx\" successfully rolled out", await RolloutStatusAsync(kubectl, ns));

        var deployments = await kubectl.OkAsync("get", "deployments", "-n", ns);
        Assert.Matches(@"^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\n", deployments);
        Assert.Matches(@"\nnginx\s+3/3\s+3\s+3\s+\S+\n", deployments);
        var pods = await kubectl.OkAsync("get", "pods", "-n", ns, "-o", "name");
        Assert.Equal(3, pods.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(line => System.Text.RegularExpressions.Regex.IsMatch(line, "^pod/nginx-[a-z0-9]{1,10}-[a-z0-9]{5}$")));

        Assert.Contains("deployment.apps/nginx image updated", await kubectl.OkAsync("set", "image", "deployment/nginx", "nginx=nginx:1.18", "-n", ns));
        Assert.Contains("deployment \"nginx\" successfully rolled out", await RolloutStatusAsync(kubectl, ns));

        // Both ReplicaSets: the new one with the 3 pods, the old one scaled to 0 and kept for rollbacks.
        var replicaSets = await kubectl.OkAsync("get", "rs", "-n", ns);
        Assert.Matches(@"^NAME\s+DESIRED\s+CURRENT\s+READY\s+AGE\n", replicaSets);
        Assert.Matches(@"\nnginx-[a-z0-9]+\s+3\s+3\s+3\s+\S+\n", replicaSets);
        Assert.Matches(@"\nnginx-[a-z0-9]+\s+0\s+0\s+0\s+\S+\n", replicaSets);

        var history = await kubectl.OkAsync("rollout", "history", "deployment/nginx", "-n", ns);
        Assert.Matches(@"REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>\n", history);

        Assert.Contains("deployment.apps/nginx rolled back", await kubectl.OkAsync("rollout", "undo", "deployment/nginx", "-n", ns));
        Assert.Contains("deployment \"nginx\" successfully rolled out", await RolloutStatusAsync(kubectl, ns));
        Assert.Equal("nginx:1.17", await kubectl.OkAsync("get", "deployment", "nginx", "-n", ns, "-o", "jsonpath={.spec.template.spec.containers[0].image}"));
        Assert.Equal("3", await kubectl.OkAsync("get", "deployment", "nginx", "-n", ns, "-o",
            "jsonpath={.metadata.annotations.deployment\\.kubernetes\\.io/revision}"));

        // Revision 1's ReplicaSet came back as revision 3: the history now lists 2 and 3.
        history = await kubectl.OkAsync("rollout", "history", "deployment/nginx", "-n", ns);
        Assert.Matches(@"REVISION\s+CHANGE-CAUSE\n2\s+<none>\n3\s+<none>\n", history);
        Assert.Contains("nginx:1.17", await kubectl.OkAsync("rollout", "history", "deployment/nginx", "-n", ns, "--revision=3"));
    }

    [Fact]
    public async Task Apply_a_manifest_then_record_change_causes_and_watch_the_rollout_progress()
    {
        using var kubectl = new Kubectl(fixture.Server);
        var ns = await KubectlApplyTests.NewNamespaceAsync(kubectl, "deploy-apply");

        Assert.Contains("deployment.apps/nginx created",
            await ApplyAsync(kubectl, ns, Manifest("nginx:1.17", changeCause: "first release")));
        Assert.Contains("deployment \"nginx\" successfully rolled out", await RolloutStatusAsync(kubectl, ns));
        var pods = await kubectl.OkAsync("get", "pods", "-n", ns);
        Assert.Equal(3, Regex.Matches(pods, @"\nnginx-[a-z0-9]{1,10}-[a-z0-9]{5}\s+1/1\s+Running\s").Count);

        // Each new pod takes a second to start, so rollout status sees the update half done and prints
        // upstream's progress lines before its success line.
        Assert.Contains("deployment.apps/nginx configured",
            await ApplyAsync(kubectl, ns, Manifest("nginx:1.18", changeCause: "image updated to 1.18")));
        var status = await RolloutStatusAsync(kubectl, ns);
        Assert.Matches(@"Waiting for deployment ""nginx"" rollout to finish: [0-2] out of 3 new replicas have been updated\.\.\.\n", status);
        Assert.EndsWith("deployment \"nginx\" successfully rolled out\n", status);

        // The change-cause annotation travels with each template's ReplicaSet into the history.
        var history = await kubectl.OkAsync("rollout", "history", "deployment/nginx", "-n", ns);
        Assert.Matches(@"REVISION\s+CHANGE-CAUSE\n1\s+first release\n2\s+image updated to 1\.18\n", history);
        var revision1 = await kubectl.OkAsync("rollout", "history", "deployment/nginx", "-n", ns, "--revision=1");
        Assert.Contains("deployment.apps/nginx with revision #1", revision1);
        Assert.Matches(@"Image:\s+nginx:1\.17", revision1);
        Assert.Contains("kubernetes.io/change-cause: first release", revision1);
        Assert.Matches(@"Image:\s+nginx:1\.18", await kubectl.OkAsync("rollout", "history", "deployment/nginx", "-n", ns, "--revision=2"));

        // Annotating afterwards, as the upstream docs do, rewrites the current revision's cause.
        await kubectl.OkAsync("annotate", "deployment/nginx", "kubernetes.io/change-cause=image set to 1.18 by hand", "--overwrite", "-n", ns);
        await Eventually.HoldsAsync(async () => Regex.IsMatch(await kubectl.OkAsync("rollout", "history", "deployment/nginx", "-n", ns),
            @"\n2\s+image set to 1\.18 by hand\n"), "the new cause in the history");
    }

    [Fact]
    public async Task Pause_resume_restart_and_undo_to_a_revision()
    {
        using var kubectl = new Kubectl(fixture.Server);
        var ns = await KubectlApplyTests.NewNamespaceAsync(kubectl, "deploy-pause");
        await kubectl.OkAsync("create", "deployment", "nginx", "--image=nginx:1.17", "--replicas=3", "-n", ns);
        await RolloutStatusAsync(kubectl, ns);
        var firstHash = await NewReplicaSetHashAsync(kubectl, ns);

        Assert.Contains("deployment.apps/nginx paused", await kubectl.OkAsync("rollout", "pause", "deployment/nginx", "-n", ns));
        await kubectl.OkAsync("set", "image", "deployment/nginx", "nginx=nginx:1.18", "-n", ns);

        // While paused the new template gets no ReplicaSet, so there is no earlier revision to go back to yet.
        await Eventually.HoldsAsync(async () => await ProgressingReasonAsync(kubectl, ns) == "DeploymentPaused", "Progressing reason DeploymentPaused");
        Assert.Equal("1", await RevisionAsync(kubectl, ns));
        Assert.Single(await ReplicaSetNamesAsync(kubectl, ns));
        var undo = await kubectl.RunAsync("rollout", "undo", "deployment/nginx", "-n", ns);
        Assert.NotEqual(0, undo.ExitCode);
        Assert.Contains("error: no rollout history found for deployment \"nginx\"", undo.StdErr);

        Assert.Contains("deployment.apps/nginx resumed", await kubectl.OkAsync("rollout", "resume", "deployment/nginx", "-n", ns));
        Assert.Contains("successfully rolled out", await RolloutStatusAsync(kubectl, ns));
        Assert.Equal("2", await RevisionAsync(kubectl, ns));
        await Eventually.HoldsAsync(async () => await ProgressingReasonAsync(kubectl, ns) == "NewReplicaSetAvailable", "Progressing reason NewReplicaSetAvailable");

        // With two revisions, kubectl refuses to roll a paused deployment back (before sending anything).
        await kubectl.OkAsync("rollout", "pause", "deployment/nginx", "-n", ns);
        undo = await kubectl.RunAsync("rollout", "undo", "deployment/nginx", "-n", ns);
        Assert.NotEqual(0, undo.ExitCode);
        Assert.Contains("error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again", undo.StdErr);
        await kubectl.OkAsync("rollout", "resume", "deployment/nginx", "-n", ns);
        Assert.Equal("nginx:1.18", await kubectl.OkAsync("get", "deployment", "nginx", "-n", ns, "-o", "jsonpath={.spec.template.spec.containers[0].image}"));

        // restart stamps the template with kubectl.kubernetes.io/restartedAt: a third ReplicaSet replaces every pod.
        var podsBefore = await PodNamesAsync(kubectl, ns);
        Assert.Contains("deployment.apps/nginx restarted", await kubectl.OkAsync("rollout", "restart", "deployment/nginx", "-n", ns));
        Assert.Contains("successfully rolled out", await RolloutStatusAsync(kubectl, ns));
        Assert.Equal("3", await RevisionAsync(kubectl, ns));
        Assert.Equal(3, (await ReplicaSetNamesAsync(kubectl, ns)).Count);
        await Eventually.HoldsAsync(async () =>
        {
            var now = await PodNamesAsync(kubectl, ns);
            return now.Count == 3 && !now.Intersect(podsBefore).Any();
        }, "the restart replaced all 3 pods", TimeSpan.FromSeconds(40));

        // Back to revision 1's template: its ReplicaSet (same hash) is scaled up again as revision 4.
        Assert.Contains("deployment.apps/nginx rolled back", await kubectl.OkAsync("rollout", "undo", "deployment/nginx", "--to-revision=1", "-n", ns));
        Assert.Contains("successfully rolled out", await RolloutStatusAsync(kubectl, ns));
        Assert.Equal("nginx:1.17", await kubectl.OkAsync("get", "deployment", "nginx", "-n", ns, "-o", "jsonpath={.spec.template.spec.containers[0].image}"));
        Assert.Equal("4", await RevisionAsync(kubectl, ns));
        Assert.Equal(firstHash, await NewReplicaSetHashAsync(kubectl, ns));
        var history = await kubectl.OkAsync("rollout", "history", "deployment/nginx", "-n", ns);
        Assert.Matches(@"REVISION\s+CHANGE-CAUSE\n2\s+<none>\n3\s+<none>\n4\s+<none>\n", history);

        var missing = await kubectl.RunAsync("rollout", "undo", "deployment/nginx", "--to-revision=9", "-n", ns);
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("unable to find specified revision 9 in history", missing.StdErr);
    }

    [Fact]
    public async Task Scale_by_name_with_a_precondition_and_by_label_then_describe_and_delete()
    {
        using var kubectl = new Kubectl(fixture.Server);
        var ns = await KubectlApplyTests.NewNamespaceAsync(kubectl, "deploy-scale");
        await kubectl.OkAsync("create", "deployment", "nginx", "--image=nginx:1.17", "--replicas=3", "-n", ns);
        await kubectl.OkAsync("create", "deployment", "other", "--image=nginx:1.17", "--replicas=1", "-n", ns);
        await RolloutStatusAsync(kubectl, ns);

        Assert.Contains("deployment.apps/nginx scaled", await kubectl.OkAsync("scale", "deployment", "nginx", "--replicas=5", "-n", ns));
        Assert.Contains("successfully rolled out", await RolloutStatusAsync(kubectl, ns));
        Assert.Matches(@"\nnginx\s+5/5\s+5\s+5\s+\S+\n", await kubectl.OkAsync("get", "deployments", "-n", ns));

        var wrong = await kubectl.RunAsync("scale", "deployment", "nginx", "--current-replicas=3", "--replicas=4", "-n", ns);
        Assert.NotEqual(0, wrong.ExitCode);
        Assert.Contains("Expected replicas to be 3, was 5", wrong.StdErr);
        Assert.Contains("deployment.apps/nginx scaled",
            await kubectl.OkAsync("scale", "deployment", "nginx", "--current-replicas=5", "--replicas=4", "-n", ns));

        // `kubectl create deployment` labels the deployment app=<name>: -l picks only this one.
        Assert.Contains("deployment.apps/nginx scaled", await kubectl.OkAsync("scale", "deployment", "-l", "app=nginx", "--replicas=2", "-n", ns));
        Assert.Contains("successfully rolled out", await RolloutStatusAsync(kubectl, ns));
        await Eventually.HoldsAsync(async () => (await PodNamesAsync(kubectl, ns)).Count(p => p.StartsWith("nginx-", StringComparison.Ordinal)) == 2,
            "nginx scaled down to 2 pods", TimeSpan.FromSeconds(40));
        Assert.Equal("1", await kubectl.OkAsync("get", "deployment", "other", "-n", ns, "-o", "jsonpath={.spec.replicas}"));

        var describe = await kubectl.OkAsync("describe", "deployment", "nginx", "-n", ns);
        Assert.Matches(@"Replicas:\s+2 desired \| 2 updated \| 2 total \| 2 available \| 0 unavailable\n", describe);
        Assert.Matches(@"StrategyType:\s+RollingUpdate\n", describe);
        Assert.Matches(@"RollingUpdateStrategy:\s+25% max unavailable, 25% max surge\n", describe);
        Assert.Matches(@"Available\s+True\s+MinimumReplicasAvailable\n", describe);
        Assert.Matches(@"Progressing\s+True\s+NewReplicaSetAvailable\n", describe);
        Assert.Matches(@"NewReplicaSet:\s+nginx-[a-z0-9]+ \(2/2 replicas created\)\n", describe);
        Assert.Matches(@"Normal\s+ScalingReplicaSet\s+.*deployment-controller\s+Scaled up replica set nginx-[a-z0-9]+ from 0 to 3\n", describe);
        Assert.Matches(@"Scaled up replica set nginx-[a-z0-9]+ from 3 to 5\n", describe);
        Assert.Matches(@"Scaled down replica set nginx-[a-z0-9]+ from 4 to 2\n", describe);

        // Deleting the deployment takes its ReplicaSet and pods with it (the garbage collector follows ownerReferences).
        Assert.Contains("deployment.apps \"nginx\" deleted", await kubectl.OkAsync("delete", "deployment", "nginx", "-n", ns));
        await Eventually.HoldsAsync(async () =>
            !(await ReplicaSetNamesAsync(kubectl, ns)).Any(n => n.StartsWith("nginx-", StringComparison.Ordinal))
            && !(await PodNamesAsync(kubectl, ns)).Any(n => n.StartsWith("nginx-", StringComparison.Ordinal)),
            "nginx's ReplicaSet and pods are gone", TimeSpan.FromSeconds(40));
        Assert.Single(await ReplicaSetNamesAsync(kubectl, ns));
    }

    [Fact]
    public async Task Deleting_with_cascade_orphan_keeps_the_replica_sets_and_pods_and_a_new_deployment_adopts_them()
    {
        using var kubectl = new Kubectl(fixture.Server);
        var ns = await KubectlApplyTests.NewNamespaceAsync(kubectl, "deploy-orphan");
        await kubectl.OkAsync("create", "deployment", "nginx", "--image=nginx:1.17", "--replicas=3", "-n", ns);
        await RolloutStatusAsync(kubectl, ns);
        await kubectl.OkAsync("set", "image", "deployment/nginx", "nginx=nginx:1.18", "-n", ns);
        await RolloutStatusAsync(kubectl, ns);
        var replicaSets = await OwnedAsync(kubectl, ns, "rs");
        var pods = await PodNamesAsync(kubectl, ns);
        Assert.Equal(2, replicaSets.Count);
        Assert.Equal(3, pods.Count);

        // kubectl waits until the deployment is gone, which is after the garbage collector released its ReplicaSets.
        Assert.Contains("deployment.apps \"nginx\" deleted", await kubectl.OkAsync("delete", "deployment", "nginx", "--cascade=orphan", "-n", ns, "--timeout=50s"));
        Assert.Contains("NotFound", (await kubectl.RunAsync("get", "deployment", "nginx", "-n", ns)).StdErr);
        var orphans = await OwnedAsync(kubectl, ns, "rs");
        Assert.Equal(replicaSets.Select(rs => (rs.Name, rs.Uid)).Order(), orphans.Select(rs => (rs.Name, rs.Uid)).Order());
        Assert.All(orphans, rs => Assert.Equal("", rs.Owner));
        await Eventually.KeepsHoldingAsync(async () => (await PodNamesAsync(kubectl, ns)).Order(StringComparer.Ordinal).SequenceEqual(pods.Order(StringComparer.Ordinal)),
            "the orphaned ReplicaSets keep their pods", TimeSpan.FromSeconds(2));

        // The same deployment again: its selector matches both ReplicaSets, it adopts them, and the one with its
        // template (1.18) is its new ReplicaSet already at full size: no pod is created or deleted.
        await kubectl.OkAsync("create", "deployment", "nginx", "--image=nginx:1.18", "--replicas=3", "-n", ns);
        var uid = await kubectl.OkAsync("get", "deployment", "nginx", "-n", ns, "-o", "jsonpath={.metadata.uid}");
        Assert.Contains("successfully rolled out", await RolloutStatusAsync(kubectl, ns));
        var adopted = await Eventually.ReturnsAsync(() => OwnedAsync(kubectl, ns, "rs"), sets => sets.All(rs => rs.Owner == uid), TimeSpan.FromSeconds(30),
            "both ReplicaSets adopted");
        Assert.Equal(replicaSets.Select(rs => (rs.Name, rs.Uid)).Order(), adopted.Select(rs => (rs.Name, rs.Uid)).Order());
        Assert.Equal(pods.Order(StringComparer.Ordinal), (await PodNamesAsync(kubectl, ns)).Order(StringComparer.Ordinal));
        Assert.Equal("2", await RevisionAsync(kubectl, ns));
        Assert.Matches(@"\nnginx\s+3/3\s+3\s+3\s+\S+\n", await kubectl.OkAsync("get", "deployments", "-n", ns));
        Assert.Matches(@"REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>\n", await kubectl.OkAsync("rollout", "history", "deployment/nginx", "-n", ns));
    }

    /// <summary>The namespace's objects of a kind with their uid and controller's uid ("" when they have none).</summary>
    private static async Task<List<(string Name, string Uid, string Owner)>> OwnedAsync(Kubectl kubectl, string ns, string kind)
    {
        var lines = await kubectl.OkAsync("get", kind, "-n", ns, "-o",
            "jsonpath={range .items[*]}{.metadata.name} {.metadata.uid} {.metadata.ownerReferences[?(@.controller==true)].uid}{\"\\n\"}{end}");
        return [.. lines.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')).Select(p => (p[0], p[1], p.Length > 2 ? p[2] : ""))];
    }

    private static async Task<string> ApplyAsync(Kubectl kubectl, string ns, string manifest)
    {
        var result = await kubectl.RunWithInputAsync(manifest, "apply", "-f", "-", "-n", ns);
        Assert.True(result.ExitCode == 0, $"kubectl apply failed: {result}");
        return result.StdOut;
    }

    private static string Manifest(string image, string changeCause) => $$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: nginx
          annotations:
            kubernetes.io/change-cause: {{changeCause}}
        spec:
          replicas: 3
          selector:
            matchLabels: {app: nginx}
          template:
            metadata:
              labels: {app: nginx}
            spec:
              containers:
              - name: nginx
                image: "{{image}}"
        """;

    private static async Task<string> RevisionAsync(Kubectl kubectl, string ns) =>
        await kubectl.OkAsync("get", "deployment", "nginx", "-n", ns, "-o", "jsonpath={.metadata.annotations.deployment\\.kubernetes\\.io/revision}");

    private static async Task<string> ProgressingReasonAsync(Kubectl kubectl, string ns) =>
        await kubectl.OkAsync("get", "deployment", "nginx", "-n", ns, "-o", "jsonpath={.status.conditions[?(@.type==\"Progressing\")].reason}");

    /// <summary>The pod-template-hash of the ReplicaSet that has the deployment's current revision.</summary>
    private static async Task<string> NewReplicaSetHashAsync(Kubectl kubectl, string ns)
    {
        var revision = await RevisionAsync(kubectl, ns);
        var lines = await kubectl.OkAsync("get", "rs", "-n", ns, "-o",
            "jsonpath={range .items[*]}{.metadata.annotations.deployment\\.kubernetes\\.io/revision} {.metadata.labels.pod-template-hash}{\"\\n\"}{end}");
        return lines.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')).Single(p => p[0] == revision)[1];
    }

    private static async Task<List<string>> ReplicaSetNamesAsync(Kubectl kubectl, string ns) => NamesOf(await kubectl.OkAsync("get", "rs", "-n", ns, "-o", "name"));

    /// <summary>Pods that are not being deleted.</summary>
    private static async Task<List<string>> PodNamesAsync(Kubectl kubectl, string ns)
    {
        var lines = await kubectl.OkAsync("get", "pods", "-n", ns, "-o",
            "jsonpath={range .items[*]}{.metadata.name} {.metadata.deletionTimestamp}{\"\\n\"}{end}");
        return [.. lines.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')).Where(p => p.Length == 1 || p[1].Length == 0).Select(p => p[0])];
    }

    private static List<string> NamesOf(string output) =>
        [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line[(line.IndexOf('/', StringComparison.Ordinal) + 1)..])];

    private static async Task<string> RolloutStatusAsync(Kubectl kubectl, string ns) =>
        await kubectl.OkAsync("rollout", "status", "deployment/nginx", "-n", ns, "--timeout=50s");
}
