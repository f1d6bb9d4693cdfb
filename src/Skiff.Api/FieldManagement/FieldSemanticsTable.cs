using System.Collections.Frozen;
using k8s.Models;

namespace Skiff.Api.FieldManagement;

/// <summary>
/// The server-side apply facts of upstream's v1.32 OpenAPI (the x-kubernetes-list-type, -list-map-keys and -map-type
/// of every schema the served kinds reach, from the +listType, +listMapKey, +mapType and +structType markers of
/// k8s.io/api and apimachinery), keyed by the k8s.Models class that declares the field. Server-side apply reads them
/// here and the OpenAPI documents publish them from here. Lists in none of the list sets are atomic, as upstream
/// treats lists without x-kubernetes-list-type; maps and structs are granular unless named atomic. Keys differ from strategic merge patch's merge keys in places: container ports are keyed by
/// containerPort and protocol, service ports by port and protocol, topology spread constraints by topologyKey and
/// whenUnsatisfiable.
/// </summary>
public static class FieldSemanticsTable
{
    /// <summary>Associative lists (x-kubernetes-list-type: map) and their x-kubernetes-list-map-keys.</summary>
    public static FrozenDictionary<(Type ModelType, string JsonField), string[]> MapLists { get; } = BuildMapLists();

    /// <summary>Lists of scalars owned item by item (x-kubernetes-list-type: set).</summary>
    public static FrozenSet<(Type ModelType, string JsonField)> SetLists { get; } = new[]
    {
        (typeof(V1ObjectMeta), "finalizers"),
        (typeof(V1NodeSpec), "podCIDRs"),
        (typeof(V1Endpoint), "addresses"),
    }.ToFrozenSet();

    /// <summary>
    /// Lists upstream marks x-kubernetes-list-type: atomic. Server-side apply treats every unlisted list this way
    /// already; the set exists so the OpenAPI documents publish the marker exactly where upstream does (list kinds'
    /// items, for one, carry none).
    /// </summary>
    public static FrozenSet<(Type ModelType, string JsonField)> AtomicLists { get; } = new[]
    {
        (typeof(V1StatefulSetSpec), "volumeClaimTemplates"),
        (typeof(V2HPAScalingRules), "policies"),
        (typeof(V2HorizontalPodAutoscalerSpec), "metrics"),
        (typeof(V2HorizontalPodAutoscalerStatus), "currentMetrics"),
        (typeof(V1Capabilities), "add"),
        (typeof(V1Capabilities), "drop"),
        (typeof(V1CephFSPersistentVolumeSource), "monitors"),
        (typeof(V1CephFSVolumeSource), "monitors"),
        (typeof(V1ConfigMapProjection), "items"),
        (typeof(V1ConfigMapVolumeSource), "items"),
        (typeof(V1Container), "args"),
        (typeof(V1Container), "command"),
        (typeof(V1Container), "envFrom"),
        (typeof(V1Container), "resizePolicy"),
        (typeof(V1ContainerImage), "names"),
        (typeof(V1DownwardAPIProjection), "items"),
        (typeof(V1DownwardAPIVolumeSource), "items"),
        (typeof(V1EndpointSubset), "addresses"),
        (typeof(V1EndpointSubset), "notReadyAddresses"),
        (typeof(V1EndpointSubset), "ports"),
        (typeof(V1Endpoints), "subsets"),
        (typeof(V1EphemeralContainer), "args"),
        (typeof(V1EphemeralContainer), "command"),
        (typeof(V1EphemeralContainer), "envFrom"),
        (typeof(V1EphemeralContainer), "resizePolicy"),
        (typeof(V1ExecAction), "command"),
        (typeof(V1FCVolumeSource), "targetWWNs"),
        (typeof(V1FCVolumeSource), "wwids"),
        (typeof(V1HTTPGetAction), "httpHeaders"),
        (typeof(V1HostAlias), "hostnames"),
        (typeof(V1ISCSIPersistentVolumeSource), "portals"),
        (typeof(V1ISCSIVolumeSource), "portals"),
        (typeof(V1LinuxContainerUser), "supplementalGroups"),
        (typeof(V1LoadBalancerIngress), "ports"),
        (typeof(V1LoadBalancerStatus), "ingress"),
        (typeof(V1NamespaceSpec), "finalizers"),
        (typeof(V1NodeAffinity), "preferredDuringSchedulingIgnoredDuringExecution"),
        (typeof(V1NodeSelector), "nodeSelectorTerms"),
        (typeof(V1NodeSelectorRequirement), "values"),
        (typeof(V1NodeSelectorTerm), "matchExpressions"),
        (typeof(V1NodeSelectorTerm), "matchFields"),
        (typeof(V1NodeSpec), "taints"),
        (typeof(V1NodeStatus), "images"),
        (typeof(V1NodeStatus), "runtimeHandlers"),
        (typeof(V1NodeStatus), "volumesAttached"),
        (typeof(V1NodeStatus), "volumesInUse"),
        (typeof(V1PersistentVolumeClaimSpec), "accessModes"),
        (typeof(V1PersistentVolumeClaimStatus), "accessModes"),
        (typeof(V1PersistentVolumeSpec), "accessModes"),
        (typeof(V1PersistentVolumeSpec), "mountOptions"),
        (typeof(V1PodAffinity), "preferredDuringSchedulingIgnoredDuringExecution"),
        (typeof(V1PodAffinity), "requiredDuringSchedulingIgnoredDuringExecution"),
        (typeof(V1PodAffinityTerm), "matchLabelKeys"),
        (typeof(V1PodAffinityTerm), "mismatchLabelKeys"),
        (typeof(V1PodAffinityTerm), "namespaces"),
        (typeof(V1PodAntiAffinity), "preferredDuringSchedulingIgnoredDuringExecution"),
        (typeof(V1PodAntiAffinity), "requiredDuringSchedulingIgnoredDuringExecution"),
        (typeof(V1PodDNSConfig), "nameservers"),
        (typeof(V1PodDNSConfig), "options"),
        (typeof(V1PodDNSConfig), "searches"),
        (typeof(V1PodSecurityContext), "supplementalGroups"),
        (typeof(V1PodSecurityContext), "sysctls"),
        (typeof(V1PodSpec), "readinessGates"),
        (typeof(V1PodSpec), "tolerations"),
        (typeof(V1PodStatus), "containerStatuses"),
        (typeof(V1PodStatus), "ephemeralContainerStatuses"),
        (typeof(V1PodStatus), "hostIPs"),
        (typeof(V1PodStatus), "initContainerStatuses"),
        (typeof(V1ProjectedVolumeSource), "sources"),
        (typeof(V1RBDPersistentVolumeSource), "monitors"),
        (typeof(V1RBDVolumeSource), "monitors"),
        (typeof(V1SecretProjection), "items"),
        (typeof(V1SecretVolumeSource), "items"),
        (typeof(V1ServiceAccount), "imagePullSecrets"),
        (typeof(V1ServiceSpec), "clusterIPs"),
        (typeof(V1ServiceSpec), "externalIPs"),
        (typeof(V1ServiceSpec), "ipFamilies"),
        (typeof(V1ServiceSpec), "loadBalancerSourceRanges"),
        (typeof(V1TopologySpreadConstraint), "matchLabelKeys"),
        (typeof(V1EndpointHints), "forZones"),
        (typeof(V1EndpointSlice), "endpoints"),
        (typeof(V1EndpointSlice), "ports"),
        (typeof(V1LabelSelector), "matchExpressions"),
        (typeof(V1LabelSelectorRequirement), "values"),
        (typeof(V1ObjectMeta), "managedFields"),
    }.ToFrozenSet();

