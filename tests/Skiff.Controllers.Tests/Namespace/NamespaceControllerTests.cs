using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Skiff.Client;
using Skiff.Client.Events;
using Skiff.Controllers.GarbageCollector;
using Skiff.Controllers.Namespace;
using Skiff.Controllers.ReplicaSet;
using Skiff.Controllers.Tests.Infrastructure;
using Skiff.Testing;
using static Skiff.Controllers.Tests.Infrastructure.Ownership;

namespace Skiff.Controllers.Tests.Namespace;

public sealed class NamespaceControllerTests
{
    private static readonly Dictionary<string, string> Labels = new() { ["app"] = "nginx" };

    [Fact]
    public async Task DeletingANamespaceEmptiesItAndThenRemovesIt()
    {
        await using var cluster = await TestCluster.StartAsync();
        await cluster.Client.CreateAsync(Manifests.Namespace("doomed"));
        var events = new EventRecorder(cluster.Client, "replicaset-controller", cluster.Time, cluster.Loggers.CreateLogger("events"));
        cluster.Run(events.RunAsync);
        cluster.Run(new ReplicaSetController<V1ReplicaSet>(cluster.Client, cluster.Informers, new ReplicaSetKind(), events,
            cluster.Time, cluster.Loggers.CreateLogger("rs"), workers: 2));
        cluster.Run(new GarbageCollectorController(cluster.Client, cluster.Informers, cluster.Objects.Registry, cluster.Time,
            cluster.Loggers.CreateLogger("gc"), workers: 4));
        cluster.Run(NamespaceController(cluster, TimeSpan.Zero));
        await cluster.Client.CreateAsync(Manifests.ReplicaSet("doomed", "web", 3, new V1LabelSelector { MatchLabels = Labels }, Labels));
        await cluster.Client.CreateAsync(ConfigMap("doomed", "settings"));
        await cluster.Client.CreateAsync(new V1Secret { ApiVersion = "v1", Kind = "Secret", Metadata = new V1ObjectMeta { Name = "token", NamespaceProperty = "doomed" } });
        await Eventually.HoldsAsync(async () => (await cluster.Client.ListAsync<V1Pod>("doomed")).Items.Count == 3, "three pods");
        await Eventually.HoldsAsync(async () => (await cluster.Client.ListAsync<Corev1Event>("doomed")).Items.Count > 0, "the ReplicaSet's events");

        await cluster.Client.DeleteAsync<V1Namespace>(null, "doomed");

        await Eventually.HoldsAsync(async () => await FindAsync<V1Namespace>(cluster.Client, null, "doomed") is null, "the namespace is removed");
        Assert.Empty((await cluster.Client.ListAsync<V1Pod>("doomed")).Items);
        Assert.Empty((await cluster.Client.ListAsync<V1ReplicaSet>("doomed")).Items);
        Assert.Empty((await cluster.Client.ListAsync<V1ConfigMap>("doomed")).Items);
        Assert.Empty((await cluster.Client.ListAsync<V1Secret>("doomed")).Items);
        Assert.Empty((await cluster.Client.ListAsync<Corev1Event>("doomed")).Items);
    }

    [Fact]
    public async Task ContentHeldByAFinalizerKeepsTheNamespaceTerminatingWithUpstreamsConditions()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var cluster = await TestCluster.StartAsync(clock);
        await cluster.Client.CreateAsync(Manifests.Namespace("held"));
        await cluster.Client.CreateAsync(ConfigMap("held", "pinned", held: true));
        await cluster.Client.CreateAsync(ConfigMap("held", "loose"));
        cluster.Run(NamespaceController(cluster, TimeSpan.FromSeconds(5)));

        await cluster.Client.DeleteAsync<V1Namespace>(null, "held");

        // The fake clock moves a second per look, which lets the controller's delays and requeues come due.
        await WhileTimePassesAsync(clock, async () =>
            ConditionsOf(await cluster.Client.GetAsync<V1Namespace>(null, "held")).Contains(
                "NamespaceFinalizersRemaining True SomeFinalizersRemain Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances"),
            "the namespace reports the finalizer holding its content");
        var ns = await cluster.Client.GetAsync<V1Namespace>(null, "held");
        Assert.Equal("Terminating", ns.Status.Phase);
        Assert.Equal(new[] { "kubernetes" }, ns.Spec.Finalizers);
        Assert.Equal(
            [
                "NamespaceDeletionDiscoveryFailure False ResourcesDiscovered All resources successfully discovered",
                "NamespaceDeletionGroupVersionParsingFailure False ParsedGroupVersions All legacy kube types successfully parsed",
                "NamespaceDeletionContentFailure False ContentDeleted All content successfully deleted, may be waiting on finalization",
                "NamespaceContentRemaining True SomeResourcesRemain Some resources are remaining: configmaps. has 1 resource instances",
                "NamespaceFinalizersRemaining True SomeFinalizersRemain Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances",
            ],
            ConditionsOf(ns));
        Assert.Null(await FindAsync<V1ConfigMap>(cluster.Client, "held", "loose"));
        Assert.NotNull((await cluster.Client.GetAsync<V1ConfigMap>("held", "pinned")).Metadata.DeletionTimestamp);

        await ReleaseAsync<V1ConfigMap>(cluster.Client, "held", "pinned");

        await WhileTimePassesAsync(clock, async () => await FindAsync<V1Namespace>(cluster.Client, null, "held") is null, "the namespace is removed");
    }

    [Fact]
    public async Task TheServerKeepsATerminatingNamespaceUntilItsFinalizersAreRemoved()
    {
        await using var cluster = await TestCluster.StartAsync();
        await cluster.Client.CreateAsync(Manifests.Namespace("kept"));

        await cluster.Client.DeleteAsync<V1Namespace>(null, "kept");
        var ns = await cluster.Client.GetAsync<V1Namespace>(null, "kept");
        Assert.NotNull(ns.Metadata.DeletionTimestamp);
        Assert.Equal("Terminating", ns.Status.Phase);

        // A status write while spec.finalizers remain must not complete the deletion.
        ns.Status.Conditions = [new V1NamespaceCondition { Type = "NamespaceContentRemaining", Status = "True", Reason = "SomeResourcesRemain", Message = "x" }];
        ns = await cluster.Client.UpdateStatusAsync(ns);
        Assert.NotNull(await FindAsync<V1Namespace>(cluster.Client, null, "kept"));

        ns.Spec.Finalizers = [];
        await cluster.Client.UpdateSubresourceAsync(ns, "finalize");
        Assert.Null(await FindAsync<V1Namespace>(cluster.Client, null, "kept"));
    }

    private static NamespaceController NamespaceController(TestCluster cluster, TimeSpan delay) =>
        new(cluster.Client, cluster.Informers, cluster.Objects.Registry, cluster.Time, cluster.Loggers.CreateLogger("ns"), workers: 2, delay);

    private static List<string> ConditionsOf(V1Namespace ns) =>
        [.. (ns.Status?.Conditions ?? []).Select(c => $"{c.Type} {c.Status} {c.Reason} {c.Message}")];

    private static Task WhileTimePassesAsync(FakeTimeProvider clock, Func<Task<bool>> condition, string description) =>
        Eventually.HoldsAsync(async () =>
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            return await condition();
        }, description);
}
