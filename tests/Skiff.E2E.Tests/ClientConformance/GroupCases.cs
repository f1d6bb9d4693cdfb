using k8s;
using k8s.Models;

namespace Skiff.E2E.Tests.ClientConformance;

/// <summary>The typed calls of the resources in named groups: apps, autoscaling (v1 and v2), coordination, discovery.</summary>
internal static class GroupCases
{
    public static IEnumerable<ConformanceCase> All()
    {
        var selector = new V1LabelSelector { MatchLabels = CoreCases.Labels };
        yield return new TypedCalls<V1Deployment>("apps/v1/deployments", namespaced: true)
        {
            New = name => new V1Deployment { Metadata = CoreCases.Meta(name), Spec = new V1DeploymentSpec { Replicas = 0, Selector = selector, Template = CoreCases.PodTemplate() } },
            Create = (c, o, ns) => c.AppsV1.CreateNamespacedDeploymentAsync(o, ns),
            Read = (c, n, ns) => c.AppsV1.ReadNamespacedDeploymentAsync(n, ns),
            List = async (c, ns, sel) => await c.AppsV1.ListNamespacedDeploymentAsync(ns, labelSelector: sel),
            ListAll = async (c, sel) => await c.AppsV1.ListDeploymentForAllNamespacesAsync(labelSelector: sel),
            Replace = (c, o, n, ns) => c.AppsV1.ReplaceNamespacedDeploymentAsync(o, n, ns),
            Patch = (c, p, n, ns) => c.AppsV1.PatchNamespacedDeploymentAsync(p, n, ns),
            Delete = (c, n, ns) => c.AppsV1.DeleteNamespacedDeploymentAsync(n, ns),
            DeleteCollection = (c, ns, sel) => c.AppsV1.DeleteCollectionNamespacedDeploymentAsync(ns, labelSelector: sel),
            Watch = (c, ns, rv, ct) => c.AppsV1.WatchListNamespacedDeploymentAsync(ns, resourceVersion: rv, cancellationToken: ct),
            ReadStatus = (c, n, ns) => c.AppsV1.ReadNamespacedDeploymentStatusAsync(n, ns),
            ReplaceStatus = (c, o, n, ns) => c.AppsV1.ReplaceNamespacedDeploymentStatusAsync(o, n, ns),
            PatchStatus = (c, p, n, ns) => c.AppsV1.PatchNamespacedDeploymentStatusAsync(p, n, ns),
            SetStatus = (o, v) => (o.Status ??= new V1DeploymentStatus()).CollisionCount = v,
            StatusPatch = v => $$$"""{"status":{"collisionCount":{{{v}}}}}""",
            StatusValue = o => o.Status?.CollisionCount,
            ReadScale = (c, n, ns) => c.AppsV1.ReadNamespacedDeploymentScaleAsync(n, ns),
            ReplaceScale = (c, o, n, ns) => c.AppsV1.ReplaceNamespacedDeploymentScaleAsync(o, n, ns),
            PatchScale = (c, p, n, ns) => c.AppsV1.PatchNamespacedDeploymentScaleAsync(p, n, ns),
        };
        yield return new TypedCalls<V1ReplicaSet>("apps/v1/replicasets", namespaced: true)
        {
            New = name => new V1ReplicaSet { Metadata = CoreCases.Meta(name), Spec = new V1ReplicaSetSpec { Replicas = 0, Selector = selector, Template = CoreCases.PodTemplate() } },
            Create = (c, o, ns) => c.AppsV1.CreateNamespacedReplicaSetAsync(o, ns),
            Read = (c, n, ns) => c.AppsV1.ReadNamespacedReplicaSetAsync(n, ns),
            List = async (c, ns, sel) => await c.AppsV1.ListNamespacedReplicaSetAsync(ns, labelSelector: sel),
            ListAll = async (c, sel) => await c.AppsV1.ListReplicaSetForAllNamespacesAsync(labelSelector: sel),
            Replace = (c, o, n, ns) => c.AppsV1.ReplaceNamespacedReplicaSetAsync(o, n, ns),
            Patch = (c, p, n, ns) => c.AppsV1.PatchNamespacedReplicaSetAsync(p, n, ns),
            Delete = (c, n, ns) => c.AppsV1.DeleteNamespacedReplicaSetAsync(n, ns),
            DeleteCollection = (c, ns, sel) => c.AppsV1.DeleteCollectionNamespacedReplicaSetAsync(ns, labelSelector: sel),
            Watch = (c, ns, rv, ct) => c.AppsV1.WatchListNamespacedReplicaSetAsync(ns, resourceVersion: rv, cancellationToken: ct),
            ReadStatus = (c, n, ns) => c.AppsV1.ReadNamespacedReplicaSetStatusAsync(n, ns),
            ReplaceStatus = (c, o, n, ns) => c.AppsV1.ReplaceNamespacedReplicaSetStatusAsync(o, n, ns),
            PatchStatus = (c, p, n, ns) => c.AppsV1.PatchNamespacedReplicaSetStatusAsync(p, n, ns),
            SetStatus = (o, v) => (o.Status ??= new V1ReplicaSetStatus()).ObservedGeneration = v,
            StatusPatch = v => $$$"""{"status":{"observedGeneration":{{{v}}}}}""",
            StatusValue = o => (int?)o.Status?.ObservedGeneration,
            ReadScale = (c, n, ns) => c.AppsV1.ReadNamespacedReplicaSetScaleAsync(n, ns),
            ReplaceScale = (c, o, n, ns) => c.AppsV1.ReplaceNamespacedReplicaSetScaleAsync(o, n, ns),
            PatchScale = (c, p, n, ns) => c.AppsV1.PatchNamespacedReplicaSetScaleAsync(p, n, ns),
        };
        yield return new TypedCalls<V1StatefulSet>("apps/v1/statefulsets", namespaced: true)
        {
            New = name => new V1StatefulSet
            {
                Metadata = CoreCases.Meta(name),
                Spec = new V1StatefulSetSpec { Replicas = 0, ServiceName = "headless", Selector = selector, Template = CoreCases.PodTemplate() },
            },
            Create = (c, o, ns) => c.AppsV1.CreateNamespacedStatefulSetAsync(o, ns),
            Read = (c, n, ns) => c.AppsV1.ReadNamespacedStatefulSetAsync(n, ns),
            List = async (c, ns, sel) => await c.AppsV1.ListNamespacedStatefulSetAsync(ns, labelSelector: sel),
            ListAll = async (c, sel) => await c.AppsV1.ListStatefulSetForAllNamespacesAsync(labelSelector: sel),
            Replace = (c, o, n, ns) => c.AppsV1.ReplaceNamespacedStatefulSetAsync(o, n, ns),
            Patch = (c, p, n, ns) => c.AppsV1.PatchNamespacedStatefulSetAsync(p, n, ns),
            Delete = (c, n, ns) => c.AppsV1.DeleteNamespacedStatefulSetAsync(n, ns),
            DeleteCollection = (c, ns, sel) => c.AppsV1.DeleteCollectionNamespacedStatefulSetAsync(ns, labelSelector: sel),
            Watch = (c, ns, rv, ct) => c.AppsV1.WatchListNamespacedStatefulSetAsync(ns, resourceVersion: rv, cancellationToken: ct),
            ReadStatus = (c, n, ns) => c.AppsV1.ReadNamespacedStatefulSetStatusAsync(n, ns),
            ReplaceStatus = (c, o, n, ns) => c.AppsV1.ReplaceNamespacedStatefulSetStatusAsync(o, n, ns),
            PatchStatus = (c, p, n, ns) => c.AppsV1.PatchNamespacedStatefulSetStatusAsync(p, n, ns),
            SetStatus = (o, v) => (o.Status ??= new V1StatefulSetStatus()).ObservedGeneration = v,
            StatusPatch = v => $$$"""{"status":{"observedGeneration":{{{v}}}}}""",
            StatusValue = o => (int?)o.Status?.ObservedGeneration,
            ReadScale = (c, n, ns) => c.AppsV1.ReadNamespacedStatefulSetScaleAsync(n, ns),
            ReplaceScale = (c, o, n, ns) => c.AppsV1.ReplaceNamespacedStatefulSetScaleAsync(o, n, ns),
            PatchScale = (c, p, n, ns) => c.AppsV1.PatchNamespacedStatefulSetScaleAsync(p, n, ns),
        };
        yield return new TypedCalls<V1ControllerRevision>("apps/v1/controllerrevisions", namespaced: true)
        {
            New = name => new V1ControllerRevision { Metadata = CoreCases.Meta(name), Revision = 1, Data = new Dictionary<string, object> { ["spec"] = "x" } },
            Create = (c, o, ns) => c.AppsV1.CreateNamespacedControllerRevisionAsync(o, ns),
            Read = (c, n, ns) => c.AppsV1.ReadNamespacedControllerRevisionAsync(n, ns),
            List = async (c, ns, sel) => await c.AppsV1.ListNamespacedControllerRevisionAsync(ns, labelSelector: sel),
            ListAll = async (c, sel) => await c.AppsV1.ListControllerRevisionForAllNamespacesAsync(labelSelector: sel),
            Replace = (c, o, n, ns) => c.AppsV1.ReplaceNamespacedControllerRevisionAsync(o, n, ns),
            Patch = (c, p, n, ns) => c.AppsV1.PatchNamespacedControllerRevisionAsync(p, n, ns),
            Delete = (c, n, ns) => c.AppsV1.DeleteNamespacedControllerRevisionAsync(n, ns),
            DeleteCollection = (c, ns, sel) => c.AppsV1.DeleteCollectionNamespacedControllerRevisionAsync(ns, labelSelector: sel),
            Watch = (c, ns, rv, ct) => c.AppsV1.WatchListNamespacedControllerRevisionAsync(ns, resourceVersion: rv, cancellationToken: ct),
        };
        yield return new TypedCalls<V2HorizontalPodAutoscaler>("autoscaling/v2/horizontalpodautoscalers", namespaced: true)
        {
            New = name => new V2HorizontalPodAutoscaler
            {
                Metadata = CoreCases.Meta(name),
                Spec = new V2HorizontalPodAutoscalerSpec
                {
                    ScaleTargetRef = new V2CrossVersionObjectReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = "web" },
                    MinReplicas = 1,
                    MaxReplicas = 3,
                },
            },
            Create = (c, o, ns) => c.AutoscalingV2.CreateNamespacedHorizontalPodAutoscalerAsync(o, ns),
            Read = (c, n, ns) => c.AutoscalingV2.ReadNamespacedHorizontalPodAutoscalerAsync(n, ns),
            List = async (c, ns, sel) => await c.AutoscalingV2.ListNamespacedHorizontalPodAutoscalerAsync(ns, labelSelector: sel),
            ListAll = async (c, sel) => await c.AutoscalingV2.ListHorizontalPodAutoscalerForAllNamespacesAsync(labelSelector: sel),
            Replace = (c, o, n, ns) => c.AutoscalingV2.ReplaceNamespacedHorizontalPodAutoscalerAsync(o, n, ns),
            Patch = (c, p, n, ns) => c.AutoscalingV2.PatchNamespacedHorizontalPodAutoscalerAsync(p, n, ns),
            Delete = (c, n, ns) => c.AutoscalingV2.DeleteNamespacedHorizontalPodAutoscalerAsync(n, ns),
            DeleteCollection = (c, ns, sel) => c.AutoscalingV2.DeleteCollectionNamespacedHorizontalPodAutoscalerAsync(ns, labelSelector: sel),
            Watch = (c, ns, rv, ct) => c.AutoscalingV2.WatchListNamespacedHorizontalPodAutoscalerAsync(ns, resourceVersion: rv, cancellationToken: ct),
            ReadStatus = (c, n, ns) => c.AutoscalingV2.ReadNamespacedHorizontalPodAutoscalerStatusAsync(n, ns),
            ReplaceStatus = (c, o, n, ns) => c.AutoscalingV2.ReplaceNamespacedHorizontalPodAutoscalerStatusAsync(o, n, ns),
            PatchStatus = (c, p, n, ns) => c.AutoscalingV2.PatchNamespacedHorizontalPodAutoscalerStatusAsync(p, n, ns),
            SetStatus = (o, v) => (o.Status ??= new V2HorizontalPodAutoscalerStatus()).CurrentReplicas = v,
            StatusPatch = v => $$$"""{"status":{"currentReplicas":{{{v}}}}}""",
            StatusValue = o => o.Status?.CurrentReplicas,
        };
        yield return new TypedCalls<V1HorizontalPodAutoscaler>("autoscaling/v1/horizontalpodautoscalers", namespaced: true)
        {
            New = name => new V1HorizontalPodAutoscaler
            {
                Metadata = CoreCases.Meta(name),
                Spec = new V1HorizontalPodAutoscalerSpec
                {
                    ScaleTargetRef = new V1CrossVersionObjectReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = "web" },
                    MinReplicas = 1,
                    MaxReplicas = 3,
                    TargetCPUUtilizationPercentage = 50,
                },
            },
            Create = (c, o, ns) => c.AutoscalingV1.CreateNamespacedHorizontalPodAutoscalerAsync(o, ns),
            Read = (c, n, ns) => c.AutoscalingV1.ReadNamespacedHorizontalPodAutoscalerAsync(n, ns),
            List = async (c, ns, sel) => await c.AutoscalingV1.ListNamespacedHorizontalPodAutoscalerAsync(ns, labelSelector: sel),
            ListAll = async (c, sel) => await c.AutoscalingV1.ListHorizontalPodAutoscalerForAllNamespacesAsync(labelSelector: sel),
            Replace = (c, o, n, ns) => c.AutoscalingV1.ReplaceNamespacedHorizontalPodAutoscalerAsync(o, n, ns),
            Patch = (c, p, n, ns) => c.AutoscalingV1.PatchNamespacedHorizontalPodAutoscalerAsync(p, n, ns),
            Delete = (c, n, ns) => c.AutoscalingV1.DeleteNamespacedHorizontalPodAutoscalerAsync(n, ns),
            DeleteCollection = (c, ns, sel) => c.AutoscalingV1.DeleteCollectionNamespacedHorizontalPodAutoscalerAsync(ns, labelSelector: sel),
            Watch = (c, ns, rv, ct) => c.AutoscalingV1.WatchListNamespacedHorizontalPodAutoscalerAsync(ns, resourceVersion: rv, cancellationToken: ct),
            ReadStatus = (c, n, ns) => c.AutoscalingV1.ReadNamespacedHorizontalPodAutoscalerStatusAsync(n, ns),
            ReplaceStatus = (c, o, n, ns) => c.AutoscalingV1.ReplaceNamespacedHorizontalPodAutoscalerStatusAsync(o, n, ns),
            PatchStatus = (c, p, n, ns) => c.AutoscalingV1.PatchNamespacedHorizontalPodAutoscalerStatusAsync(p, n, ns),
            SetStatus = (o, v) => (o.Status ??= new V1HorizontalPodAutoscalerStatus()).CurrentReplicas = v,
            StatusPatch = v => $$$"""{"status":{"currentReplicas":{{{v}}}}}""",
            StatusValue = o => o.Status?.CurrentReplicas,
        };
        yield return new TypedCalls<V1Lease>("coordination.k8s.io/v1/leases", namespaced: true)
        {
            New = name => new V1Lease { Metadata = CoreCases.Meta(name), Spec = new V1LeaseSpec { HolderIdentity = "conformance", LeaseDurationSeconds = 40 } },
            Create = (c, o, ns) => c.CoordinationV1.CreateNamespacedLeaseAsync(o, ns),
            Read = (c, n, ns) => c.CoordinationV1.ReadNamespacedLeaseAsync(n, ns),
            List = async (c, ns, sel) => await c.CoordinationV1.ListNamespacedLeaseAsync(ns, labelSelector: sel),
            ListAll = async (c, sel) => await c.CoordinationV1.ListLeaseForAllNamespacesAsync(labelSelector: sel),
            Replace = (c, o, n, ns) => c.CoordinationV1.ReplaceNamespacedLeaseAsync(o, n, ns),
            Patch = (c, p, n, ns) => c.CoordinationV1.PatchNamespacedLeaseAsync(p, n, ns),
            Delete = (c, n, ns) => c.CoordinationV1.DeleteNamespacedLeaseAsync(n, ns),
            DeleteCollection = (c, ns, sel) => c.CoordinationV1.DeleteCollectionNamespacedLeaseAsync(ns, labelSelector: sel),
            Watch = (c, ns, rv, ct) => c.CoordinationV1.WatchListNamespacedLeaseAsync(ns, resourceVersion: rv, cancellationToken: ct),
        };
        yield return new TypedCalls<V1EndpointSlice>("discovery.k8s.io/v1/endpointslices", namespaced: true)
        {
            New = name => new V1EndpointSlice
            {
                Metadata = CoreCases.Meta(name),
                AddressType = "IPv4",
                Endpoints = [new V1Endpoint { Addresses = ["10.1.2.3"] }],
                Ports = [new Discoveryv1EndpointPort { Port = 80, Protocol = "TCP" }],
            },
            Create = (c, o, ns) => c.DiscoveryV1.CreateNamespacedEndpointSliceAsync(o, ns),
            Read = (c, n, ns) => c.DiscoveryV1.ReadNamespacedEndpointSliceAsync(n, ns),
            List = async (c, ns, sel) => await c.DiscoveryV1.ListNamespacedEndpointSliceAsync(ns, labelSelector: sel),
            ListAll = async (c, sel) => await c.DiscoveryV1.ListEndpointSliceForAllNamespacesAsync(labelSelector: sel),
            Replace = (c, o, n, ns) => c.DiscoveryV1.ReplaceNamespacedEndpointSliceAsync(o, n, ns),
            Patch = (c, p, n, ns) => c.DiscoveryV1.PatchNamespacedEndpointSliceAsync(p, n, ns),
            Delete = (c, n, ns) => c.DiscoveryV1.DeleteNamespacedEndpointSliceAsync(n, ns),
            DeleteCollection = (c, ns, sel) => c.DiscoveryV1.DeleteCollectionNamespacedEndpointSliceAsync(ns, labelSelector: sel),
            Watch = (c, ns, rv, ct) => c.DiscoveryV1.WatchListNamespacedEndpointSliceAsync(ns, resourceVersion: rv, cancellationToken: ct),
        };
    }
}
