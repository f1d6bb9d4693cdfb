using k8s.Models;
using Skiff.Controllers.Pods;

namespace Skiff.Controllers.Tests.Pods;

public sealed class PodDeletionOrderTests
{
    private static readonly DateTime Now = new(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Unassigned_pending_and_unready_pods_go_first_in_that_order()
    {
        var running = Pod("running-ready", node: "n1", phase: "Running", readySince: Now.AddHours(-1));
        var unready = Pod("running-unready", node: "n1", phase: "Running");
        var pending = Pod("pending", node: "n1", phase: "Pending");
        var unassigned = Pod("unassigned", node: "", phase: "Pending");

        var order = Victims([running, unready, pending, unassigned], 3);

        Assert.Equal(["unassigned", "pending", "running-unready"], order);
    }

    [Fact]
    public void Lower_deletion_cost_goes_before_doubled_up_nodes()
    {
        var cheap = Pod("cheap", node: "n1", phase: "Running", readySince: Now.AddHours(-1), cost: "-5");
        var crowded = Pod("crowded", node: "n2", phase: "Running", readySince: Now.AddHours(-1));
        var crowdedToo = Pod("crowded-too", node: "n2", phase: "Running", readySince: Now.AddHours(-1));

        Assert.Equal("cheap", Victims([crowded, crowdedToo, cheap], 1)[0]);
        // Without costs, a pod on the node with more related pods goes first.
        Assert.StartsWith("crowded", Victims([Pod("alone", "n1", "Running", Now.AddHours(-1)), crowded, crowdedToo], 1)[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Shorter_ready_time_then_more_restarts_then_newer_creation()
    {
        var readyLong = Pod("ready-long", "n1", "Running", readySince: Now.AddHours(-10));
        var readyShort = Pod("ready-short", "n2", "Running", readySince: Now.AddSeconds(-5));
        Assert.Equal("ready-short", Victims([readyLong, readyShort], 1)[0]);

        var calm = Pod("calm", "n1", "Running", readySince: Now.AddHours(-1));
        var crashy = Pod("crashy", "n2", "Running", readySince: Now.AddHours(-1), restarts: 4);
        Assert.Equal("crashy", Victims([calm, crashy], 1)[0]);

        var old = Pod("old", "n1", "Pending", created: Now.AddDays(-3));
        var young = Pod("young", "n2", "Pending", created: Now.AddMinutes(-1));
        Assert.Equal("young", Victims([old, young], 1)[0]);
    }

    [Fact]
    public void Ages_in_the_same_power_of_two_bucket_fall_back_to_uid_order()
    {
        // 100 s and 110 s old are both in [2^36, 2^37) nanoseconds, so the uid decides.
        var a = Pod("a", "n1", "Pending", created: Now.AddSeconds(-100), uid: "bbb");
        var b = Pod("b", "n2", "Pending", created: Now.AddSeconds(-110), uid: "aaa");
        Assert.Equal("b", Victims([a, b], 1)[0]);
    }

    [Fact]
    public void Deleting_as_many_as_there_are_returns_all()
    {
        var pods = new[] { Pod("x", "n1", "Running"), Pod("y", "", "Pending") };
        Assert.Equal(2, PodDeletionOrder.PodsToDelete(pods, pods, 2, Now).Count);
    }

    private static string[] Victims(V1Pod[] pods, int count) =>
        [.. PodDeletionOrder.PodsToDelete(pods, pods, count, Now).Select(p => p.Metadata.Name)];

    private static V1Pod Pod(string name, string node, string phase, DateTime? readySince = null, string? cost = null,
        int restarts = 0, DateTime? created = null, string? uid = null) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            Uid = uid ?? name,
            CreationTimestamp = created ?? Now.AddDays(-1),
            Annotations = cost is null ? null : new Dictionary<string, string> { [PodDeletionOrder.DeletionCostAnnotation] = cost },
        },
        Spec = new V1PodSpec { NodeName = node },
        Status = new V1PodStatus
        {
            Phase = phase,
            Conditions = readySince is { } t ? [new V1PodCondition { Type = "Ready", Status = "True", LastTransitionTime = t }] : null,
            ContainerStatuses = [new V1ContainerStatus { Name = "c", RestartCount = restarts }],
        },
    };
}
