using k8s.Models;

namespace Skiff.Api.OpenApi;

/// <summary>
/// The x-kubernetes-patch-strategy / x-kubernetes-patch-merge-key markers of upstream's Go types. kubectl computes
/// strategic merge patches from these when it uses the v3 schemas, so without them it would replace lists such
/// as containers wholesale.
/// </summary>
internal static class PatchStrategies
{
    private static readonly Dictionary<(Type Type, string Property), (string Strategy, string? MergeKey)> Table = Build();

    public static (string Strategy, string? MergeKey)? For(Type type, string jsonName) =>
        Table.TryGetValue((type, jsonName), out var entry) ? entry : null;

    private static Dictionary<(Type Type, string Property), (string Strategy, string? MergeKey)> Build()
    {
        var table = new Dictionary<(Type Type, string Property), (string Strategy, string? MergeKey)>
        {
            [(typeof(V1PodSpec), "containers")] = ("merge", "name"),
            [(typeof(V1PodSpec), "initContainers")] = ("merge", "name"),
            [(typeof(V1PodSpec), "ephemeralContainers")] = ("merge", "name"),
            [(typeof(V1PodSpec), "volumes")] = ("merge,retainKeys", "name"),
            [(typeof(V1PodSpec), "imagePullSecrets")] = ("merge", "name"),
            [(typeof(V1PodSpec), "hostAliases")] = ("merge", "ip"),
            [(typeof(V1PodSpec), "topologySpreadConstraints")] = ("merge", "topologyKey"),
            [(typeof(V1PodSpec), "schedulingGates")] = ("merge", "name"),
            [(typeof(V1PodSpec), "resourceClaims")] = ("merge,retainKeys", "name"),
            [(typeof(V1ServiceSpec), "ports")] = ("merge", "port"),
            [(typeof(V1DeploymentSpec), "strategy")] = ("retainKeys", null),
            [(typeof(V1ObjectMeta), "finalizers")] = ("merge", null),
            [(typeof(V1ObjectMeta), "ownerReferences")] = ("merge", "uid"),
            [(typeof(V1PodStatus), "podIPs")] = ("merge", "ip"),
            [(typeof(V1PodStatus), "hostIPs")] = ("merge", "ip"),
            [(typeof(V1ServiceAccount), "secrets")] = ("merge", "name"),
            [(typeof(V1NodeStatus), "addresses")] = ("merge", "type"),
        };

        foreach (var container in new[] { typeof(V1Container), typeof(V1EphemeralContainer) })
        {
            table[(container, "ports")] = ("merge", "containerPort");
            table[(container, "env")] = ("merge", "name");
            table[(container, "volumeMounts")] = ("merge", "mountPath");
            table[(container, "volumeDevices")] = ("merge", "devicePath");
        }

        Type[] withConditions =
        [
            typeof(V1PodStatus), typeof(V1NodeStatus), typeof(V1NamespaceStatus), typeof(V1PersistentVolumeClaimStatus),
            typeof(V1ReplicationControllerStatus), typeof(V1DeploymentStatus), typeof(V1ReplicaSetStatus),
            typeof(V1StatefulSetStatus), typeof(V2HorizontalPodAutoscalerStatus),
        ];
        foreach (var status in withConditions)
        {
            table[(status, "conditions")] = ("merge", "type");
        }

        return table;
    }
}
