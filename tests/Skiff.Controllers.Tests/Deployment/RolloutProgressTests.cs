using k8s.Models;
using Microsoft.Extensions.Time.Testing;
using Skiff.Controllers.Deployment;
using Skiff.Controllers.Tests.Infrastructure;

namespace Skiff.Controllers.Tests.Deployment;

/// <summary>The Progressing and Available conditions through a rollout, on a fake clock.</summary>
public sealed class RolloutProgressTests
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    [Fact]
    public void Progress_moves_last_update_time_and_keeps_the_transition_time_until_the_rollout_completes()
    {
        var d = Deployment(replicas: 2, deadline: 600);
        d.Status = new V1DeploymentStatus
        {
            Conditions = [DeploymentConditions.New("Progressing", "True", "NewReplicaSetCreated", "Created new replica set \"web-new\"", Now)],
        };
        var created = Now;

        // 10 s later one new pod is up: progressing.
        clock.Advance(TimeSpan.FromSeconds(10));
        var status = RolloutProgress.Status([Deployments.ReplicaSet("web-new", 1, available: 1)], Deployments.ReplicaSet("web-new", 1, available: 1), d, Now);
        var progressing = DeploymentConditions.Get(status, "Progressing")!;
        Assert.Equal(("True", "ReplicaSetUpdated", "ReplicaSet \"web-new\" is progressing."), (progressing.Status, progressing.Reason, progressing.Message));
        Assert.Equal((Now, created), (progressing.LastUpdateTime!.Value, progressing.LastTransitionTime!.Value));
        // 2 replicas with 25% maxUnavailable (0 when rounded down): both must be available.
        var available = DeploymentConditions.Get(status, "Available")!;
        Assert.Equal(("False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability."), (available.Status, available.Reason, available.Message));

        // 10 s more, both pods available: complete.
        d.Status = status;
        d.Status.ObservedGeneration = d.Metadata.Generation;
        clock.Advance(TimeSpan.FromSeconds(10));
        var done = RolloutProgress.Status([Deployments.ReplicaSet("web-new", 2, available: 2)], Deployments.ReplicaSet("web-new", 2, available: 2), d, Now);
        var complete = DeploymentConditions.Get(done, "Progressing")!;
        Assert.Equal(("True", "NewReplicaSetAvailable", "ReplicaSet \"web-new\" has successfully progressed."), (complete.Status, complete.Reason, complete.Message));
        Assert.Equal((Now, created), (complete.LastUpdateTime!.Value, complete.LastTransitionTime!.Value));
        Assert.Null(RolloutProgress.RequeueAfter(d, done, Now));
        var nowAvailable = DeploymentConditions.Get(done, "Available")!;
        Assert.Equal(("True", "MinimumReplicasAvailable", "Deployment has minimum availability."), (nowAvailable.Status, nowAvailable.Reason, nowAvailable.Message));
    }

    [Fact]
    public void A_rollout_without_progress_times_out_after_the_deadline_and_is_looked_at_again_just_then()
    {
        var d = Deployment(replicas: 2, deadline: 60);
        var stuckRS = Deployments.ReplicaSet("web-new", 2, available: 0);
        d.Status = new V1DeploymentStatus
        {
            Replicas = 2,
            UpdatedReplicas = 2,
            Conditions = [DeploymentConditions.New("Progressing", "True", "ReplicaSetUpdated", "ReplicaSet \"web-new\" is progressing.", Now)],
        };
        var lastProgress = Now;

        // 20 s on, no change: not timed out; due again 40 s (+1 s margin) later.
        clock.Advance(TimeSpan.FromSeconds(20));
        var status = RolloutProgress.Status([stuckRS], stuckRS, d, Now);
        Assert.Equal("ReplicaSetUpdated", DeploymentConditions.Get(status, "Progressing")!.Reason);
        Assert.Equal(TimeSpan.FromSeconds(41), RolloutProgress.RequeueAfter(d, status, Now));

        // Past the deadline: ProgressDeadlineExceeded, and Available is False.
        clock.Advance(TimeSpan.FromSeconds(41));
        var timedOut = RolloutProgress.Status([stuckRS], stuckRS, d, Now);
        var condition = DeploymentConditions.Get(timedOut, "Progressing")!;
        Assert.Equal(("False", "ProgressDeadlineExceeded", "ReplicaSet \"web-new\" has timed out progressing."), (condition.Status, condition.Reason, condition.Message));
        Assert.Equal(Now, condition.LastTransitionTime!.Value);
        Assert.NotEqual(lastProgress, condition.LastTransitionTime!.Value);
        Assert.Equal(("False", "MinimumReplicasUnavailable"), (DeploymentConditions.Get(timedOut, "Available")!.Status, DeploymentConditions.Get(timedOut, "Available")!.Reason));

        // Once reported, never looked at again for the deadline.
        d.Status = timedOut;
        Assert.Null(RolloutProgress.RequeueAfter(d, timedOut, Now));
    }

    [Fact]
    public void Setting_a_condition_with_the_same_status_and_reason_changes_nothing()
    {
        var status = new V1DeploymentStatus();
        DeploymentConditions.Set(status, DeploymentConditions.New("Available", "True", "MinimumReplicasAvailable", "first", Now));
        var first = Now;
        clock.Advance(TimeSpan.FromMinutes(1));

        DeploymentConditions.Set(status, DeploymentConditions.New("Available", "True", "MinimumReplicasAvailable", "second", Now));
        Assert.Equal(("first", first), (status.Conditions.Single().Message, status.Conditions.Single().LastUpdateTime!.Value));

        // Same status, new reason: replaced, but the transition time stays.
        DeploymentConditions.Set(status, DeploymentConditions.New("Available", "True", "Other", "third", Now));
        Assert.Equal(("third", Now, first), (status.Conditions.Single().Message, status.Conditions.Single().LastUpdateTime!.Value,
            status.Conditions.Single().LastTransitionTime!.Value));
    }

    [Fact]
    public void Without_a_deadline_there_is_no_progressing_condition()
    {
        var d = Deployment(replicas: 1, deadline: int.MaxValue);
        d.Status = new V1DeploymentStatus
        {
            Conditions = [DeploymentConditions.New("Progressing", "True", "NewReplicaSetCreated", "Created", Now)],
        };

        var status = RolloutProgress.Status([Deployments.ReplicaSet("web-new", 1, available: 1)], Deployments.ReplicaSet("web-new", 1, available: 1), d, Now);

        Assert.Null(DeploymentConditions.Get(status, "Progressing"));
        Assert.Null(RolloutProgress.RequeueAfter(d, status, Now));
    }

    [Fact]
    public void Status_counts_sum_over_every_replica_set()
    {
        var d = Deployment(replicas: 10, deadline: 600);
        var old = Deployments.ReplicaSet("old", 8, available: 8, ageSeconds: 60);
        var @new = Deployments.ReplicaSet("new", 3, available: 1);

        var status = DeploymentStatusCalculator.Calculate([old, @new], @new, d, Now);

        Assert.Equal((11, 3, 9, 9, 2), (status.Replicas!.Value, status.UpdatedReplicas!.Value, status.ReadyReplicas!.Value,
            status.AvailableReplicas!.Value, status.UnavailableReplicas!.Value));
    }

    private static V1Deployment Deployment(int replicas, int deadline)
    {
        var d = Deployments.Deployment("ns", "web", replicas);
        d.Metadata.Generation = 1;
        d.Spec.ProgressDeadlineSeconds = deadline;
        return d;
    }
}
