using System.Text.Json;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Skiff.Client;
using Skiff.Client.Events;
using Skiff.Controllers.Deployment;
using Skiff.Controllers.ReplicaSet;
using Skiff.Controllers.Tests.Infrastructure;
using Skiff.Testing;

namespace Skiff.Controllers.Tests.Deployment;

/// <summary>The deployment controller with the ReplicaSet controller over the real API pipeline; pods become Ready at once.</summary>
public sealed class DeploymentControllerTests : IAsyncLifetime
{
    private const string Ns = "deploy";
    private TestCluster cluster = null!;

    public async Task InitializeAsync()
    {
        cluster = await TestCluster.StartAsync();
        await cluster.Client.CreateAsync(Manifests.Namespace(Ns));
    }

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    [Fact]
    public async Task Creates_one_replica_set_named_by_the_template_hash_with_its_pods_annotations_and_status()
    {
        StartControllers();
        var d = await cluster.Client.CreateAsync(Deployments.Deployment(Ns, "web", 3));

        var done = await WaitForCompleteAsync("web");
        var hash = PodTemplateHash.Compute(d.Spec.Template, null);
        var rs = Assert.Single(await ReplicaSetsAsync("web"));
        Assert.Equal($"web-{hash}", rs.Metadata.Name);
        Assert.Equal(hash, rs.Spec.Selector.MatchLabels["pod-template-hash"]);
        Assert.Equal(hash, rs.Spec.Template.Metadata.Labels["pod-template-hash"]);
        Assert.Equal(hash, rs.Metadata.Labels["pod-template-hash"]);
        var owner = Assert.Single(rs.Metadata.OwnerReferences);
        Assert.Equal(("apps/v1", "Deployment", "web", d.Metadata.Uid, true, true),
            (owner.ApiVersion, owner.Kind, owner.Name, owner.Uid, owner.Controller, owner.BlockOwnerDeletion));
        Assert.Equal(("1", "3", "4"), (rs.Metadata.Annotations["deployment.kubernetes.io/revision"],
            rs.Metadata.Annotations["deployment.kubernetes.io/desired-replicas"], rs.Metadata.Annotations["deployment.kubernetes.io/max-replicas"]));

        var pods = (await cluster.Client.ListAsync<V1Pod>(Ns)).Items;
        Assert.Equal(3, pods.Count);
        Assert.All(pods, pod => Assert.Matches($"^web-{hash}-[a-z0-9]{{5}}$", pod.Metadata.Name));
        Assert.All(pods, pod => Assert.Equal(hash, pod.Metadata.Labels["pod-template-hash"]));

        Assert.Equal("1", done.Metadata.Annotations["deployment.kubernetes.io/revision"]);
        Assert.Equal((3, 3, 3, 3), (done.Status.Replicas!.Value, done.Status.UpdatedReplicas!.Value, done.Status.ReadyReplicas!.Value, done.Status.AvailableReplicas!.Value));
        var available = DeploymentConditions.Get(done.Status, "Available")!;
        Assert.Equal(("True", "MinimumReplicasAvailable", "Deployment has minimum availability."), (available.Status, available.Reason, available.Message));
        var progressing = DeploymentConditions.Get(done.Status, "Progressing")!;
        Assert.Equal(("True", "NewReplicaSetAvailable", $"ReplicaSet \"web-{hash}\" has successfully progressed."),
            (progressing.Status, progressing.Reason, progressing.Message));
        await WaitForEventAsync($"Scaled up replica set web-{hash} from 0 to 3");
    }

    [Theory]
    [InlineData("1", "1", 11, 9)]
    [InlineData("25%", "25%", 13, 8)] // surge ceil(2.5) = 3, unavailable floor(2.5) = 2
    public async Task A_rolling_update_stays_within_surge_and_unavailability_on_every_event(string maxSurge, string maxUnavailable, int mostPods, int fewestAvailable)
    {
        StartControllers();
        var samples = new RolloutSamples(cluster, Ns);
        await cluster.Client.CreateAsync(Deployments.Deployment(Ns, "web", 10, maxSurge: maxSurge, maxUnavailable: maxUnavailable));
        var first = await WaitForCompleteAsync("web");
        var oldName = Assert.Single(await ReplicaSetsAsync("web")).Metadata.Name;

        samples.Start();
        await SetImageAsync("web", "nginx:1.18");
        await WaitForCompleteAsync("web", first.Metadata.Generation + 1);

        Assert.True(samples.Samples > 20, $"only {samples.Samples} samples");
        Assert.InRange(samples.MaxPods, 10, mostPods);
        Assert.InRange(samples.MaxReplicaSetTotal, 10, mostPods);
        Assert.InRange(samples.MinAvailable, fewestAvailable, 10);
        var sets = await ReplicaSetsAsync("web");
        Assert.Equal(2, sets.Count);
        Assert.Equal(0, sets.Single(rs => rs.Metadata.Name == oldName).Spec.Replicas);
        Assert.Equal(10, sets.Single(rs => rs.Metadata.Name != oldName).Spec.Replicas);
        await WaitForEventAsync($"Scaled down replica set {oldName} from 10 to ");
    }