    /// <summary>String maps owned as a whole (x-kubernetes-map-type: atomic on a map field).</summary>
    public static FrozenSet<(Type ModelType, string JsonField)> AtomicMaps { get; } = new[]
    {
        (typeof(V1PodSpec), "nodeSelector"),
        (typeof(V1ServiceSpec), "selector"),
        (typeof(V1ReplicationControllerSpec), "selector"),
    }.ToFrozenSet();

    /// <summary>
    /// Fields upstream marks x-kubernetes-map-type: granular: a map that is granular anyway, and PersistentVolume's
    /// claimRef, an ObjectReference (atomic as a type) that the field declares granular.
    /// </summary>
    public static FrozenSet<(Type ModelType, string JsonField)> GranularFields { get; } = new[]
    {
        (typeof(V1PersistentVolumeClaimStatus), "allocatedResourceStatuses"),
        (typeof(V1PersistentVolumeSpec), "claimRef"),
    }.ToFrozenSet();

    /// <summary>Structs owned as a whole (x-kubernetes-map-type: atomic on the type), e.g. LabelSelector.</summary>
    public static FrozenSet<Type> AtomicStructs { get; } = new[]
    {
        typeof(V1LabelSelector), typeof(V1ObjectReference), typeof(V1OwnerReference), typeof(V1LocalObjectReference),
        typeof(V1TypedLocalObjectReference), typeof(V1ConfigMapKeySelector), typeof(V1SecretKeySelector),
        typeof(V1ObjectFieldSelector), typeof(V1ResourceFieldSelector), typeof(V1NodeSelector), typeof(V1NodeSelectorTerm),
        typeof(V1TopologySelectorTerm), typeof(V1SecretReference), typeof(V1EndpointAddress), typeof(Corev1EndpointPort),
        typeof(Discoveryv1EndpointPort),

        // autoscaling/v1's CrossVersionObjectReference is atomic; autoscaling/v2's is not.
        typeof(V1CrossVersionObjectReference),
    }.ToFrozenSet();

    /// <summary>
    /// Key fields with an OpenAPI default, used when an item leaves them out: a container port without protocol is
    /// the item <c>k:{"containerPort":80,"protocol":"TCP"}</c>.
    /// </summary>
    public static FrozenDictionary<string, string> KeyDefaults { get; } =
        new Dictionary<string, string> { ["protocol"] = "\"TCP\"" }.ToFrozenDictionary();

