using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Skiff.Client;
using Skiff.Client.Events;
using Skiff.Scheduler.Tests.Infrastructure;
using Skiff.Testing;
using static Skiff.Scheduler.Tests.Infrastructure.TestObjects;

namespace Skiff.Scheduler.Tests;

/// <summary>The scheduler against the real API pipeline (TestCluster): placement, the unschedulable condition and events, retries on new nodes.</summary>
public sealed class SchedulerTests : IAsyncLifetime
{
    private const string Ns = "sched";
    private TestCluster cluster = null!;

    public async Task InitializeAsync()
    {
        cluster = await TestCluster.StartAsync();
        await cluster.Client.CreateAsync(new V1Namespace { ApiVersion = "v1", Kind = "Namespace", Metadata = new V1ObjectMeta { Name = Ns } });
    }

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    [Fact]
    public async Task PlacesAPodOnTheOnlyNodeWithRoomAndRecordsTheScheduledEvent()
    {
        await CreateNodesAsync(Node("small-1", cpu: "1"), Node("small-2", cpu: "1"), Node("big", cpu: "4"));
        StartScheduler();

        await cluster.Client.CreateAsync(Pod("web", cpu: "2", ns: Ns));

        var bound = await WaitForNodeAsync("web");
        Assert.Equal("big", bound.Spec.NodeName);
        var scheduled = Assert.Single(bound.Status.Conditions, c => c.Type == "PodScheduled");
        Assert.Equal("True", scheduled.Status);
        var e = await WaitForEventAsync("web", "Scheduled");
        Assert.Equal(("Normal", "Successfully assigned sched/web to big", "default-scheduler", "default-scheduler"),
            (e.Type, e.Message, e.Source.Component, e.ReportingComponent));
        Assert.Equal(("Pod", "v1"), (e.InvolvedObject.Kind, e.InvolvedObject.ApiVersion));
    }

    [Fact]
    public async Task ATooBigPodStaysPendingWithUpstreamsMessageUntilABigEnoughNodeIsAdded()
    {
        await CreateNodesAsync(Node("n1"), Node("n2"), Node("n3"));
        StartScheduler();

        await cluster.Client.CreateAsync(Pod("huge", cpu: "10", ns: Ns));

        const string message = "0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.";
        var condition = await WaitForConditionAsync("huge", c => c.Status == "False");
        Assert.Equal(("Unschedulable", message), (condition.Reason, condition.Message));
        Assert.Null(condition.LastProbeTime);
        Assert.NotNull(condition.LastTransitionTime);
        var failed = await WaitForEventAsync("huge", "FailedScheduling");
        Assert.Equal(("Warning", message, "default-scheduler"), (failed.Type, failed.Message, failed.Source.Component));
        var pending = await cluster.Client.GetAsync<V1Pod>(Ns, "huge");
        Assert.Null(pending.Spec.NodeName);
        Assert.Null(pending.Status.NominatedNodeName);

        await CreateNodesAsync(Node("giant", cpu: "16"));
        var bound = await WaitForNodeAsync("huge");
        Assert.Equal("giant", bound.Spec.NodeName);
        Assert.Equal("True", bound.Status.Conditions.Single(c => c.Type == "PodScheduled").Status);
    }

    [Fact]
    public async Task NodeSelectorAndRequiredNodeAffinityAreRespected()
    {
        await CreateNodesAsync(
            Node("ssd-a", labels: Labels(("disk", "ssd"), ("topology.kubernetes.io/zone", "a"))),
            Node("ssd-b", labels: Labels(("disk", "ssd"), ("topology.kubernetes.io/zone", "b"))),
            Node("hdd-a", labels: Labels(("disk", "hdd"), ("topology.kubernetes.io/zone", "a"))));
        StartScheduler();

        var selected = Pod("by-selector", ns: Ns);
        selected.Spec.NodeSelector = Labels(("disk", "ssd"));
        var affine = Pod("by-affinity", ns: Ns);
        affine.Spec.Affinity = new V1Affinity
        {
            NodeAffinity = new V1NodeAffinity
            {
                RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector
                {
                    NodeSelectorTerms =
                    [
                        new V1NodeSelectorTerm
                        {
                            MatchExpressions =
                            [
                                new V1NodeSelectorRequirement { Key = "disk", OperatorProperty = "In", Values = ["ssd"] },
                                new V1NodeSelectorRequirement { Key = "topology.kubernetes.io/zone", OperatorProperty = "NotIn", Values = ["a"] },
                            ],
                        },
                    ],
                },
            },
        };
        var nowhere = Pod("no-match", ns: Ns);
        nowhere.Spec.NodeSelector = Labels(("disk", "nvme"));
        foreach (var pod in new[] { selected, affine, nowhere })
        {
            await cluster.Client.CreateAsync(pod);
        }

        Assert.StartsWith("ssd-", (await WaitForNodeAsync("by-selector")).Spec.NodeName, StringComparison.Ordinal);
        Assert.Equal("ssd-b", (await WaitForNodeAsync("by-affinity")).Spec.NodeName);
        var condition = await WaitForConditionAsync("no-match", c => c.Status == "False");
        Assert.Equal("0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
            condition.Message);
    }

