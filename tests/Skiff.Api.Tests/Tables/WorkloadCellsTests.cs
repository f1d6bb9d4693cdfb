using k8s.Models;
using static Skiff.Api.Tests.Tables.TableTestObjects;

namespace Skiff.Api.Tests.Tables;

public class WorkloadCellsTests
{
    private static V1PodTemplateSpec Template() => new()
    {
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "nginx", Image = "nginx:1.27" }, new V1Container { Name = "sidecar", Image = "busybox" }] },
    };

    [Fact]
    public void Deployment_prints_ready_fraction_as_string_and_counts_as_integers()
    {
        var deployment = new V1Deployment
        {
            Metadata = Meta("web"),
            Spec = new V1DeploymentSpec { Replicas = 3, Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } }, Template = Template() },
            Status = new V1DeploymentStatus { ReadyReplicas = 2, UpdatedReplicas = 3, AvailableReplicas = 2 },
        };
        Assert.Equal(["web", "2/3", 3L, 2L, "5m", "nginx,sidecar", "nginx:1.27,busybox", "app=web"], Print("apps", "deployments", deployment));
    }

    [Fact]
    public void Deployment_without_status_prints_zeroes_and_empty_selector_stays_empty()
    {
        var deployment = new V1Deployment { Metadata = Meta("web"), Spec = new V1DeploymentSpec { Replicas = 1, Selector = new V1LabelSelector(), Template = Template() } };
        var cells = Print("apps", "deployments", deployment);
        Assert.Equal(["0/1", 0L, 0L], cells[1..4]);
        Assert.Equal("", cells[7]);
    }

    [Fact]
    public void ReplicaSet_prints_desired_current_ready_and_selector_expressions()
    {
        var replicaSet = new V1ReplicaSet
        {
            Metadata = Meta("web-7d4b9c", TimeSpan.FromHours(30)),
            Spec = new V1ReplicaSetSpec
            {
                Replicas = 3,
                Template = Template(),
                Selector = new V1LabelSelector
                {
                    MatchLabels = new Dictionary<string, string> { ["pod-template-hash"] = "7d4b9c", ["app"] = "web" },
                    MatchExpressions = [new V1LabelSelectorRequirement { Key = "tier", OperatorProperty = "In", Values = ["fe", "be"] }],
                },
            },
            Status = new V1ReplicaSetStatus { Replicas = 3, ReadyReplicas = 1 },
        };
        Assert.Equal(
            ["web-7d4b9c", 3L, 3L, 1L, "30h", "nginx,sidecar", "nginx:1.27,busybox", "app=web,pod-template-hash=7d4b9c,tier in (be,fe)"],
            Print("apps", "replicasets", replicaSet));
    }

    [Fact]
    public void ReplicaSet_with_empty_selector_prints_none()
    {
        var replicaSet = new V1ReplicaSet { Metadata = Meta("rs"), Spec = new V1ReplicaSetSpec { Selector = new V1LabelSelector() } };
        Assert.Equal("<none>", Print("apps", "replicasets", replicaSet)[7]);
    }

    [Fact]
    public void ReplicationController_prints_its_map_selector_sorted()
    {
        var controller = new V1ReplicationController
        {
            Metadata = Meta("legacy"),
            Spec = new V1ReplicationControllerSpec { Replicas = 2, Selector = new Dictionary<string, string> { ["tier"] = "fe", ["app"] = "web" }, Template = Template() },
            Status = new V1ReplicationControllerStatus { Replicas = 2, ReadyReplicas = 2 },
        };
        Assert.Equal(["legacy", 2L, 2L, 2L, "5m", "nginx,sidecar", "nginx:1.27,busybox", "app=web,tier=fe"], Print("", "replicationcontrollers", controller));

        controller.Spec.Selector = null;
        controller.Spec.Template = null;
        Assert.Equal(["", "", "<none>"], Print("", "replicationcontrollers", controller)[5..8]);
    }

    [Fact]
    public void StatefulSet_prints_ready_fraction()
    {
        var statefulSet = new V1StatefulSet
        {
            Metadata = Meta("db"),
            Spec = new V1StatefulSetSpec { Replicas = 3, ServiceName = "db", Selector = new V1LabelSelector(), Template = Template() },
            Status = new V1StatefulSetStatus { Replicas = 2, ReadyReplicas = 1 },
        };
        Assert.Equal(["db", "1/3", "5m", "nginx,sidecar", "nginx:1.27,busybox"], Print("apps", "statefulsets", statefulSet));
    }

    [Fact]
    public void ControllerRevision_prints_the_controller_as_kind_dot_group()
    {
        var revision = new V1ControllerRevision
        {
            Metadata = Meta("db-5f8c"),
            Revision = 2,
        };
        revision.Metadata.OwnerReferences = [new V1OwnerReference { ApiVersion = "apps/v1", Kind = "StatefulSet", Name = "db", Uid = "u", Controller = true }];
        Assert.Equal(["db-5f8c", "statefulset.apps/db", 2L, "5m"], Print("apps", "controllerrevisions", revision));

        revision.Metadata.OwnerReferences = [new V1OwnerReference { ApiVersion = "v1", Kind = "Pod", Name = "p", Uid = "u", Controller = true }];
        Assert.Equal("pod/p", Print("apps", "controllerrevisions", revision)[1]);

        revision.Metadata.OwnerReferences = null;
        Assert.Equal("<none>", Print("apps", "controllerrevisions", revision)[1]);
    }
}