    [Fact]
    public async Task Recreate_removes_every_old_pod_before_the_first_new_one()
    {
        StartControllers();
        var samples = new RolloutSamples(cluster, Ns);
        await cluster.Client.CreateAsync(Deployments.Deployment(Ns, "web", 3, strategy: "Recreate"));
        var first = await WaitForCompleteAsync("web");

        samples.Start();
        await SetImageAsync("web", "nginx:1.18");
        await WaitForCompleteAsync("web", first.Metadata.Generation + 1);

        Assert.True(samples.Samples > 5, $"only {samples.Samples} samples");
        Assert.False(samples.TemplatesOverlapped, "old and new pods existed at the same time");
        Assert.Equal([0, 3], (await ReplicaSetsAsync("web")).Select(rs => rs.Spec.Replicas!.Value).Order());
    }

    [Fact]
    public async Task A_paused_deployment_scales_but_does_not_roll_out_until_resumed()
    {
        StartControllers();
        await cluster.Client.CreateAsync(Deployments.Deployment(Ns, "web", 2));
        await WaitForCompleteAsync("web");

        await cluster.Client.PatchAsync<V1Deployment>(Ns, "web", PatchKind.Merge, """{"spec":{"paused":true}}""");
        await WaitForConditionAsync("web", "Progressing", "Unknown", "DeploymentPaused", "Deployment is paused");
        var changed = await SetImageAsync("web", "nginx:1.18");
        await cluster.Client.PatchAsync<V1Deployment>(Ns, "web", PatchKind.Merge, """{"spec":{"replicas":4}}""");

        // Seen (observedGeneration) and scaled, but still the one ReplicaSet with the old template.
        await Eventually.HoldsAsync(async () =>
        {
            var d = await cluster.Client.GetAsync<V1Deployment>(Ns, "web");
            var sets = await ReplicaSetsAsync("web");
            return d.Status.ObservedGeneration >= changed.Metadata.Generation + 1 && sets.Count == 1 && sets[0].Spec.Replicas == 4 &&
                d.Status.AvailableReplicas == 4;
        }, "the paused deployment scaled to 4 without a new ReplicaSet");
        Assert.Equal("nginx:1.17", Assert.Single(await ReplicaSetsAsync("web")).Spec.Template.Spec.Containers[0].Image);

        await cluster.Client.PatchAsync<V1Deployment>(Ns, "web", PatchKind.Merge, """{"spec":{"paused":false}}""");
        var resumed = await WaitForCompleteAsync("web");
        var sets = await ReplicaSetsAsync("web");
        Assert.Equal(2, sets.Count);
        Assert.Equal(4, sets.Single(rs => rs.Spec.Template.Spec.Containers[0].Image == "nginx:1.18").Spec.Replicas);
        Assert.Equal("2", resumed.Metadata.Annotations["deployment.kubernetes.io/revision"]);
        await WaitForEventAsync("Scaled up replica set", "from 2 to 4");
    }

    [Fact]
    public async Task Restoring_an_old_template_reuses_its_replica_set_under_a_new_revision()
    {
        StartControllers();
        await cluster.Client.CreateAsync(Deployments.Deployment(Ns, "web", 2));
        var first = await WaitForCompleteAsync("web");
        var original = Assert.Single(await ReplicaSetsAsync("web"));
        await SetImageAsync("web", "nginx:1.18");
        await WaitForCompleteAsync("web", first.Metadata.Generation + 1);

        await SetImageAsync("web", "nginx:1.17");
        var rolledBack = await WaitForCompleteAsync("web", first.Metadata.Generation + 2);

        var sets = await ReplicaSetsAsync("web");
        Assert.Equal(2, sets.Count);
        var reused = sets.Single(rs => rs.Metadata.Uid == original.Metadata.Uid);
        Assert.Equal(2, reused.Spec.Replicas);
        Assert.Equal(("3", "1"), (reused.Metadata.Annotations["deployment.kubernetes.io/revision"],
            reused.Metadata.Annotations["deployment.kubernetes.io/revision-history"]));
        Assert.Equal("2", sets.Single(rs => rs.Metadata.Uid != original.Metadata.Uid).Metadata.Annotations["deployment.kubernetes.io/revision"]);
        Assert.Equal("3", rolledBack.Metadata.Annotations["deployment.kubernetes.io/revision"]);
    }

