using System.Collections.Frozen;
using k8s.Models;

namespace Skiff.Api.FieldManagement;

/// <summary>
/// The server-side apply facts of upstream's OpenAPI (api/openapi-spec/v3, from the +listType, +listMapKey,
/// +mapType and +structType markers of k8s.io/api and apimachinery) for the kinds Skiff serves, keyed by the
/// k8s.Models class that declares the field. Lists not named here are atomic, as upstream treats lists without
/// x-kubernetes-list-type. Keys differ from strategic merge patch's merge keys in places: container ports are keyed by
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

    /// <summary>String maps owned as a whole (x-kubernetes-map-type: atomic on a map field).</summary>
    public static FrozenSet<(Type ModelType, string JsonField)> AtomicMaps { get; } = new[]
    {
        (typeof(V1PodSpec), "nodeSelector"),
        (typeof(V1ServiceSpec), "selector"),
        (typeof(V1ReplicationControllerSpec), "selector"),
    }.ToFrozenSet();

    /// <summary>Structs owned as a whole (x-kubernetes-map-type: atomic on the type), e.g. LabelSelector.</summary>
    public static FrozenSet<Type> AtomicStructs { get; } = new[]
    {
        typeof(V1LabelSelector), typeof(V1ObjectReference), typeof(V1OwnerReference), typeof(V1LocalObjectReference),
        typeof(V1TypedLocalObjectReference), typeof(V1TypedObjectReference), typeof(V1ConfigMapKeySelector),
        typeof(V1SecretKeySelector), typeof(V1ObjectFieldSelector), typeof(V1ResourceFieldSelector), typeof(V1NodeSelector),
        typeof(V1NodeSelectorTerm), typeof(V1TopologySelectorTerm), typeof(V1SecretReference),
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
        Add(typeof(V1PodStatus), "podIPs", "ip");
        Add(typeof(V1PodStatus), "hostIPs", "ip");
        Add(typeof(V1PodStatus), "resourceClaimStatuses", "name");
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
