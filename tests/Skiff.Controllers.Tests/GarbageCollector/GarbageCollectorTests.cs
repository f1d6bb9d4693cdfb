using k8s.Models;
using Microsoft.Extensions.Logging;
using Skiff.Client.Events;
using Skiff.Controllers.GarbageCollector;
using Skiff.Controllers.ReplicaSet;
using Skiff.Controllers.Tests.Infrastructure;
using Skiff.Testing;
using static Skiff.Controllers.Tests.Infrastructure.Ownership;

namespace Skiff.Controllers.Tests.GarbageCollector;

public sealed class GarbageCollectorTests : IAsyncLifetime
{
    private const string Ns = "gc";
    private static readonly Dictionary<string, string> Labels = new() { ["app"] = "nginx" };
    private TestCluster cluster = null!;

    public async Task InitializeAsync()
    {
        cluster = await TestCluster.StartAsync();
        await cluster.Client.CreateAsync(Manifests.Namespace(Ns));
    }

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    [Fact]
    public async Task BackgroundDeletionRemovesTheOwnerAtOnceAndItsPodsAfterwards()
    {
        StartReplicaSetController();
        StartGarbageCollector();
        var rs = await cluster.Client.CreateAsync(Manifests.ReplicaSet(Ns, "web", 3, MatchLabels(), Labels));
        await WaitForCachedPodsAsync(3);

        await cluster.Client.DeleteAsync<V1ReplicaSet>(Ns, "web", new V1DeleteOptions { PropagationPolicy = "Background" });

        Assert.Null(await FindAsync<V1ReplicaSet>(cluster.Client, Ns, "web"));
        await Eventually.HoldsAsync(async () => !(await PodsAsync()).Any(p => p.Metadata.OwnerReferences?.Any(o => o.Uid == rs.Metadata.Uid) == true),
            "the ReplicaSet's pods are collected");
    }

    [Fact]
    public async Task ForegroundDeletionKeepsTheOwnerUntilItsBlockingDependentsAreGone()
    {
        StartGarbageCollector();
        var owner = await cluster.Client.CreateAsync(Manifests.ReplicaSet(Ns, "web", 2, MatchLabels(), Labels));
        await cluster.Client.CreateAsync(Pod(Ns, "free", [Reference(owner)]));
        await cluster.Client.CreateAsync(Pod(Ns, "held", [Reference(owner)], held: true));
        await cluster.Client.CreateAsync(ConfigMap(Ns, "not-blocking", [Reference(owner, blockOwnerDeletion: false)], held: true));

        await cluster.Client.DeleteAsync<V1ReplicaSet>(Ns, "web", new V1DeleteOptions { PropagationPolicy = "Foreground" });

        await Eventually.HoldsAsync(async () =>
            await FindAsync<V1Pod>(cluster.Client, Ns, "free") is null &&
            (await cluster.Client.GetAsync<V1Pod>(Ns, "held")).Metadata.DeletionTimestamp is not null,
            "the free pod is deleted and the held one is terminating");
        var waiting = await cluster.Client.GetAsync<V1ReplicaSet>(Ns, "web");
        Assert.NotNull(waiting.Metadata.DeletionTimestamp);
        Assert.Equal(new[] { GarbageCollectorController.ForegroundFinalizer }, waiting.Metadata.Finalizers);

        // The last blocking dependent goes: so does the owner. The non-blocking one never held it back.
        await ReleaseAsync<V1Pod>(cluster.Client, Ns, "held");
        await Eventually.HoldsAsync(async () => await FindAsync<V1ReplicaSet>(cluster.Client, Ns, "web") is null, "the owner is deleted");
        await Eventually.HoldsAsync(async () => (await cluster.Client.GetAsync<V1ConfigMap>(Ns, "not-blocking")).Metadata.DeletionTimestamp is not null,
            "the non-blocking dependent is collected once its owner is gone");
    }