    [Fact]
    public async Task Old_replica_sets_beyond_the_revision_history_limit_are_deleted_oldest_first()
    {
        StartControllers();
        var deployment = Deployments.Deployment(Ns, "web", 1);
        deployment.Spec.RevisionHistoryLimit = 1;
        var generation = (await cluster.Client.CreateAsync(deployment)).Metadata.Generation;
        await WaitForCompleteAsync("web");
        foreach (var image in new[] { "nginx:1.18", "nginx:1.19", "nginx:1.20" })
        {
            await SetImageAsync("web", image);
            await WaitForCompleteAsync("web", ++generation);
        }

        // The current one and one old one (the previous revision) stay.
        await Eventually.HoldsAsync(async () => (await ReplicaSetsAsync("web")).Count == 2, "two ReplicaSets left");
        var revisions = (await ReplicaSetsAsync("web")).Select(rs => rs.Metadata.Annotations["deployment.kubernetes.io/revision"]).Order();
        Assert.Equal(["3", "4"], revisions);
    }

    [Fact]
    public async Task A_rollout_whose_pods_never_become_ready_exceeds_its_progress_deadline()
    {
        StartControllers();
        var deployment = Deployments.Deployment(Ns, "web", 2);
        deployment.Spec.ProgressDeadlineSeconds = 2;
        deployment.Spec.Template.Metadata.Annotations = new Dictionary<string, string> { [ReadyPods.NeverReadyAnnotation] = "true" };
        await cluster.Client.CreateAsync(deployment);

        var d = await WaitForConditionAsync("web", "Progressing", "False", "ProgressDeadlineExceeded", null);
        var rs = Assert.Single(await ReplicaSetsAsync("web"));
        Assert.Equal($"ReplicaSet \"{rs.Metadata.Name}\" has timed out progressing.", DeploymentConditions.Get(d.Status, "Progressing")!.Message);
        var available = DeploymentConditions.Get(d.Status, "Available")!;
        Assert.Equal(("False", "MinimumReplicasUnavailable"), (available.Status, available.Reason));
    }

    [Fact]
    public async Task A_matching_orphan_replica_set_with_the_same_template_is_adopted_as_the_new_one()
    {
        StartControllers();
        var template = Deployments.Template("web", "nginx:1.17");
        await cluster.Client.CreateAsync(new V1ReplicaSet
        {
            ApiVersion = "apps/v1",
            Kind = "ReplicaSet",
            Metadata = new V1ObjectMeta { Name = "by-hand", NamespaceProperty = Ns, Labels = new Dictionary<string, string> { ["app"] = "web" } },
            Spec = new V1ReplicaSetSpec
            {
                Replicas = 2,
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
                Template = template,
            },
        });
        var d = await cluster.Client.CreateAsync(Deployments.Deployment(Ns, "web", 2));

        await WaitForCompleteAsync("web");
        var rs = Assert.Single(await ReplicaSetsAsync("web"));
        Assert.Equal("by-hand", rs.Metadata.Name);
        Assert.Equal(d.Metadata.Uid, rs.Metadata.OwnerReferences.Single().Uid);
        Assert.Equal("1", rs.Metadata.Annotations["deployment.kubernetes.io/revision"]);
    }

