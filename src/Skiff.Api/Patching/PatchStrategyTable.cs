using System.Collections.Frozen;
using k8s.Models;

namespace Skiff.Api.Patching;

/// <summary>
/// The upstream <c>patchStrategy</c>/<c>patchMergeKey</c> struct tags, keyed by the k8s.Models class that declares the field
/// and the field's JSON name. The generated C# models do not carry these tags, so they are transcribed here from
/// k8s.io/api (core/v1, apps/v1, autoscaling/v2, batch/v1, policy/v1, admissionregistration/v1, storage/v1, ...) and
/// k8s.io/apimachinery meta/v1. discovery/v1 declares none.
/// </summary>
public static class PatchStrategyTable
{
    private const string Merge = "merge";
    private const string MergeRetainKeys = "merge,retainKeys";

    /// <summary>Every known field strategy; immutable.</summary>
    public static FrozenDictionary<(Type ModelType, string JsonField), PatchFieldStrategy> Entries { get; } = Build();

    /// <summary>The strategy of <paramref name="jsonField"/> on <paramref name="modelType"/>, or null when the field has none (atomic list, plain map).</summary>
    public static PatchFieldStrategy? Find(Type modelType, string jsonField) =>
        Entries.TryGetValue((modelType, jsonField), out var strategy) ? strategy : null;

    private static FrozenDictionary<(Type, string), PatchFieldStrategy> Build()
    {
        var rows = new Dictionary<(Type, string), PatchFieldStrategy>();

        void Add(Type type, string field, string strategy, string? mergeKey = null) =>
            rows.Add((type, field), new PatchFieldStrategy(strategy, mergeKey));

        // meta/v1 ObjectMeta
        Add(typeof(V1ObjectMeta), "ownerReferences", Merge, "uid");
        Add(typeof(V1ObjectMeta), "finalizers", Merge);

        // core/v1 PodSpec
        Add(typeof(V1PodSpec), "volumes", MergeRetainKeys, "name");
        Add(typeof(V1PodSpec), "initContainers", Merge, "name");
        Add(typeof(V1PodSpec), "containers", Merge, "name");
        Add(typeof(V1PodSpec), "ephemeralContainers", Merge, "name");
        Add(typeof(V1PodSpec), "imagePullSecrets", Merge, "name");
        Add(typeof(V1PodSpec), "hostAliases", Merge, "ip");
        Add(typeof(V1PodSpec), "topologySpreadConstraints", Merge, "topologyKey");
        Add(typeof(V1PodSpec), "schedulingGates", Merge, "name");
        Add(typeof(V1PodSpec), "resourceClaims", MergeRetainKeys, "name");
        Add(typeof(V1PodSpec), "evictionResponders", Merge, "name");

        // core/v1 Container and EphemeralContainer (EphemeralContainerCommon is inlined into the C# class)
        foreach (var container in new[] { typeof(V1Container), typeof(V1EphemeralContainer) })
        {
            Add(container, "ports", Merge, "containerPort");
            Add(container, "env", Merge, "name");
            Add(container, "volumeMounts", Merge, "mountPath");
            Add(container, "volumeDevices", Merge, "devicePath");
        }

        // core/v1 statuses and other types
        Add(typeof(V1ContainerStatus), "volumeMounts", Merge, "mountPath");
        Add(typeof(V1ContainerStatus), "allocatedResourcesStatus", Merge, "name");
        Add(typeof(V1PodStatus), "conditions", Merge, "type");
        Add(typeof(V1PodStatus), "hostIPs", Merge, "ip");
        Add(typeof(V1PodStatus), "podIPs", Merge, "ip");
        Add(typeof(V1PodStatus), "resourceClaimStatuses", MergeRetainKeys, "name");
        Add(typeof(V1PodStatus), "nodeAllocatableResourceClaimStatuses", Merge, "resourceClaimName");
        Add(typeof(V1NodeAllocatableResourceClaimStatus), "mapping", Merge, "name");
        Add(typeof(V1NodeAllocatableResourceClaimStatus), "overhead", Merge, "name");
        Add(typeof(V1VolumeHealthStatus), "healthConditions", Merge, "status");
        Add(typeof(V1PodVolumeHealth), "healthConditions", Merge, "status");
        Add(typeof(V1PersistentVolumeClaimStatus), "conditions", Merge, "type");
        Add(typeof(V1ReplicationControllerStatus), "conditions", Merge, "type");
        Add(typeof(V1ServiceSpec), "ports", Merge, "port");
        Add(typeof(V1ServiceStatus), "conditions", Merge, "type");
        Add(typeof(V1ServiceAccount), "secrets", Merge, "name");
        Add(typeof(V1NodeSpec), "podCIDRs", Merge);
        Add(typeof(V1NodeStatus), "conditions", Merge, "type");
        Add(typeof(V1NodeStatus), "addresses", Merge, "type");
        Add(typeof(V1NamespaceStatus), "conditions", Merge, "type");
        Add(typeof(V1ComponentStatus), "conditions", Merge, "type");

        // apps/v1
        Add(typeof(V1DeploymentSpec), "strategy", "retainKeys");
        Add(typeof(V1DeploymentStatus), "conditions", Merge, "type");
        Add(typeof(V1StatefulSetStatus), "conditions", Merge, "type");
        Add(typeof(V1DaemonSetStatus), "conditions", Merge, "type");
        Add(typeof(V1ReplicaSetStatus), "conditions", Merge, "type");

        // autoscaling/v2
        Add(typeof(V2HorizontalPodAutoscalerStatus), "conditions", Merge, "type");

        // Other groups the API server may serve; cheap to carry and they keep kubectl patches of them correct.
        Add(typeof(V1JobStatus), "conditions", Merge, "type");
        Add(typeof(V1JobSchedulingConfiguration), "resourceClaims", Merge, "name");
        Add(typeof(V1PodDisruptionBudgetSpec), "selector", "replace");
        Add(typeof(V1PodDisruptionBudgetStatus), "conditions", Merge, "type");
        Add(typeof(V1ValidatingAdmissionPolicySpec), "matchConditions", Merge, "name");
        Add(typeof(V1ValidatingAdmissionPolicySpec), "variables", Merge, "name");
        Add(typeof(V1MutatingAdmissionPolicySpec), "matchConditions", Merge, "name");
        Add(typeof(V1ValidatingWebhookConfiguration), "webhooks", Merge, "name");
        Add(typeof(V1MutatingWebhookConfiguration), "webhooks", Merge, "name");
        Add(typeof(V1ValidatingWebhook), "matchConditions", Merge, "name");
        Add(typeof(V1MutatingWebhook), "matchConditions", Merge, "name");
        Add(typeof(V1PodCertificateRequestStatus), "conditions", Merge, "type");
        Add(typeof(V1FlowSchemaStatus), "conditions", Merge, "type");
        Add(typeof(V1PriorityLevelConfigurationStatus), "conditions", Merge, "type");
        Add(typeof(V1ServiceCIDRStatus), "conditions", Merge, "type");
        Add(typeof(V1DeviceTaintRuleStatus), "conditions", Merge, "type");
        Add(typeof(V1ResourceClaimStatus), "reservedFor", Merge, "uid");
        Add(typeof(V1CSINodeSpec), "drivers", Merge, "name");
        Add(typeof(V1CSINodeStatus), "storageHealth", Merge, "name");
        Add(typeof(V1StorageVersionMigrationStatus), "conditions", Merge, "type");

        return rows.ToFrozenDictionary();
    }
}