    [Fact]
    public async Task ForegroundDeletionGoesDownAChainOfOwners()
    {
        StartGarbageCollector();
        var top = await cluster.Client.CreateAsync(ConfigMap(Ns, "top"));
        var middle = Manifests.ReplicaSet(Ns, "middle", 1, MatchLabels(), Labels);
        middle.Metadata.OwnerReferences = [Reference(top)];
        middle = await cluster.Client.CreateAsync(middle);
        await cluster.Client.CreateAsync(Pod(Ns, "bottom", [Reference(middle)], held: true));

        await cluster.Client.DeleteAsync<V1ConfigMap>(Ns, "top", new V1DeleteOptions { PropagationPolicy = "Foreground" });

        // The middle owner has dependents of its own, so it is deleted in the foreground too; everything waits for the bottom.
        await Eventually.HoldsAsync(async () =>
            (await cluster.Client.GetAsync<V1ReplicaSet>(Ns, "middle")).Metadata.Finalizers?.Contains(GarbageCollectorController.ForegroundFinalizer) == true &&
            (await cluster.Client.GetAsync<V1Pod>(Ns, "bottom")).Metadata.DeletionTimestamp is not null,
            "the middle owner deletes in the foreground and the bottom pod is terminating");
        Assert.Contains(GarbageCollectorController.ForegroundFinalizer, (await cluster.Client.GetAsync<V1ConfigMap>(Ns, "top")).Metadata.Finalizers);

        await ReleaseAsync<V1Pod>(cluster.Client, Ns, "bottom");
        await Eventually.HoldsAsync(async () =>
            await FindAsync<V1ConfigMap>(cluster.Client, Ns, "top") is null && await FindAsync<V1ReplicaSet>(cluster.Client, Ns, "middle") is null,
            "the whole chain is deleted");
    }

    [Fact]
    public async Task OrphanDeletionRemovesTheOwnerReferencesAndKeepsThePods()
    {
        StartReplicaSetController();
        StartGarbageCollector();
        await cluster.Client.CreateAsync(Manifests.ReplicaSet(Ns, "web", 3, MatchLabels(), Labels));
        await WaitForCachedPodsAsync(3);

        await cluster.Client.DeleteAsync<V1ReplicaSet>(Ns, "web", new V1DeleteOptions { PropagationPolicy = "Orphan" });

        await Eventually.HoldsAsync(async () => await FindAsync<V1ReplicaSet>(cluster.Client, Ns, "web") is null, "the owner goes once its pods are orphaned");
        var pods = await PodsAsync();
        Assert.Equal(3, pods.Count);
        Assert.All(pods, p =>
        {
            Assert.True(p.Metadata.OwnerReferences is null or { Count: 0 }, $"{p.Metadata.Name} still has owner references");
            Assert.Null(p.Metadata.DeletionTimestamp);
        });
    }

    [Fact]
    public async Task ADependentWithAnotherOwnerStaysAndLosesOnlyTheDanglingReference()
    {
        StartGarbageCollector();
        var first = await cluster.Client.CreateAsync(ConfigMap(Ns, "first"));
        var second = await cluster.Client.CreateAsync(ConfigMap(Ns, "second"));
        await cluster.Client.CreateAsync(ConfigMap(Ns, "shared", [Reference(first), Reference(second)]));

        await cluster.Client.DeleteAsync<V1ConfigMap>(Ns, "first");

        await Eventually.HoldsAsync(async () =>
            (await cluster.Client.GetAsync<V1ConfigMap>(Ns, "shared")).Metadata.OwnerReferences?.Select(o => o.Uid).SequenceEqual([second.Metadata.Uid]) == true,
            "the reference to the deleted owner is removed");
        var shared = await cluster.Client.GetAsync<V1ConfigMap>(Ns, "shared");
        Assert.Null(shared.Metadata.DeletionTimestamp);
        Assert.NotNull(await FindAsync<V1ConfigMap>(cluster.Client, Ns, "second"));
    }

