using k8s.Models;
using Skiff.Controllers.ReplicaSet;

namespace Skiff.Controllers.Tests.ReplicaSet;

public sealed class ReplicaSetStatusCalculatorTests
{
    private static readonly DateTime Now = new(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Counts_fully_labeled_ready_and_available_pods()
    {
        var rs = ReplicaSet(replicas: 4, minReadySeconds: 30);
        V1Pod[] pods =
        [
            Pod(new() { ["app"] = "web", ["tier"] = "front" }, readySince: Now.AddMinutes(-5)), // available
            Pod(new() { ["app"] = "web", ["tier"] = "front" }, readySince: Now.AddSeconds(-10)), // ready, not yet available
            Pod(new() { ["app"] = "web" }, readySince: null), // selected but missing a template label
            Pod(new() { ["app"] = "web", ["tier"] = "front" }, readySince: null),
        ];

        var status = ReplicaSetStatusCalculator.Calculate(rs, pods, null, Now);

        Assert.Equal((4, 3, 2, 1), (status.Replicas, status.FullyLabeledReplicas, status.ReadyReplicas, status.AvailableReplicas));
        Assert.Null(status.Conditions);
    }

    [Fact]
    public void A_failed_creation_adds_ReplicaFailure_and_success_removes_it()
    {
        var rs = ReplicaSet(replicas: 3, minReadySeconds: 0);
        var failed = ReplicaSetStatusCalculator.Calculate(rs, [], new InvalidOperationException("pods \"web-\" is forbidden: exceeded quota"), Now);
        var condition = Assert.Single(failed.Conditions);
        Assert.Equal(("ReplicaFailure", "True", "FailedCreate", "pods \"web-\" is forbidden: exceeded quota"),
            (condition.Type, condition.Status, condition.Reason, condition.Message));

        rs.Status = failed;
        Assert.Null(ReplicaSetStatusCalculator.Calculate(rs, [], null, Now).Conditions);
    }

    [Fact]
    public void A_failed_deletion_is_FailedDelete()
    {
        var rs = ReplicaSet(replicas: 0, minReadySeconds: 0);
        var status = ReplicaSetStatusCalculator.Calculate(rs, [Pod(new() { ["app"] = "web" }, null)], new InvalidOperationException("boom"), Now);
        Assert.Equal("FailedDelete", Assert.Single(status.Conditions).Reason);
    }

    private static V1ReplicaSet ReplicaSet(int replicas, int minReadySeconds) => new()
    {
        Metadata = new V1ObjectMeta { Name = "web", Generation = 2 },
        Spec = new V1ReplicaSetSpec
        {
            Replicas = replicas,
            MinReadySeconds = minReadySeconds,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
            Template = new V1PodTemplateSpec { Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "web", ["tier"] = "front" } } },
        },
    };

    private static V1Pod Pod(Dictionary<string, string> labels, DateTime? readySince) => new()
    {
        Metadata = new V1ObjectMeta { Labels = labels },
        Status = new V1PodStatus
        {
            Phase = "Running",
            Conditions = readySince is { } t ? [new V1PodCondition { Type = "Ready", Status = "True", LastTransitionTime = t }] : null,
        },
    };
}
