using k8s.Models;
using Skiff.Client;
using Skiff.Client.Events;
using Skiff.Controllers.ReplicaSet;
using Skiff.Controllers.Tests.Infrastructure;
using Skiff.Testing;

namespace Skiff.Controllers.Tests.ReplicaSet;

public sealed class ReplicaSetControllerTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string> Labels = new() { ["app"] = "nginx" };
    private TestCluster cluster = null!;

    public async Task InitializeAsync()
    {
        cluster = await TestCluster.StartAsync();
        await cluster.Client.CreateAsync(Manifests.Namespace("rs"));
    }

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    [Fact]
    public async Task CreatesTheMissingPodsWithOwnerReferencesAndReportsStatus()
    {
        StartReplicaSetController(cluster.Client);
        var rs = await cluster.Client.CreateAsync(Manifests.ReplicaSet("rs", "web", 3, MatchLabels(), Labels));

        var pods = await WaitForPodsAsync("web", 3);
        Assert.All(pods, pod =>
        {
            Assert.Matches("^web-[a-z0-9]{5}$", pod.Metadata.Name);
            var owner = Assert.Single(pod.Metadata.OwnerReferences);
            Assert.Equal(("apps/v1", "ReplicaSet", "web", rs.Metadata.Uid, true, true),
                (owner.ApiVersion, owner.Kind, owner.Name, owner.Uid, owner.Controller, owner.BlockOwnerDeletion));
            Assert.Equal("nginx", pod.Metadata.Labels["app"]);
        });
        await Eventually.HoldsAsync(async () =>
        {
            var current = await cluster.Client.GetAsync<V1ReplicaSet>("rs", "web");
            return current.Status is { Replicas: 3, FullyLabeledReplicas: 3, ReadyReplicas: null or 0 } && current.Status.ObservedGeneration == current.Metadata.Generation;
        }, "status.replicas 3 observed at the current generation");
        await Eventually.HoldsAsync(async () =>
        {
            var events = (await cluster.Client.ListAsync<Corev1Event>("rs")).Items;
            return events.Count(e => e.Reason == "SuccessfulCreate" && e.InvolvedObject.Name == "web" && e.Message.StartsWith("Created pod: web-", StringComparison.Ordinal)) == 3;
        }, "three SuccessfulCreate events on the ReplicaSet");
    }

    [Fact]
    public async Task ReplacesADeletedPodAndDeletesASurplusBarePod()
    {
        StartReplicaSetController(cluster.Client);
        await cluster.Client.CreateAsync(Manifests.ReplicaSet("rs", "web", 3, MatchLabels(), Labels));
        var pods = await WaitForPodsAsync("web", 3);

        await cluster.Client.DeleteAsync<V1Pod>("rs", pods[0].Metadata.Name, new V1DeleteOptions { GracePeriodSeconds = 0 });
        var replaced = await WaitForPodsAsync("web", 3, except: pods[0].Metadata.Name);
        Assert.DoesNotContain(replaced, p => p.Metadata.Name == pods[0].Metadata.Name);

        // A bare pod with matching labels is adopted, making 4; the newest (unassigned, pending, youngest) goes.
        await cluster.Client.CreateAsync(Manifests.Pod("rs", "by-hand", Labels));
        await Eventually.HoldsAsync(async () =>
        {
            var all = (await cluster.Client.ListAsync<V1Pod>("rs")).Items.Where(p => p.Metadata.DeletionTimestamp is null).ToList();
            return all.Count == 3;
        }, "back to 3 pods after a matching bare pod appeared");
        await Eventually.HoldsAsync(async () =>
            (await cluster.Client.ListAsync<Corev1Event>("rs")).Items.Any(e => e.Reason == "SuccessfulDelete"), "a SuccessfulDelete event");
    }

    [Fact]
    public async Task ScalesUpAndDown()
    {
        StartReplicaSetController(cluster.Client);
        await cluster.Client.CreateAsync(Manifests.ReplicaSet("rs", "web", 2, MatchLabels(), Labels));
        await WaitForPodsAsync("web", 2);

        await cluster.Client.PatchAsync<V1ReplicaSet>("rs", "web", PatchKind.Merge, """{"spec":{"replicas":5}}""");
        await WaitForPodsAsync("web", 5);
        await cluster.Client.PatchAsync<V1ReplicaSet>("rs", "web", PatchKind.Merge, """{"spec":{"replicas":1}}""");
        await WaitForPodsAsync("web", 1);
        await Eventually.HoldsAsync(async () => (await cluster.Client.GetAsync<V1ReplicaSet>("rs", "web")).Status?.Replicas == 1, "status.replicas 1");
    }

    [Fact]
    public async Task MatchExpressionsSelectTheirPods()
    {
        StartReplicaSetController(cluster.Client);
        var selector = new V1LabelSelector
        {
            MatchExpressions =
            [
                new V1LabelSelectorRequirement { Key = "tier", OperatorProperty = "In", Values = ["frontend"] },
                new V1LabelSelectorRequirement { Key = "env", OperatorProperty = "NotIn", Values = ["dev"] },
                new V1LabelSelectorRequirement { Key = "app", OperatorProperty = "Exists" },
            ],
        };
        var labels = new Dictionary<string, string> { ["app"] = "web", ["tier"] = "frontend", ["env"] = "prod" };
        await cluster.Client.CreateAsync(Manifests.ReplicaSet("rs", "front", 2, selector, labels));
        await WaitForPodsAsync("front", 2);

        // A dev pod does not match (NotIn), so it is neither adopted nor deleted.
        await cluster.Client.CreateAsync(Manifests.Pod("rs", "dev-pod", new Dictionary<string, string> { ["app"] = "web", ["tier"] = "frontend", ["env"] = "dev" }));
        await WaitForPodsAsync("front", 2);
        var dev = await cluster.Client.GetAsync<V1Pod>("rs", "dev-pod");
        Assert.Null(dev.Metadata.OwnerReferences);
    }

    [Fact]
    public async Task ReleasesAPodWhoseLabelsStopMatchingAndReplacesIt()
    {
        StartReplicaSetController(cluster.Client);
        await cluster.Client.CreateAsync(Manifests.ReplicaSet("rs", "web", 2, MatchLabels(), Labels));
        var pods = await WaitForPodsAsync("web", 2);

        await cluster.Client.PatchAsync<V1Pod>("rs", pods[0].Metadata.Name, PatchKind.Merge, """{"metadata":{"labels":{"app":"debug"}}}""");
        await Eventually.HoldsAsync(async () =>
            (await cluster.Client.GetAsync<V1Pod>("rs", pods[0].Metadata.Name)).Metadata.OwnerReferences is null or { Count: 0 },
            "the relabelled pod is released");
        await WaitForPodsAsync("web", 2, except: pods[0].Metadata.Name);
    }

    [Fact]
    public async Task CountsReadyAndAvailablePods()
    {
        StartReplicaSetController(cluster.Client);
        await cluster.Client.CreateAsync(Manifests.ReplicaSet("rs", "web", 2, MatchLabels(), Labels));
        var pods = await WaitForPodsAsync("web", 2);
        foreach (var pod in pods)
        {
            var fresh = await cluster.Client.GetAsync<V1Pod>("rs", pod.Metadata.Name);
            fresh.Status = new V1PodStatus
            {
                Phase = "Running",
                Conditions = [new V1PodCondition { Type = "Ready", Status = "True", LastTransitionTime = DateTime.UtcNow }],
            };
            await cluster.Client.UpdateStatusAsync(fresh);
        }

        await Eventually.HoldsAsync(async () =>
            (await cluster.Client.GetAsync<V1ReplicaSet>("rs", "web")).Status is { ReadyReplicas: 2, AvailableReplicas: 2 },
            "two ready and available replicas");
    }

    [Fact]
    public async Task ReportsReplicaFailureWhileCreationsFail()
    {
        var failing = new FailingPodCreates(cluster.Client) { Failing = true };
        StartReplicaSetController(failing);
        await cluster.Client.CreateAsync(Manifests.ReplicaSet("rs", "web", 3, MatchLabels(), Labels));

        await Eventually.HoldsAsync(async () =>
        {
            var rs = await cluster.Client.GetAsync<V1ReplicaSet>("rs", "web");
            return rs.Status?.Conditions?.Any(c => c is { Type: "ReplicaFailure", Status: "True", Reason: "FailedCreate" } && c.Message.Contains("exceeded quota", StringComparison.Ordinal)) == true;
        }, "a ReplicaFailure condition with reason FailedCreate");
        await Eventually.HoldsAsync(async () =>
            (await cluster.Client.ListAsync<Corev1Event>("rs")).Items.Any(e => e is { Reason: "FailedCreate", Type: "Warning" }), "a FailedCreate warning event");

        failing.Failing = false;
        await WaitForPodsAsync("web", 3);
        await Eventually.HoldsAsync(async () =>
            (await cluster.Client.GetAsync<V1ReplicaSet>("rs", "web")).Status?.Conditions is null or { Count: 0 },
            "the ReplicaFailure condition is removed once creations succeed");
    }

    [Fact]
    public async Task ReplicationControllersWorkTheSameWay()
    {
        var events = new EventRecorder(cluster.Client, "replication-controller", cluster.Time, cluster.Loggers.CreateLogger("events"));
        cluster.Run(events.RunAsync);
        cluster.Run(new ReplicaSetController<V1ReplicationController>(cluster.Client, cluster.Informers, new ReplicationControllerKind(), events,
            cluster.Time, cluster.Loggers.CreateLogger("rc"), workers: 2).RunAsync);
        var rc = await cluster.Client.CreateAsync(Manifests.ReplicationController("rs", "nginx", 3, Labels));

        var pods = await WaitForPodsAsync("nginx", 3);
        Assert.All(pods, p => Assert.Equal(("v1", "ReplicationController", rc.Metadata.Uid), (p.Metadata.OwnerReferences[0].ApiVersion, p.Metadata.OwnerReferences[0].Kind, p.Metadata.OwnerReferences[0].Uid)));
        await Eventually.HoldsAsync(async () =>
            (await cluster.Client.GetAsync<V1ReplicationController>("rs", "nginx")).Status is { Replicas: 3, FullyLabeledReplicas: 3, ObservedGeneration: 1 },
            "RC status replicas 3");
    }

    private void StartReplicaSetController(IKubeClient client)
    {
        var events = new EventRecorder(client, "replicaset-controller", cluster.Time, cluster.Loggers.CreateLogger("events"));
        cluster.Run(events.RunAsync);
        cluster.Run(new ReplicaSetController<V1ReplicaSet>(client, cluster.Informers, new ReplicaSetKind(), events,
            cluster.Time, cluster.Loggers.CreateLogger("rs"), workers: 2).RunAsync);
    }

    private static V1LabelSelector MatchLabels() => new() { MatchLabels = new Dictionary<string, string>(Labels) };

    /// <summary>Waits until exactly <paramref name="count"/> live pods are controlled by the named owner.</summary>
    private async Task<List<V1Pod>> WaitForPodsAsync(string owner, int count, string? except = null)
    {
        List<V1Pod> owned = [];
        await Eventually.HoldsAsync(async () =>
        {
            owned = [.. (await cluster.Client.ListAsync<V1Pod>("rs")).Items.Where(p =>
                p.Metadata.DeletionTimestamp is null && p.Metadata.Name != except &&
                p.Metadata.OwnerReferences?.Any(o => o.Controller == true && o.Name == owner) == true)];
            var all = (await cluster.Client.ListAsync<V1Pod>("rs")).Items.Count(p =>
                p.Metadata.DeletionTimestamp is null && p.Metadata.OwnerReferences?.Any(o => o.Name == owner) == true);
            return owned.Count == count && all == count;
        }, $"{count} pods of {owner}");
        return owned;
    }
}
