using Skiff.Controllers.Deployment;
using Skiff.Controllers.Tests.Infrastructure;

namespace Skiff.Controllers.Tests.Deployment;

public sealed class RollingScalingTests
{
    [Fact]
    public void The_new_replica_set_grows_into_the_room_under_replicas_plus_surge()
    {
        var d = Deployments.Deployment("ns", "web", 10, maxSurge: "3", maxUnavailable: "2");
        var old = Deployments.ReplicaSet("old", 10, available: 10, ageSeconds: 60);

        // 13 allowed, 10 there: +3.
        Assert.Equal(3, RollingScaling.NewReplicaSetSize(d, [old, Deployments.ReplicaSet("new", 0)], Deployments.ReplicaSet("new", 0)));
        // Old down to 8, new at 3: 11 there, room for 2 more.
        var grown = Deployments.ReplicaSet("new", 3);
        Assert.Equal(5, RollingScaling.NewReplicaSetSize(d, [Deployments.ReplicaSet("old", 8, ageSeconds: 60), grown], grown));
        // Room for 5, but never past the replicas: 9 + 1.
        var almost = Deployments.ReplicaSet("new", 9);
        Assert.Equal(10, RollingScaling.NewReplicaSetSize(d, [Deployments.ReplicaSet("old", 0, ageSeconds: 60), almost], almost));
        // No room at all: stays.
        var stuck = Deployments.ReplicaSet("new", 3);
        Assert.Equal(3, RollingScaling.NewReplicaSetSize(d, [Deployments.ReplicaSet("old", 10, ageSeconds: 60), stuck], stuck));
    }

    [Fact]
    public void Pods_an_old_replica_set_has_not_deleted_yet_still_take_room()
    {
        var d = Deployments.Deployment("ns", "web", 10, maxSurge: "1", maxUnavailable: "1");
        var old = Deployments.ReplicaSet("old", 8, available: 9, ageSeconds: 60);
        old.Status.Replicas = 9; // just scaled 9 → 8, one pod still there
        var @new = Deployments.ReplicaSet("new", 2, available: 2);

        // By spec alone there is room for 1 (11 − 10); with the 9 pods that exist there is none.
        Assert.Equal(2, RollingScaling.NewReplicaSetSize(d, [old, @new], @new));
        old.Status.Replicas = 8;
        Assert.Equal(3, RollingScaling.NewReplicaSetSize(d, [old, @new], @new));
    }

    [Fact]
    public void Recreate_scales_the_new_replica_set_straight_to_the_replicas()
    {
        var d = Deployments.Deployment("ns", "web", 4, strategy: "Recreate");
        var @new = Deployments.ReplicaSet("new", 0);

        Assert.Equal(4, RollingScaling.NewReplicaSetSize(d, [@new], @new));
    }

    [Fact]
    public void Unavailable_new_pods_hold_back_the_scale_down()
    {
        // Upstream's example: 10 replicas, maxUnavailable 2, maxSurge 3; old 8, new 5 all crash-looping.
        var d = Deployments.Deployment("ns", "web", 10, maxSurge: "3", maxUnavailable: "2");
        var old = Deployments.ReplicaSet("old", 8, available: 8, ageSeconds: 60);
        var crashing = Deployments.ReplicaSet("new", 5, available: 0);
        Assert.Equal(0, RollingScaling.MaxScaledDown(d, [old, crashing], crashing)); // 13 − 8 − 5

        // After a rollback the new set has 1 unavailable pod: 13 − 8 − 1 = 4 may go.
        var rolledBack = Deployments.ReplicaSet("new", 5, available: 4);
        Assert.Equal(4, RollingScaling.MaxScaledDown(d, [old, rolledBack], rolledBack));
    }

    [Fact]
    public void Unhealthy_old_replicas_are_cleaned_up_first_oldest_set_first_within_the_budget()
    {
        var a = Deployments.ReplicaSet("a", 5, available: 3, ageSeconds: 30);
        var b = Deployments.ReplicaSet("b", 4, available: 4, ageSeconds: 20);
        var c = Deployments.ReplicaSet("c", 4, available: 0, ageSeconds: 10);

        var plan = RollingScaling.UnhealthyCleanup([c, b, a], maxCleanup: 3);

        // a loses its 2 unavailable pods; b has none; c has 4 but only 1 of the budget is left.
        Assert.Equal([("a", 3), ("c", 3)], plan.Select(p => (p.ReplicaSet.Metadata.Name, p.Size)));
    }

    [Fact]
    public void Available_old_pods_above_the_minimum_come_off_the_oldest_sets()
    {
        var d = Deployments.Deployment("ns", "web", 10, maxSurge: "3", maxUnavailable: "2");
        var a = Deployments.ReplicaSet("a", 2, available: 2, ageSeconds: 30);
        var b = Deployments.ReplicaSet("b", 5, available: 5, ageSeconds: 20);
        var @new = Deployments.ReplicaSet("new", 4, available: 4);

        // 11 available, at least 8 must stay: 3 go, a's 2 then 1 of b's.
        var plan = RollingScaling.AvailableScaleDown(d, [a, b, @new], [b, a], maxUnavailable: 2);

        Assert.Equal([("a", 0), ("b", 4)], plan.Select(p => (p.ReplicaSet.Metadata.Name, p.Size)));
        Assert.Empty(RollingScaling.AvailableScaleDown(d, [Deployments.ReplicaSet("a", 8, available: 8, ageSeconds: 30)], [a], maxUnavailable: 2));
    }

    [Fact]
    public void Available_pods_a_replica_set_is_already_deleting_do_not_count()
    {
        var d = Deployments.Deployment("ns", "web", 10, maxSurge: "1", maxUnavailable: "1");
        var old = Deployments.ReplicaSet("old", 4, available: 5, ageSeconds: 60); // scaled 5 → 4, status not caught up
        var @new = Deployments.ReplicaSet("new", 6, available: 6);

        // Status says 11 available (2 may go); only 4 + 6 = 10 will be, so just 1 may go.
        var plan = RollingScaling.AvailableScaleDown(d, [old, @new], [old], maxUnavailable: 1);

        Assert.Equal([("old", 3)], plan.Select(p => (p.ReplicaSet.Metadata.Name, p.Size)));
    }
}
