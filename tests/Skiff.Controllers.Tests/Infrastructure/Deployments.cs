using k8s.Models;

namespace Skiff.Controllers.Tests.Infrastructure;

/// <summary>Deployments and their ReplicaSets as the deployment tests build them.</summary>
public static class Deployments
{
    public static V1Deployment Deployment(string ns, string name, int replicas, string image = "nginx:1.17", string strategy = "RollingUpdate",
        string maxSurge = "25%", string maxUnavailable = "25%") => new()
    {
        ApiVersion = "apps/v1",
        Kind = "Deployment",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
        Spec = new V1DeploymentSpec
        {
            Replicas = replicas,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Strategy = strategy == "Recreate"
                ? new V1DeploymentStrategy { Type = "Recreate" }
                : new V1DeploymentStrategy { Type = "RollingUpdate", RollingUpdate = new V1RollingUpdateDeployment { MaxSurge = (IntOrString)maxSurge, MaxUnavailable = (IntOrString)maxUnavailable } },
            Template = Template(name, image),
        },
    };

    public static V1PodTemplateSpec Template(string app, string image) => new()
    {
        Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = app } },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "nginx", Image = image }] },
    };

    /// <summary>A ReplicaSet of a deployment as the arithmetic sees it: size, available pods, annotations, age.</summary>
    public static V1ReplicaSet ReplicaSet(string name, int replicas, int available = 0, int? maxReplicas = null, int? desired = null,
        int ageSeconds = 0, long? revision = null)
    {
        var annotations = new Dictionary<string, string>();
        if (maxReplicas is { } max)
        {
            annotations["deployment.kubernetes.io/max-replicas"] = max.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (desired is { } d)
        {
            annotations["deployment.kubernetes.io/desired-replicas"] = d.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (revision is { } r)
        {
            annotations["deployment.kubernetes.io/revision"] = r.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return new V1ReplicaSet
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                Uid = name,
                Annotations = annotations,
                CreationTimestamp = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(-ageSeconds),
            },
            Spec = new V1ReplicaSetSpec { Replicas = replicas },
            Status = new V1ReplicaSetStatus { Replicas = replicas, AvailableReplicas = available, ReadyReplicas = available },
        };
    }
}
