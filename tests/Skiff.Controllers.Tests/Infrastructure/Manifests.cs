using k8s.Models;

namespace Skiff.Controllers.Tests.Infrastructure;

/// <summary>Small objects the controller tests create.</summary>
public static class Manifests
{
    public static V1ReplicaSet ReplicaSet(string ns, string name, int replicas, V1LabelSelector selector, IDictionary<string, string> templateLabels) => new()
    {
        ApiVersion = "apps/v1",
        Kind = "ReplicaSet",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
        Spec = new V1ReplicaSetSpec
        {
            Replicas = replicas,
            Selector = selector,
            Template = Template(templateLabels),
        },
    };

    public static V1ReplicationController ReplicationController(string ns, string name, int replicas, IDictionary<string, string> labels) => new()
    {
        ApiVersion = "v1",
        Kind = "ReplicationController",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
        Spec = new V1ReplicationControllerSpec
        {
            Replicas = replicas,
            Selector = new Dictionary<string, string>(labels),
            Template = Template(labels),
        },
    };

    public static V1Pod Pod(string ns, string name, IDictionary<string, string> labels) => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Labels = new Dictionary<string, string>(labels) },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "nginx", Image = "nginx:1.27" }] },
    };

    public static V1Namespace Namespace(string name) => new()
    {
        ApiVersion = "v1",
        Kind = "Namespace",
        Metadata = new V1ObjectMeta { Name = name },
    };

    private static V1PodTemplateSpec Template(IDictionary<string, string> labels) => new()
    {
        Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string>(labels) },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "nginx", Image = "nginx:1.27", Ports = [new V1ContainerPort { ContainerPort = 80 }] }] },
    };
}