    [Fact]
    public async Task TaintsRepelPodsThatDoNotTolerateThem()
    {
        await CreateNodesAsync(
            Node("gpu", taints: [Taint("dedicated", "gpu", "NoSchedule")]),
            Node("infra", taints: [Taint("role", "infra", "NoExecute")]));
        StartScheduler();

        var plain = Pod("plain", ns: Ns);
        var tolerant = Pod("tolerant", ns: Ns);
        tolerant.Spec.Tolerations = [Toleration("dedicated", "gpu", "NoSchedule")];
        await cluster.Client.CreateAsync(plain);
        await cluster.Client.CreateAsync(tolerant);

        Assert.Equal("gpu", (await WaitForNodeAsync("tolerant")).Spec.NodeName);
        var condition = await WaitForConditionAsync("plain", c => c.Status == "False");
        Assert.Equal("0/2 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}, 1 node(s) had untolerated taint {role: infra}. "
            + "preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.", condition.Message);

        // Removing the taint is a node update that gives the parked pod another attempt.
        await cluster.Client.PatchAsync<V1Node>(null, "infra", PatchKind.Merge, """{"spec":{"taints":null}}""");
        Assert.Equal("infra", (await WaitForNodeAsync("plain")).Spec.NodeName);
    }

    [Fact]
    public async Task CordonedNodesTakeNoNewPodsAndUncordoningReleasesThem()
    {
        await CreateNodesAsync(Node("cordoned", unschedulable: true));
        StartScheduler();

        await cluster.Client.CreateAsync(Pod("waiting", ns: Ns));
        var condition = await WaitForConditionAsync("waiting", c => c.Status == "False");
        Assert.Equal("0/1 nodes are available: 1 node(s) were unschedulable. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.",
            condition.Message);

        await cluster.Client.PatchAsync<V1Node>(null, "cordoned", PatchKind.Merge, """{"spec":{"unschedulable":null}}""");
        Assert.Equal("cordoned", (await WaitForNodeAsync("waiting")).Spec.NodeName);
    }