    [Fact]
    public async Task A_template_change_mid_rollout_scales_the_unfinished_replica_set_down_first_and_rolls_over_to_the_newest()
    {
        // 10 replicas, maxSurge 3, maxUnavailable 2: at most 13 pods, at least 8 available.
        StartControllers();
        var samples = new RolloutSamples(cluster, Ns);
        var generation = (await cluster.Client.CreateAsync(Deployments.Deployment(Ns, "web", 10, maxSurge: "3", maxUnavailable: "2"))).Metadata.Generation;
        await WaitForCompleteAsync("web");
        var v1 = Assert.Single(await ReplicaSetsAsync("web")).Metadata.Name;

        // v2's pods never become ready, so its rollout stops half way (upstream's case 2 of reconcileOldReplicaSets):
        // v1 8 + v2 5 = 13 pods, 8 available, and 13 - 8 - 5 unavailable = 0 old pods may go.
        samples.Start();
        await PatchTemplateAsync("web", "nginx:1.18", neverReady: true);
        var v2 = await WaitForSizesAsync(v1, 8, 5);

        // v3 starts at 0 (13 pods already); v2's 5 unavailable pods are the ones that can go without costing
        // availability (upstream's cleanupUnhealthyReplicas), so v2 goes to 0 while v1 still has its 8.
        await PatchTemplateAsync("web", "nginx:1.19", neverReady: false);
        var done = await WaitForCompleteAsync("web", generation + 2);

        var sets = await ReplicaSetsAsync("web");
        Assert.Equal(3, sets.Count);
        var v3 = sets.Single(rs => rs.Metadata.Name != v1 && rs.Metadata.Name != v2);
        Assert.Equal("nginx:1.19", v3.Spec.Template.Spec.Containers[0].Image);
        Assert.Equal([(v1, "1", 0), (v2, "2", 0), (v3.Metadata.Name, "3", 10)],
            sets.OrderBy(rs => rs.Metadata.Annotations["deployment.kubernetes.io/revision"], StringComparer.Ordinal)
                .Select(rs => (rs.Metadata.Name, rs.Metadata.Annotations["deployment.kubernetes.io/revision"], rs.Spec.Replicas!.Value)));
        Assert.Equal("3", done.Metadata.Annotations["deployment.kubernetes.io/revision"]);

        var v2Emptied = samples.FirstSizes(sizes => sizes.Count == 3 && sizes[v2] == 0);
        Assert.NotNull(v2Emptied);
        Assert.Equal(8, v2Emptied[v1]);
        await WaitForEventAsync($"Scaled down replica set {v2} from 5 to 0");

        Assert.InRange(samples.MaxPods, 10, 13);
        Assert.InRange(samples.MaxReplicaSetTotal, 10, 13);
        Assert.InRange(samples.MinAvailable, 8, 10);
        var pods = await Eventually.ReturnsAsync(async () => (await cluster.Client.ListAsync<V1Pod>(Ns)).Items, items => items.Count == 10,
            TimeSpan.FromSeconds(20), "10 pods left");
        Assert.All(pods, pod => Assert.Equal(v3.Metadata.Labels["pod-template-hash"], pod.Metadata.Labels["pod-template-hash"]));
    }

    [Fact]
    public async Task Scaling_mid_rollout_spreads_the_change_over_the_replica_sets_in_proportion()
    {
        // The upstream docs' example: 10 replicas, maxSurge 3, maxUnavailable 2, a new template whose pods never
        // start: the rollout stops at old 8 + new 5.
        StartControllers();
        await cluster.Client.CreateAsync(Deployments.Deployment(Ns, "web", 10, maxSurge: "3", maxUnavailable: "2"));
        await WaitForCompleteAsync("web");
        var old = Assert.Single(await ReplicaSetsAsync("web")).Metadata.Name;
        await PatchTemplateAsync("web", "nginx:1.18", neverReady: true);
        var @new = await WaitForSizesAsync(old, 8, 5);

        // 15 replicas allow 18 pods, 5 more than the 13 there: old round(8·18/13 = 11.08) = 11 (+3), new gets the
        // 2 left (its own share, round(5·18/13 = 6.92) = 7, is +2 too).
        await cluster.Client.PatchAsync<V1Deployment>(Ns, "web", PatchKind.Merge, """{"spec":{"replicas":15}}""");
        await WaitForSizesAsync(old, 11, 7);
        await WaitForEventAsync($"Scaled up replica set {old} from 8 to 11");
        await WaitForEventAsync($"Scaled up replica set {@new} from 5 to 7");
        // The rollout is still stuck where it was: 18 - 13 available minimum - 7 unavailable new pods < 0.
        await Eventually.KeepsHoldingAsync(async () => (await ReplicaSetsAsync("web")).All(rs => rs.Spec.Replicas == (rs.Metadata.Name == old ? 11 : 7)),
            "the sizes stay 11 and 7", TimeSpan.FromSeconds(1));
        Assert.All(await ReplicaSetsAsync("web"), rs => Assert.Equal(("15", "18"),
            (rs.Metadata.Annotations["deployment.kubernetes.io/desired-replicas"], rs.Metadata.Annotations["deployment.kubernetes.io/max-replicas"])));

        // Down to 5 (8 allowed, 10 fewer): the larger old set first, round(11·8/18 = 4.89) = 5 (−6), then the new
        // one round(7·8/18 = 3.11) = 3 (−4).
        await cluster.Client.PatchAsync<V1Deployment>(Ns, "web", PatchKind.Merge, """{"spec":{"replicas":5}}""");
        await WaitForEventAsync($"Scaled down replica set {old} from 11 to 5");
        await WaitForEventAsync($"Scaled down replica set {@new} from 7 to 3");
    }

