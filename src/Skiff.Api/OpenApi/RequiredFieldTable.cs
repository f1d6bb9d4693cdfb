using System.Collections.Frozen;
using k8s.Models;

namespace Skiff.Api.OpenApi;

/// <summary>
/// Which fields upstream's schemas list as <c>required</c>. The client generator keeps that bit only on value types
/// (a required int32 is <c>int</c>, an optional one <c>int?</c>), so the required strings, objects and arrays of the
/// served kinds' object graphs are listed here, as k8s.io/api v1.32 has them (fields without omitempty and without
/// +optional), checked against the v1.32 /openapi/v3 documents of every served group/version. Every list kind's
/// <c>items</c> is required too.
/// </summary>
internal static class RequiredFieldTable
{
    private static readonly FrozenSet<(Type, string)> Entries = Build();

    /// <summary>Whether <paramref name="jsonName"/> is required on <paramref name="model"/>.</summary>
    public static bool IsRequired(Type model, string jsonName, Type propertyType)
    {
        if (propertyType.IsValueType && Nullable.GetUnderlyingType(propertyType) is null)
        {
            return true;
        }

        return (jsonName == "items" && model.Name.EndsWith("List", StringComparison.Ordinal)) || Entries.Contains((model, jsonName));
    }

    private static FrozenSet<(Type, string)> Build()
    {
        var rows = new HashSet<(Type, string)>();
        void Add(Type type, params string[] fields)
        {
            foreach (var field in fields)
            {
                rows.Add((type, field));
            }
        }

        // meta/v1
        Add(typeof(V1OwnerReference), "apiVersion", "kind", "name", "uid");
        Add(typeof(V1LabelSelectorRequirement), "key", "operator");
        Add(typeof(V1Condition), "type", "status", "lastTransitionTime", "reason", "message");
        Add(typeof(V1APIResourceList), "groupVersion", "resources");
        Add(typeof(V1APIResource), "name", "singularName", "namespaced", "kind", "verbs");
        Add(typeof(V1WatchEvent), "type", "object");

        // apps/v1
        Add(typeof(V1DeploymentSpec), "selector", "template");
        Add(typeof(V1ReplicaSetSpec), "selector");
        // serviceName is required in v1.32; upstream made it optional in v1.33.
        Add(typeof(V1StatefulSetSpec), "selector", "template", "serviceName");
        Add(typeof(V1ControllerRevision), "revision");
        foreach (var condition in new[] { typeof(V1DeploymentCondition), typeof(V1ReplicaSetCondition), typeof(V1StatefulSetCondition) })
        {
            Add(condition, "type", "status");
        }

        // autoscaling/v1 and v2
        Add(typeof(V1HorizontalPodAutoscalerSpec), "scaleTargetRef");
        Add(typeof(V1CrossVersionObjectReference), "kind", "name");
        Add(typeof(V2HorizontalPodAutoscalerSpec), "scaleTargetRef");
        Add(typeof(V2CrossVersionObjectReference), "kind", "name");
        Add(typeof(V2MetricSpec), "type");
        Add(typeof(V2MetricStatus), "type");
        Add(typeof(V2MetricIdentifier), "name");
        Add(typeof(V2MetricTarget), "type");
        Add(typeof(V2ObjectMetricSource), "describedObject", "target", "metric");
        Add(typeof(V2PodsMetricSource), "metric", "target");
        Add(typeof(V2ResourceMetricSource), "name", "target");
        Add(typeof(V2ContainerResourceMetricSource), "name", "target", "container");
        Add(typeof(V2ExternalMetricSource), "metric", "target");
        Add(typeof(V2ObjectMetricStatus), "metric", "current", "describedObject");
        Add(typeof(V2PodsMetricStatus), "metric", "current");
        Add(typeof(V2ResourceMetricStatus), "name", "current");
        Add(typeof(V2ContainerResourceMetricStatus), "name", "current", "container");
        Add(typeof(V2ExternalMetricStatus), "metric", "current");
        Add(typeof(V2HPAScalingPolicy), "type");
        Add(typeof(V2HorizontalPodAutoscalerCondition), "type", "status");

        // discovery/v1
        Add(typeof(V1EndpointSlice), "addressType", "endpoints");
        Add(typeof(V1Endpoint), "addresses");
        Add(typeof(V1ForZone), "name");

        // core/v1: pods and containers
        Add(typeof(V1PodSpec), "containers");
        Add(typeof(V1Container), "name");
        Add(typeof(V1EphemeralContainer), "name");
        Add(typeof(V1EnvVar), "name");
        Add(typeof(V1ConfigMapKeySelector), "key");
        Add(typeof(V1SecretKeySelector), "key");
        Add(typeof(V1ObjectFieldSelector), "fieldPath");
        Add(typeof(V1ResourceFieldSelector), "resource");
        Add(typeof(V1VolumeMount), "name", "mountPath");
        Add(typeof(V1VolumeDevice), "name", "devicePath");
        Add(typeof(V1HTTPGetAction), "port");
        Add(typeof(V1HTTPHeader), "name", "value");
        Add(typeof(V1TCPSocketAction), "port");
        Add(typeof(V1SeccompProfile), "type");
        Add(typeof(V1AppArmorProfile), "type");
        Add(typeof(Corev1ResourceClaim), "name");
        Add(typeof(V1ContainerResizePolicy), "resourceName", "restartPolicy");
        Add(typeof(V1NodeSelector), "nodeSelectorTerms");
        Add(typeof(V1NodeSelectorRequirement), "key", "operator");
        Add(typeof(V1PreferredSchedulingTerm), "preference");
        Add(typeof(V1PodAffinityTerm), "topologyKey");
        Add(typeof(V1WeightedPodAffinityTerm), "podAffinityTerm");
        Add(typeof(V1TopologySpreadConstraint), "topologyKey", "whenUnsatisfiable");
        Add(typeof(V1HostAlias), "ip");
        Add(typeof(V1PodReadinessGate), "conditionType");
        Add(typeof(V1PodSchedulingGate), "name");
        Add(typeof(V1PodResourceClaim), "name");
        Add(typeof(V1PodOS), "name");
        Add(typeof(V1Sysctl), "name", "value");
        Add(typeof(V1PodCondition), "type", "status");
        Add(typeof(V1ContainerStatus), "name", "image", "imageID");
        Add(typeof(V1PodIP), "ip");
        Add(typeof(V1HostIP), "ip");
        Add(typeof(V1VolumeMountStatus), "name", "mountPath");
        Add(typeof(V1PodResourceClaimStatus), "name");
        Add(typeof(V1ResourceStatus), "name");
        Add(typeof(V1ResourceHealth), "resourceID");

        // core/v1: volumes
        Add(typeof(V1Volume), "name");
        Add(typeof(V1KeyToPath), "key", "path");
        Add(typeof(V1DownwardAPIVolumeFile), "path");
        Add(typeof(V1ServiceAccountTokenProjection), "path");
        Add(typeof(V1ClusterTrustBundleProjection), "path");
        Add(typeof(V1HostPathVolumeSource), "path");
        Add(typeof(V1GCEPersistentDiskVolumeSource), "pdName");
        Add(typeof(V1AWSElasticBlockStoreVolumeSource), "volumeID");
        Add(typeof(V1GitRepoVolumeSource), "repository");
        Add(typeof(V1NFSVolumeSource), "server", "path");
        Add(typeof(V1ISCSIVolumeSource), "targetPortal", "iqn");
        Add(typeof(V1ISCSIPersistentVolumeSource), "targetPortal", "iqn");
        Add(typeof(V1GlusterfsVolumeSource), "endpoints", "path");
        Add(typeof(V1GlusterfsPersistentVolumeSource), "endpoints", "path");
        Add(typeof(V1PersistentVolumeClaimVolumeSource), "claimName");
        Add(typeof(V1RBDVolumeSource), "monitors", "image");
        Add(typeof(V1RBDPersistentVolumeSource), "monitors", "image");
        Add(typeof(V1FlexVolumeSource), "driver");
        Add(typeof(V1FlexPersistentVolumeSource), "driver");
        Add(typeof(V1CinderVolumeSource), "volumeID");
        Add(typeof(V1CinderPersistentVolumeSource), "volumeID");
        Add(typeof(V1CephFSVolumeSource), "monitors");
        Add(typeof(V1CephFSPersistentVolumeSource), "monitors");
        Add(typeof(V1AzureFileVolumeSource), "secretName", "shareName");
        Add(typeof(V1AzureFilePersistentVolumeSource), "secretName", "shareName");
        Add(typeof(V1AzureDiskVolumeSource), "diskName", "diskURI");
        Add(typeof(V1VsphereVirtualDiskVolumeSource), "volumePath");
        Add(typeof(V1QuobyteVolumeSource), "registry", "volume");
        Add(typeof(V1PhotonPersistentDiskVolumeSource), "pdID");
        Add(typeof(V1PortworxVolumeSource), "volumeID");
        Add(typeof(V1ScaleIOVolumeSource), "gateway", "system", "secretRef");
        Add(typeof(V1ScaleIOPersistentVolumeSource), "gateway", "system", "secretRef");
        Add(typeof(V1CSIVolumeSource), "driver");
        Add(typeof(V1CSIPersistentVolumeSource), "driver", "volumeHandle");
        Add(typeof(V1LocalVolumeSource), "path");
        Add(typeof(V1PersistentVolumeClaimTemplate), "spec");

        // core/v1: nodes, services, endpoints, events, claims, namespaces, controllers
        Add(typeof(V1Taint), "key", "effect");
        Add(typeof(V1NodeCondition), "type", "status");
        Add(typeof(V1NodeAddress), "type", "address");
        Add(typeof(V1NodeSystemInfo), "machineID", "systemUUID", "bootID", "kernelVersion", "osImage",
            "containerRuntimeVersion", "kubeletVersion", "kubeProxyVersion", "operatingSystem", "architecture");
        Add(typeof(V1AttachedVolume), "name", "devicePath");
        Add(typeof(V1ConfigMapNodeConfigSource), "namespace", "name", "kubeletConfigKey");
        Add(typeof(V1PortStatus), "protocol");
        Add(typeof(V1EndpointAddress), "ip");
        Add(typeof(Corev1Event), "metadata", "involvedObject");
        Add(typeof(V1PersistentVolumeClaimCondition), "type", "status");
        Add(typeof(V1TypedLocalObjectReference), "kind", "name");
        Add(typeof(V1TypedObjectReference), "kind", "name");
        Add(typeof(V1ModifyVolumeStatus), "status");
        Add(typeof(V1NamespaceCondition), "type", "status");
        Add(typeof(V1ReplicationControllerCondition), "type", "status");
        return rows.ToFrozenSet();
    }
}
