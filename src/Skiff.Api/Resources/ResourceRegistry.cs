using System.Collections.Frozen;
using k8s.Models;

namespace Skiff.Api.Resources;

/// <summary>The resources Skiff serves, with upstream's names, short names, scope, verbs and categories.</summary>
public sealed class ResourceRegistry
{
    private static readonly string[] AllVerbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
    private static readonly string[] NoDeleteCollection = ["create", "delete", "get", "list", "patch", "update", "watch"];
    private static readonly string[] All = ["all"];

    private readonly FrozenDictionary<(string Group, string Version, string Plural), ResourceDefinition> byPath;
    private readonly FrozenDictionary<Type, ResourceDefinition> byModelType;

    public ResourceRegistry(IEnumerable<ResourceDefinition> resources)
    {
        Resources = [.. resources];
        byPath = Resources.ToFrozenDictionary(r => (r.Group, r.Version, r.Plural));
        byModelType = Resources.GroupBy(r => r.ModelType).ToFrozenDictionary(g => g.Key, g => g.First());
        GroupVersions = [.. Resources.Select(r => (r.Group, r.Version)).Distinct()];
    }

    /// <summary>Every served resource at every served version.</summary>
    public IReadOnlyList<ResourceDefinition> Resources { get; }

    /// <summary>Every served group/version pair, core first, in registration order.</summary>
    public IReadOnlyList<(string Group, string Version)> GroupVersions { get; }

    /// <summary>Preferred version per group (the first registered), as discovery reports it.</summary>
    public string PreferredVersion(string group) => Resources.First(r => r.Group == group).Version;

    public ResourceDefinition? Find(string group, string version, string plural) =>
        byPath.GetValueOrDefault((group, version, plural));

    public ResourceDefinition? FindByModelType(Type modelType) => byModelType.GetValueOrDefault(modelType);

    public ResourceDefinition? FindByKind(string group, string version, string kind) =>
        Resources.FirstOrDefault(r => r.Group == group && r.Version == version && r.Kind == kind);

    /// <summary>The built-in set: what `skiff up` serves.</summary>
    public static ResourceRegistry CreateDefault()
    {
        var hpaV2 = Def("autoscaling", "v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers", "horizontalpodautoscaler",
            ["hpa"], ResourceScope.Namespaced, AllVerbs, All, ["status"], typeof(V2HorizontalPodAutoscaler), typeof(V2HorizontalPodAutoscalerList), true);
        var hpaV1 = Def("autoscaling", "v1", "HorizontalPodAutoscaler", "horizontalpodautoscalers", "horizontalpodautoscaler",
            ["hpa"], ResourceScope.Namespaced, AllVerbs, All, ["status"], typeof(V1HorizontalPodAutoscaler), typeof(V1HorizontalPodAutoscalerList), true)
            with { StorageVersionOf = hpaV2 };
        return new ResourceRegistry(
        [
            Def("", "v1", "Namespace", "namespaces", "namespace", ["ns"], ResourceScope.Cluster, NoDeleteCollection, [], ["status", "finalize"], typeof(V1Namespace), typeof(V1NamespaceList), false),
            Def("", "v1", "Pod", "pods", "pod", ["po"], ResourceScope.Namespaced, AllVerbs, All, ["status", "binding", "eviction"], typeof(V1Pod), typeof(V1PodList), false),
            Def("", "v1", "Node", "nodes", "node", ["no"], ResourceScope.Cluster, AllVerbs, [], ["status"], typeof(V1Node), typeof(V1NodeList), false),
            Def("", "v1", "Service", "services", "service", ["svc"], ResourceScope.Namespaced, AllVerbs, All, ["status"], typeof(V1Service), typeof(V1ServiceList), false),
            Def("", "v1", "Endpoints", "endpoints", "endpoints", ["ep"], ResourceScope.Namespaced, AllVerbs, [], [], typeof(V1Endpoints), typeof(V1EndpointsList), false),
            Def("", "v1", "ConfigMap", "configmaps", "configmap", ["cm"], ResourceScope.Namespaced, AllVerbs, [], [], typeof(V1ConfigMap), typeof(V1ConfigMapList), false),
            Def("", "v1", "Secret", "secrets", "secret", [], ResourceScope.Namespaced, AllVerbs, [], [], typeof(V1Secret), typeof(V1SecretList), false),
            Def("", "v1", "Event", "events", "event", ["ev"], ResourceScope.Namespaced, AllVerbs, [], [], typeof(Corev1Event), typeof(Corev1EventList), false),
            Def("", "v1", "ReplicationController", "replicationcontrollers", "replicationcontroller", ["rc"], ResourceScope.Namespaced, AllVerbs, All, ["status", "scale"], typeof(V1ReplicationController), typeof(V1ReplicationControllerList), true),
            Def("", "v1", "PersistentVolumeClaim", "persistentvolumeclaims", "persistentvolumeclaim", ["pvc"], ResourceScope.Namespaced, AllVerbs, [], ["status"], typeof(V1PersistentVolumeClaim), typeof(V1PersistentVolumeClaimList), false),
            Def("", "v1", "PersistentVolume", "persistentvolumes", "persistentvolume", ["pv"], ResourceScope.Cluster, AllVerbs, [], ["status"], typeof(V1PersistentVolume), typeof(V1PersistentVolumeList), false),
            Def("", "v1", "ServiceAccount", "serviceaccounts", "serviceaccount", ["sa"], ResourceScope.Namespaced, AllVerbs, [], [], typeof(V1ServiceAccount), typeof(V1ServiceAccountList), false),
            Def("apps", "v1", "Deployment", "deployments", "deployment", ["deploy"], ResourceScope.Namespaced, AllVerbs, All, ["status", "scale"], typeof(V1Deployment), typeof(V1DeploymentList), true),
            Def("apps", "v1", "ReplicaSet", "replicasets", "replicaset", ["rs"], ResourceScope.Namespaced, AllVerbs, All, ["status", "scale"], typeof(V1ReplicaSet), typeof(V1ReplicaSetList), true),
            Def("apps", "v1", "StatefulSet", "statefulsets", "statefulset", ["sts"], ResourceScope.Namespaced, AllVerbs, All, ["status", "scale"], typeof(V1StatefulSet), typeof(V1StatefulSetList), true),
            Def("apps", "v1", "ControllerRevision", "controllerrevisions", "controllerrevision", [], ResourceScope.Namespaced, AllVerbs, [], [], typeof(V1ControllerRevision), typeof(V1ControllerRevisionList), false),
            hpaV2,
            hpaV1,
            Def("coordination.k8s.io", "v1", "Lease", "leases", "lease", [], ResourceScope.Namespaced, AllVerbs, [], [], typeof(V1Lease), typeof(V1LeaseList), false),
            Def("discovery.k8s.io", "v1", "EndpointSlice", "endpointslices", "endpointslice", [], ResourceScope.Namespaced, AllVerbs, [], [], typeof(V1EndpointSlice), typeof(V1EndpointSliceList), false),
        ]);
    }

    private static ResourceDefinition Def(string group, string version, string kind, string plural, string singular,
        string[] shortNames, ResourceScope scope, string[] verbs, string[] categories, string[] subresources,
        Type model, Type listModel, bool hasGeneration) =>
        new(group, version, kind, plural, singular, shortNames, scope, verbs, categories, subresources, model, listModel, hasGeneration);
}