    [Fact]
    public async Task SixReplicasSpreadTwoPerNodeOverThreeEqualNodes()
    {
        await CreateNodesAsync(Node("n1"), Node("n2"), Node("n3"));
        var rc = await cluster.Client.CreateAsync(new V1ReplicationController
        {
            ApiVersion = "v1",
            Kind = "ReplicationController",
            Metadata = new V1ObjectMeta { Name = "nginx", NamespaceProperty = Ns },
            Spec = new V1ReplicationControllerSpec
            {
                Replicas = 6,
                Selector = Labels(("app", "nginx")),
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = Labels(("app", "nginx")) },
                    Spec = new V1PodSpec { Containers = [new V1Container { Name = "nginx", Image = "nginx:1.17" }] },
                },
            },
        });
        StartScheduler();

        // The pods a ReplicationController would make (its controller does not run here): owned, no requests.
        for (var i = 0; i < 6; i++)
        {
            var pod = Pod($"nginx-{i}", ns: Ns, labels: Labels(("app", "nginx")));
            pod.Metadata.OwnerReferences =
            [
                new V1OwnerReference { ApiVersion = "v1", Kind = "ReplicationController", Name = "nginx", Uid = rc.Metadata.Uid, Controller = true },
            ];
            await cluster.Client.CreateAsync(pod);
        }

        var placed = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            placed.Add((await WaitForNodeAsync($"nginx-{i}")).Spec.NodeName);
        }

        Assert.Equal([("n1", 2), ("n2", 2), ("n3", 2)], placed.GroupBy(n => n).Select(g => (g.Key, g.Count())).OrderBy(p => p.Key).ToList());
    }

    [Fact]
    public async Task NoNodesAtAllIsReportedAsUpstreamDoes()
    {
        StartScheduler();

        await cluster.Client.CreateAsync(Pod("alone", ns: Ns));

        var condition = await WaitForConditionAsync("alone", c => c.Status == "False");
        Assert.Equal(("Unschedulable", "no nodes available to schedule pods"), (condition.Reason, condition.Message));
    }

    [Fact]
    public async Task PodsForAnotherSchedulerAreLeftAlone()
    {
        await CreateNodesAsync(Node("n1"));
        StartScheduler();

        var other = Pod("other", ns: Ns);
        other.Spec.SchedulerName = "my-scheduler";
        await cluster.Client.CreateAsync(other);
        await cluster.Client.CreateAsync(Pod("mine", ns: Ns));

        await WaitForNodeAsync("mine");
        var untouched = await cluster.Client.GetAsync<V1Pod>(Ns, "other");
        Assert.Null(untouched.Spec.NodeName);
        Assert.DoesNotContain(untouched.Status.Conditions ?? [], c => c.Type == "PodScheduled");
    }

    [Fact]
    public async Task ResourcesFreedByADeletedPodLetAWaitingPodIn()
    {
        await CreateNodesAsync(Node("only", cpu: "2"));
        StartScheduler();

        await cluster.Client.CreateAsync(Pod("first", cpu: "1500m", ns: Ns));
        await WaitForNodeAsync("first");
        await cluster.Client.CreateAsync(Pod("second", cpu: "1", ns: Ns));
        var condition = await WaitForConditionAsync("second", c => c.Status == "False");
        Assert.StartsWith("0/1 nodes are available: 1 Insufficient cpu.", condition.Message, StringComparison.Ordinal);

        await cluster.Client.DeleteAsync<V1Pod>(Ns, "first", new V1DeleteOptions { GracePeriodSeconds = 0 });
        Assert.Equal("only", (await WaitForNodeAsync("second")).Spec.NodeName);
    }

    private void StartScheduler(SchedulerOptions? options = null)
    {
        var events = new EventRecorder(cluster.Client, Scheduler.ComponentName, cluster.Time, NullLogger.Instance);
        var scheduler = new Scheduler(cluster.Client, cluster.Informers, events, cluster.Time, NullLogger.Instance, options);
        cluster.Run(events.RunAsync);
        cluster.Run(scheduler.RunAsync);
    }

    private async Task CreateNodesAsync(params V1Node[] nodes)
    {
        foreach (var node in nodes)
        {
            await cluster.Client.CreateAsync(node);
        }
    }

    private async Task<V1Pod> WaitForNodeAsync(string name)
    {
        V1Pod? pod = null;
        await Eventually.HoldsAsync(async () =>
        {
            pod = await cluster.Client.GetAsync<V1Pod>(Ns, name);
            return !string.IsNullOrEmpty(pod.Spec.NodeName);
        }, $"pod {name} is bound to a node");
        return pod!;
    }

    private async Task<V1PodCondition> WaitForConditionAsync(string name, Func<V1PodCondition, bool> holds)
    {
        V1PodCondition? found = null;
        await Eventually.HoldsAsync(async () =>
        {
            var pod = await cluster.Client.GetAsync<V1Pod>(Ns, name);
            found = pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "PodScheduled");
            return found is not null && holds(found);
        }, $"pod {name}'s PodScheduled condition");
        return found!;
    }

    private async Task<Corev1Event> WaitForEventAsync(string pod, string reason)
    {
        Corev1Event? found = null;
        await Eventually.HoldsAsync(async () =>
        {
            found = (await cluster.Client.ListAsync<Corev1Event>(Ns)).Items.FirstOrDefault(e => e.InvolvedObject.Name == pod && e.Reason == reason);
            return found is not null;
        }, $"a {reason} event for pod {pod}");
        return found!;
    }
}
