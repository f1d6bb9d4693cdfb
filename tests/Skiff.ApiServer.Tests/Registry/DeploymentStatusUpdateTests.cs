using k8s.Models;
using Skiff.Client;
using Skiff.Testing;

namespace Skiff.ApiServer.Tests.Registry;

/// <summary>
/// deployments/status as upstream's deploymentStatusStrategy: spec and labels stay as stored, annotations are
/// taken (the deployment controller writes the revision annotation with the status).
/// </summary>
public sealed class DeploymentStatusUpdateTests
{
    [Fact]
    public async Task A_status_update_of_a_deployment_writes_its_annotations_but_not_its_spec_or_labels()
    {
        await using var cluster = await TestCluster.StartAsync();
        var created = await cluster.Client.CreateAsync(new V1Deployment
        {
            ApiVersion = "apps/v1",
            Kind = "Deployment",
            Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "default", Labels = new Dictionary<string, string> { ["app"] = "web" } },
            Spec = new V1DeploymentSpec
            {
                Replicas = 2,
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "web" } },
                    Spec = new V1PodSpec { Containers = [new V1Container { Name = "nginx", Image = "nginx:1.17" }] },
                },
            },
        });

        created.Metadata.Annotations = new Dictionary<string, string> { ["deployment.kubernetes.io/revision"] = "1" };
        created.Metadata.Labels["app"] = "changed";
        created.Spec.Replicas = 5;
        created.Status = new V1DeploymentStatus { ObservedGeneration = 1, Replicas = 2 };
        var written = await cluster.Client.UpdateStatusAsync(created);

        Assert.Equal("1", written.Metadata.Annotations["deployment.kubernetes.io/revision"]);
        Assert.Equal(("web", 2, 2), (written.Metadata.Labels["app"], written.Spec.Replicas!.Value, written.Status.Replicas!.Value));
    }
}