    private void StartControllers()
    {
        var rsEvents = new EventRecorder(cluster.Client, "replicaset-controller", cluster.Time, cluster.Loggers.CreateLogger("events"));
        var deploymentEvents = new EventRecorder(cluster.Client, "deployment-controller", cluster.Time, cluster.Loggers.CreateLogger("events"));
        cluster.Run(rsEvents.RunAsync);
        cluster.Run(deploymentEvents.RunAsync);
        cluster.Run(new ReplicaSetController<V1ReplicaSet>(cluster.Client, cluster.Informers, new ReplicaSetKind(), rsEvents,
            cluster.Time, cluster.Loggers.CreateLogger("rs"), workers: 2));
        cluster.Run(new DeploymentController(cluster.Client, cluster.Informers, deploymentEvents, cluster.Time, cluster.Loggers.CreateLogger("deployment"), workers: 2));
        ReadyPods.Run(cluster);
    }

    private async Task<V1Deployment> PatchTemplateAsync(string name, string image, bool neverReady) =>
        await cluster.Client.PatchAsync<V1Deployment>(Ns, name, PatchKind.StrategicMerge, JsonSerializer.Serialize(new
        {
            spec = new
            {
                template = new
                {
                    metadata = new { annotations = new Dictionary<string, string?> { [ReadyPods.NeverReadyAnnotation] = neverReady ? "true" : null } },
                    spec = new { containers = new[] { new { name = "nginx", image } } },
                },
            },
        }));

    /// <summary>Waits until the deployment has exactly two ReplicaSets, the named old one and another; returns the other's name.</summary>
    private async Task<string> WaitForSizesAsync(string old, int oldSize, int newSize)
    {
        var sets = await Eventually.ReturnsAsync(() => ReplicaSetsAsync("web"), sets => sets.Count == 2 &&
            sets.Single(rs => rs.Metadata.Name == old).Spec.Replicas == oldSize && sets.Single(rs => rs.Metadata.Name != old).Spec.Replicas == newSize,
            TimeSpan.FromSeconds(20), $"old {oldSize} and new {newSize}");
        return sets.Single(rs => rs.Metadata.Name != old).Metadata.Name;
    }

    private async Task<V1Deployment> SetImageAsync(string name, string image) =>
        await cluster.Client.PatchAsync<V1Deployment>(Ns, name, PatchKind.StrategicMerge,
            JsonSerializer.Serialize(new { spec = new { template = new { spec = new { containers = new[] { new { name = "nginx", image } } } } } }));

    private async Task<List<V1ReplicaSet>> ReplicaSetsAsync(string deployment) =>
        [.. (await cluster.Client.ListAsync<V1ReplicaSet>(Ns)).Items.Where(rs => rs.Metadata.OwnerReferences?.Any(o => o.Controller == true && o.Name == deployment) == true)];

    /// <summary>Waits until the deployment's rollout of (at least) the given generation is complete, as `kubectl rollout status` judges it.</summary>
    private async Task<V1Deployment> WaitForCompleteAsync(string name, long? generation = null) =>
        await Eventually.ReturnsAsync(() => cluster.Client.GetAsync<V1Deployment>(Ns, name), d =>
            d.Status?.ObservedGeneration >= (generation ?? d.Metadata.Generation) && d.Status.ObservedGeneration >= d.Metadata.Generation &&
            d.Status.UpdatedReplicas == d.Spec.Replicas && d.Status.Replicas == d.Spec.Replicas && d.Status.AvailableReplicas == d.Spec.Replicas &&
            DeploymentConditions.Get(d.Status, "Progressing")?.Reason == "NewReplicaSetAvailable",
            TimeSpan.FromSeconds(30), $"deployment {name} rolled out");

    private async Task<V1Deployment> WaitForConditionAsync(string name, string type, string status, string reason, string? message) =>
        await Eventually.ReturnsAsync(() => cluster.Client.GetAsync<V1Deployment>(Ns, name), d =>
            DeploymentConditions.Get(d.Status, type) is { } c && c.Status == status && c.Reason == reason && (message is null || c.Message == message),
            TimeSpan.FromSeconds(20), $"{type}={status} ({reason}) on {name}");

    private async Task WaitForEventAsync(string prefix, string? suffix = null) =>
        await Eventually.HoldsAsync(async () => (await cluster.Client.ListAsync<Corev1Event>(Ns)).Items.Any(e =>
            e.Reason == "ScalingReplicaSet" && e.Source?.Component == "deployment-controller" &&
            e.Message.StartsWith(prefix, StringComparison.Ordinal) && (suffix is null || e.Message.EndsWith(suffix, StringComparison.Ordinal))),
            $"a ScalingReplicaSet event \"{prefix}...{suffix}\"");
}
