using k8s.Models;
using Skiff.Controllers.Deployment;
using Skiff.Controllers.Tests.Infrastructure;

namespace Skiff.Controllers.Tests.Deployment;

public sealed class DeploymentRevisionsTests
{
    [Fact]
    public void A_new_replica_set_gets_the_next_revision_the_replica_annotations_and_the_copied_annotations()
    {
        var d = Deployments.Deployment("ns", "web", 3);
        d.Metadata.Annotations = new Dictionary<string, string>
        {
            ["kubernetes.io/change-cause"] = "kubectl set image deployment/web nginx=nginx:1.18",
            ["kubectl.kubernetes.io/last-applied-configuration"] = "{}",
            ["deployment.kubernetes.io/revision"] = "7",
            ["team"] = "web",
        };
        var rs = new V1ReplicaSet { Metadata = new V1ObjectMeta { Name = "web-abc" } };
        var next = DeploymentRevisions.MaxRevision([Deployments.ReplicaSet("a", 0, revision: 1), Deployments.ReplicaSet("b", 0, revision: 2)]) + 1;

        Assert.True(DeploymentRevisions.SetNewReplicaSetAnnotations(d, rs, next, exists: false));

        Assert.Equal(new Dictionary<string, string>
        {
            ["kubernetes.io/change-cause"] = "kubectl set image deployment/web nginx=nginx:1.18",
            ["team"] = "web",
            ["deployment.kubernetes.io/revision"] = "3",
            ["deployment.kubernetes.io/desired-replicas"] = "3",
            ["deployment.kubernetes.io/max-replicas"] = "4", // 3 + 25% rounded up
        }, rs.Metadata.Annotations);
    }

    [Fact]
    public void A_template_that_comes_back_moves_its_replica_set_to_the_new_revision_and_remembers_the_old_ones()
    {
        var d = Deployments.Deployment("ns", "web", 3);
        var rs = Deployments.ReplicaSet("web-117", 0, revision: 1);

        Assert.True(DeploymentRevisions.SetNewReplicaSetAnnotations(d, rs, 3, exists: true));
        Assert.Equal(("3", "1"), (rs.Metadata.Annotations["deployment.kubernetes.io/revision"], rs.Metadata.Annotations["deployment.kubernetes.io/revision-history"]));

        Assert.True(DeploymentRevisions.SetNewReplicaSetAnnotations(d, rs, 5, exists: true));
        Assert.Equal(("5", "1,3"), (rs.Metadata.Annotations["deployment.kubernetes.io/revision"], rs.Metadata.Annotations["deployment.kubernetes.io/revision-history"]));

        // Already at (or above) the revision: nothing changes.
        Assert.False(DeploymentRevisions.SetNewReplicaSetAnnotations(d, rs, 5, exists: true));
        Assert.False(DeploymentRevisions.SetNewReplicaSetAnnotations(d, rs, 4, exists: true));
    }

    [Fact]
    public void The_revision_history_drops_its_oldest_entries_to_stay_under_the_limit()
    {
        var d = Deployments.Deployment("ns", "web", 3);
        var rs = Deployments.ReplicaSet("web-117", 0, revision: 40);
        rs.Metadata.Annotations["deployment.kubernetes.io/revision-history"] = "10,20,30";

        // "10,20,30" + ",40" is 11 characters; with a limit of 8, "10," goes, and "20,30,40" (8) fits.
        DeploymentRevisions.SetNewReplicaSetAnnotations(d, rs, 41, exists: true, maxHistoryLength: 8);
        Assert.Equal("20,30,40", rs.Metadata.Annotations["deployment.kubernetes.io/revision-history"]);

        // Coming back again (from 41 to 42) with a limit of 5: "20,30,40" + ",41" is 11; "20," and "30," go: "40,41".
        DeploymentRevisions.SetNewReplicaSetAnnotations(d, rs, 42, exists: true, maxHistoryLength: 5);
        Assert.Equal("40,41", rs.Metadata.Annotations["deployment.kubernetes.io/revision-history"]);
    }

    [Fact]
    public void The_highest_revision_skips_unreadable_ones()
    {
        var broken = Deployments.ReplicaSet("broken", 0);
        broken.Metadata.Annotations["deployment.kubernetes.io/revision"] = "x";

        Assert.Equal(4, DeploymentRevisions.MaxRevision([Deployments.ReplicaSet("a", 0, revision: 4), broken, Deployments.ReplicaSet("none", 0)]));
        Assert.Equal(0, DeploymentRevisions.MaxRevision([]));
    }

    [Fact]
    public void Old_revisions_are_ordered_lowest_first_and_by_age_when_equal()
    {
        var sets = new List<V1ReplicaSet>
        {
            Deployments.ReplicaSet("r3", 0, revision: 3, ageSeconds: 10),
            Deployments.ReplicaSet("r1", 0, revision: 1, ageSeconds: 5),
            Deployments.ReplicaSet("r2-newer", 0, revision: 2, ageSeconds: 1),
            Deployments.ReplicaSet("r2-older", 0, revision: 2, ageSeconds: 50),
        };

        sets.Sort(ReplicaSetOrder.ByRevision);

        Assert.Equal(["r1", "r2-older", "r2-newer", "r3"], sets.Select(rs => rs.Metadata.Name));
    }
}