    /// <summary>
    /// Non-scalar fields that Go's zero value of the type already carries (struct values, or lists and pointers
    /// without omitempty, which serialize as null). An update compares against the zero object on create, so these
    /// fields are never "added" themselves and carry no "." in FieldsV1 (<c>f:spec</c>, <c>f:template</c>,
    /// <c>f:containers</c>), while a new map or pointer struct does (<c>f:labels: {".": {}}</c>).
    /// </summary>
    public static FrozenSet<(Type ModelType, string JsonField)> ZeroValueFields { get; } = new[]
    {
        (typeof(V1DeploymentSpec), "selector"), (typeof(V1DeploymentSpec), "template"), (typeof(V1DeploymentSpec), "strategy"),
        (typeof(V1ReplicaSetSpec), "selector"), (typeof(V1ReplicaSetSpec), "template"),
        (typeof(V1StatefulSetSpec), "selector"), (typeof(V1StatefulSetSpec), "template"), (typeof(V1StatefulSetSpec), "updateStrategy"),
        (typeof(V1PodTemplateSpec), "metadata"), (typeof(V1PodTemplateSpec), "spec"),
        (typeof(V1PodSpec), "containers"),
        (typeof(V1Container), "resources"),
        (typeof(V2HorizontalPodAutoscalerSpec), "scaleTargetRef"), (typeof(V1HorizontalPodAutoscalerSpec), "scaleTargetRef"),
        (typeof(V1ServiceStatus), "loadBalancer"),
        (typeof(V1NodeStatus), "nodeInfo"), (typeof(V1NodeStatus), "daemonEndpoints"),
        (typeof(V1NodeDaemonEndpoints), "kubeletEndpoint"),
        (typeof(V1PersistentVolumeClaimSpec), "resources"),
        (typeof(Corev1Event), "involvedObject"), (typeof(Corev1Event), "source"),
        (typeof(V1EndpointSlice), "endpoints"), (typeof(V1EndpointSlice), "ports"),
        (typeof(V1PodTemplate), "template"),
    }.ToFrozenSet();

    private static FrozenDictionary<(Type, string), string[]> BuildMapLists()
    {
        var rows = new Dictionary<(Type, string), string[]>();
        void Add(Type type, string field, params string[] keys) => rows.Add((type, field), keys);

        Add(typeof(V1ObjectMeta), "ownerReferences", "uid");

        Add(typeof(V1PodSpec), "volumes", "name");
        Add(typeof(V1PodSpec), "initContainers", "name");
        Add(typeof(V1PodSpec), "containers", "name");
        Add(typeof(V1PodSpec), "ephemeralContainers", "name");
        Add(typeof(V1PodSpec), "imagePullSecrets", "name");
        Add(typeof(V1PodSpec), "hostAliases", "ip");
        Add(typeof(V1PodSpec), "topologySpreadConstraints", "topologyKey", "whenUnsatisfiable");
        Add(typeof(V1PodSpec), "schedulingGates", "name");
        Add(typeof(V1PodSpec), "resourceClaims", "name");
        foreach (var container in new[] { typeof(V1Container), typeof(V1EphemeralContainer) })
        {
            Add(container, "ports", "containerPort", "protocol");
            Add(container, "env", "name");
            Add(container, "volumeMounts", "mountPath");
            Add(container, "volumeDevices", "devicePath");
        }

        Add(typeof(V1ResourceRequirements), "claims", "name");
        Add(typeof(V1PodStatus), "conditions", "type");

        // podIPs is keyed by ip, while hostIPs (same element shape) is atomic upstream.
        Add(typeof(V1PodStatus), "podIPs", "ip");
        Add(typeof(V1PodStatus), "resourceClaimStatuses", "name");
        Add(typeof(V1ContainerStatus), "volumeMounts", "mountPath");
        Add(typeof(V1ContainerStatus), "allocatedResourcesStatus", "name");
        Add(typeof(V1ResourceStatus), "resources", "resourceID");
        Add(typeof(V1ServiceSpec), "ports", "port", "protocol");
        Add(typeof(V1ServiceStatus), "conditions", "type");
        Add(typeof(V1NodeStatus), "conditions", "type");
        Add(typeof(V1NodeStatus), "addresses", "type");
        Add(typeof(V1NamespaceStatus), "conditions", "type");
        Add(typeof(V1PersistentVolumeClaimStatus), "conditions", "type");
        Add(typeof(V1ReplicationControllerStatus), "conditions", "type");
        Add(typeof(V1ServiceAccount), "secrets", "name");

        Add(typeof(V1DeploymentStatus), "conditions", "type");
        Add(typeof(V1ReplicaSetStatus), "conditions", "type");
        Add(typeof(V1StatefulSetStatus), "conditions", "type");
        Add(typeof(V1DaemonSetStatus), "conditions", "type");
        Add(typeof(V2HorizontalPodAutoscalerStatus), "conditions", "type");
        return rows.ToFrozenDictionary();
    }
}
