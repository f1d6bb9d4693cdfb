using k8s.Models;

namespace Skiff.Api.Admission;

/// <summary>Upstream's defaults for the workload controllers: apps/v1 Deployment, ReplicaSet, StatefulSet and core/v1 ReplicationController.</summary>
internal static class WorkloadDefaults
{
    public static void Apply(V1Deployment deployment)
    {
        var spec = deployment.Spec ??= new V1DeploymentSpec();
        spec.Replicas ??= 1;
        var strategy = spec.Strategy ??= new V1DeploymentStrategy();
        if (string.IsNullOrEmpty(strategy.Type))
        {
            strategy.Type = "RollingUpdate";
        }
        if (strategy.Type == "RollingUpdate")
        {
            var rollingUpdate = strategy.RollingUpdate ??= new V1RollingUpdateDeployment();
            rollingUpdate.MaxUnavailable ??= (IntOrString)"25%";
            rollingUpdate.MaxSurge ??= (IntOrString)"25%";
        }
        spec.RevisionHistoryLimit ??= 10;
        spec.ProgressDeadlineSeconds ??= 600;
        PodSpecDefaults.ApplyToTemplate(spec.Template);
    }

    public static void Apply(V1ReplicaSet replicaSet)
    {
        var spec = replicaSet.Spec ??= new V1ReplicaSetSpec();
        spec.Replicas ??= 1;
        PodSpecDefaults.ApplyToTemplate(spec.Template);
    }

    public static void Apply(V1ReplicationController controller)
    {
        var spec = controller.Spec ??= new V1ReplicationControllerSpec();
        // An RC without a selector selects its template's labels; an RC without labels takes them from the template.
        if (spec.Template?.Metadata?.Labels is { } templateLabels)
        {
            if (spec.Selector is null || spec.Selector.Count == 0)
            {
                spec.Selector = new Dictionary<string, string>(templateLabels);
            }
            controller.Metadata ??= new V1ObjectMeta();
            if (controller.Metadata.Labels is null || controller.Metadata.Labels.Count == 0)
            {
                controller.Metadata.Labels = new Dictionary<string, string>(templateLabels);
            }
        }
        spec.Replicas ??= 1;
        PodSpecDefaults.ApplyToTemplate(spec.Template);
    }

    public static void Apply(V1StatefulSet statefulSet)
    {
        var spec = statefulSet.Spec ??= new V1StatefulSetSpec();
        if (string.IsNullOrEmpty(spec.PodManagementPolicy))
        {
            spec.PodManagementPolicy = "OrderedReady";
        }
        var strategy = spec.UpdateStrategy ??= new V1StatefulSetUpdateStrategy();
        if (string.IsNullOrEmpty(strategy.Type))
        {
            strategy.Type = "RollingUpdate";
            strategy.RollingUpdate ??= new V1RollingUpdateStatefulSetStrategy();
        }
        if (strategy is { Type: "RollingUpdate", RollingUpdate: { } rollingUpdate })
        {
            rollingUpdate.Partition ??= 0;
        }
        var retention = spec.PersistentVolumeClaimRetentionPolicy ??= new V1StatefulSetPersistentVolumeClaimRetentionPolicy();
        if (string.IsNullOrEmpty(retention.WhenDeleted))
        {
            retention.WhenDeleted = "Retain";
        }
        if (string.IsNullOrEmpty(retention.WhenScaled))
        {
            retention.WhenScaled = "Retain";
        }
        spec.Replicas ??= 1;
        spec.RevisionHistoryLimit ??= 10;
        PodSpecDefaults.ApplyToTemplate(spec.Template);
        foreach (var claim in spec.VolumeClaimTemplates ?? [])
        {
            CoreObjectDefaults.Apply(claim);
        }
    }
}
