using Skiff.Controllers.Deployment;
using Skiff.Controllers.Tests.Infrastructure;

namespace Skiff.Controllers.Tests.Deployment;

public sealed class ProportionalScalingTests
{
    [Fact]
    public void Scaling_up_mid_rollout_keeps_each_replica_sets_share()
    {
        // 10 → 15 replicas, maxSurge 3: 18 allowed, 13 there (8 old + 5 new, both annotated with the old maximum 13).
        var d = Deployments.Deployment("ns", "web", 15, maxSurge: "3", maxUnavailable: "2");
        var old = Deployments.ReplicaSet("old", 8, maxReplicas: 13, ageSeconds: 60);
        var @new = Deployments.ReplicaSet("new", 5, maxReplicas: 13);

        var plan = ProportionalScaling.Plan(d, [old, @new]);

        // old: round(8·18/13 = 11.08) = 11; new: round(5·18/13 = 6.92) = 7 but only 2 are left to give.
        Assert.Equal([("old", 11), ("new", 7)], plan.Select(p => (p.ReplicaSet.Metadata.Name, p.Size)));
    }

    [Fact]
    public void Scaling_down_takes_from_the_largest_and_the_leftover_goes_to_the_first()
    {
        // 10 → 5 replicas, maxSurge 1 (absolute): 6 allowed, 11 there (6 old + 5 new, annotated 11): 5 to remove.
        var d = Deployments.Deployment("ns", "web", 5, maxSurge: "1", maxUnavailable: "1");
        var old = Deployments.ReplicaSet("old", 6, maxReplicas: 11, ageSeconds: 60);
        var @new = Deployments.ReplicaSet("new", 5, maxReplicas: 11);

        var plan = ProportionalScaling.Plan(d, [@new, old]);

        // old first (larger): round(6·6/11 = 3.27) = 3, −3; new: round(5·6/11 = 2.73) = 3, −2. −5 in all.
        Assert.Equal([("old", 3), ("new", 3)], plan.Select(p => (p.ReplicaSet.Metadata.Name, p.Size)));
    }

    [Fact]
    public void Rounding_leftovers_go_to_the_largest_replica_set()
    {
        // 3 equal sets of 3 (annotated 9) scaled to a maximum of 10: each round(3·10/9 = 3.33) = 3, +0; the 1 left
        // over goes to the first, which among equals is the newest when scaling up.
        var d = Deployments.Deployment("ns", "web", 10, maxSurge: "0", maxUnavailable: "1");
        var a = Deployments.ReplicaSet("a", 3, maxReplicas: 9, ageSeconds: 30);
        var b = Deployments.ReplicaSet("b", 3, maxReplicas: 9, ageSeconds: 20);
        var c = Deployments.ReplicaSet("c", 3, maxReplicas: 9, ageSeconds: 10);

        var plan = ProportionalScaling.Plan(d, [a, b, c]);

        Assert.Equal([("c", 4), ("b", 3), ("a", 3)], plan.Select(p => (p.ReplicaSet.Metadata.Name, p.Size)));
    }

    [Fact]
    public void Scaling_to_zero_removes_every_replica()
    {
        var d = Deployments.Deployment("ns", "web", 0, maxSurge: "1", maxUnavailable: "1");

        var plan = ProportionalScaling.Plan(d, [Deployments.ReplicaSet("old", 4, maxReplicas: 6, ageSeconds: 5), Deployments.ReplicaSet("new", 2, maxReplicas: 6)]);

        Assert.All(plan, p => Assert.Equal(0, p.Size));
    }

    [Fact]
    public void A_proportion_never_exceeds_what_is_left_to_hand_out()
    {
        var d = Deployments.Deployment("ns", "web", 20, maxSurge: "0", maxUnavailable: "1");
        var rs = Deployments.ReplicaSet("rs", 5, maxReplicas: 10);

        // Its fraction is round(5·20/10) − 5 = +5, but only 2 remain to add; scaling down, at most −2 remain.
        Assert.Equal(5, ProportionalScaling.Fraction(rs, d));
        Assert.Equal(2, ProportionalScaling.Proportion(rs, d, toAdd: 6, added: 4));
        Assert.Equal(-2, ProportionalScaling.Proportion(rs, Deployments.Deployment("ns", "web", 2, maxSurge: "0", maxUnavailable: "1"), toAdd: -6, added: -4));
        Assert.Equal(0, ProportionalScaling.Proportion(Deployments.ReplicaSet("empty", 0), d, toAdd: 6, added: 0));
    }

    [Fact]
    public void Without_the_max_replicas_annotation_the_fraction_is_taken_from_the_status()
    {
        var d = Deployments.Deployment("ns", "web", 12, maxSurge: "0", maxUnavailable: "1");
        d.Status = new k8s.Models.V1DeploymentStatus { Replicas = 8 };

        // round(4·12/8) − 4 = 2.
        Assert.Equal(2, ProportionalScaling.Fraction(Deployments.ReplicaSet("rs", 4), d));
    }

    [Fact]
    public void The_lone_active_replica_set_or_else_the_newest_takes_all_replicas()
    {
        var older = Deployments.ReplicaSet("older", 0, ageSeconds: 20);
        var old = Deployments.ReplicaSet("old", 0, ageSeconds: 10);
        var active = Deployments.ReplicaSet("active", 3, ageSeconds: 15);

        Assert.Same(active, ProportionalScaling.ActiveOrLatest(null, [older, active, old]));
        Assert.Same(old, ProportionalScaling.ActiveOrLatest(null, [older, old]));
        Assert.Null(ProportionalScaling.ActiveOrLatest(Deployments.ReplicaSet("new", 1), [active]));
    }

    [Fact]
    public void A_new_replica_set_is_saturated_when_spec_annotation_and_available_pods_all_reach_the_replicas()
    {
        var d = Deployments.Deployment("ns", "web", 3);

        Assert.True(ProportionalScaling.IsSaturated(d, Deployments.ReplicaSet("new", 3, available: 3, desired: 3)));
        Assert.False(ProportionalScaling.IsSaturated(d, Deployments.ReplicaSet("new", 3, available: 2, desired: 3)));
        Assert.False(ProportionalScaling.IsSaturated(d, Deployments.ReplicaSet("new", 3, available: 3, desired: 2)));
        Assert.False(ProportionalScaling.IsSaturated(d, Deployments.ReplicaSet("new", 3, available: 3)));
    }
}