    [Fact]
    public async Task DependentsWhoseOwnersVanishedWhileTheCollectorWasDownAreCollected()
    {
        var owner = await cluster.Client.CreateAsync(ConfigMap(Ns, "owner"));
        await cluster.Client.CreateAsync(Pod(Ns, "dependent", [Reference(owner)]));
        // An owner deleted and created again under the same name is another object: its old dependents are garbage too.
        var replaced = await cluster.Client.CreateAsync(ConfigMap(Ns, "replaced"));
        await cluster.Client.CreateAsync(ConfigMap(Ns, "dependent-of-replaced", [Reference(replaced, blockOwnerDeletion: false)]));
        var keeper = await cluster.Client.CreateAsync(ConfigMap(Ns, "keeper"));
        await cluster.Client.CreateAsync(ConfigMap(Ns, "kept", [Reference(keeper)]));
        await cluster.Client.DeleteAsync<V1ConfigMap>(Ns, "owner");
        await cluster.Client.DeleteAsync<V1ConfigMap>(Ns, "replaced");
        await cluster.Client.CreateAsync(ConfigMap(Ns, "replaced"));
        Assert.NotNull(await FindAsync<V1Pod>(cluster.Client, Ns, "dependent"));

        StartGarbageCollector();

        await Eventually.HoldsAsync(async () =>
            await FindAsync<V1Pod>(cluster.Client, Ns, "dependent") is null &&
            await FindAsync<V1ConfigMap>(cluster.Client, Ns, "dependent-of-replaced") is null,
            "dependents of vanished owners are collected");
        Assert.NotNull(await FindAsync<V1ConfigMap>(cluster.Client, Ns, "replaced"));
        Assert.NotNull(await FindAsync<V1ConfigMap>(cluster.Client, Ns, "kept"));
    }

    [Fact]
    public async Task ReplicationControllersCascadeLikeReplicaSets()
    {
        var events = new EventRecorder(cluster.Client, "replication-controller", cluster.Time, cluster.Loggers.CreateLogger("events"));
        cluster.Run(events.RunAsync);
        cluster.Run(new ReplicaSetController<V1ReplicationController>(cluster.Client, cluster.Informers, new ReplicationControllerKind(), events,
            cluster.Time, cluster.Loggers.CreateLogger("rc"), workers: 2));
        StartGarbageCollector();
        await cluster.Client.CreateAsync(Manifests.ReplicationController(Ns, "nginx", 2, Labels));
        await WaitForCachedPodsAsync(2);

        await cluster.Client.DeleteAsync<V1ReplicationController>(Ns, "nginx", new V1DeleteOptions { PropagationPolicy = "Foreground" });

        await Eventually.HoldsAsync(async () => await FindAsync<V1ReplicationController>(cluster.Client, Ns, "nginx") is null, "the RC is deleted");
        // Foreground: the owner goes only after its pods, so none can be left by now.
        Assert.Empty(await PodsAsync());
    }

    private void StartGarbageCollector() =>
        cluster.Run(new GarbageCollectorController(cluster.Client, cluster.Informers, cluster.Objects.Registry, cluster.Time,
            cluster.Loggers.CreateLogger("gc"), workers: 4));

    private void StartReplicaSetController()
    {
        var events = new EventRecorder(cluster.Client, "replicaset-controller", cluster.Time, cluster.Loggers.CreateLogger("events"));
        cluster.Run(events.RunAsync);
        cluster.Run(new ReplicaSetController<V1ReplicaSet>(cluster.Client, cluster.Informers, new ReplicaSetKind(), events,
            cluster.Time, cluster.Loggers.CreateLogger("rs"), workers: 2));
    }

    private static V1LabelSelector MatchLabels() => new() { MatchLabels = new Dictionary<string, string>(Labels) };

    private async Task<IReadOnlyList<V1Pod>> PodsAsync() => (await cluster.Client.ListAsync<V1Pod>(Ns)).Items;

    /// <summary>
    /// Waits until the shared pod cache (the one the collector reads its dependents from) holds the pods, so that
    /// a deletion right after sees all of them, as it would a moment later in a real cluster.
    /// </summary>
    private Task WaitForCachedPodsAsync(int count) =>
        Eventually.HoldsAsync(() => Task.FromResult(cluster.Informers.For<V1Pod>().Cache.InNamespace(Ns).Count(p => p.Metadata.DeletionTimestamp is null) == count),
            $"{count} pods in the shared cache");
}
