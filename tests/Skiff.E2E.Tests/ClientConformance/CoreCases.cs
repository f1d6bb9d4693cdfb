using k8s;
using k8s.Models;

namespace Skiff.E2E.Tests.ClientConformance;

/// <summary>The core (v1) resources' typed calls.</summary>
internal static class CoreCases
{
    public static IEnumerable<ConformanceCase> All()
    {
        yield return new TypedCalls<V1Namespace>("v1/namespaces", namespaced: false)
        {
            New = name => new V1Namespace { Metadata = Meta(name) },
            Create = (c, o, _) => c.CoreV1.CreateNamespaceAsync(o),
            Read = (c, n, _) => c.CoreV1.ReadNamespaceAsync(n),
            List = async (c, _, sel) => await c.CoreV1.ListNamespaceAsync(labelSelector: sel),
            ListAll = async (c, sel) => await c.CoreV1.ListNamespaceAsync(labelSelector: sel),
            Replace = (c, o, n, _) => c.CoreV1.ReplaceNamespaceAsync(o, n),
            Patch = (c, p, n, _) => c.CoreV1.PatchNamespaceAsync(p, n),
            // Without the namespace controller the deletion waits on the "kubernetes" finalizer; the finalize
            // subresource removes it, which is what the controller does once the namespace is empty.
            Delete = async (c, n, _) =>
            {
                await c.CoreV1.DeleteNamespaceAsync(n);
                var terminating = await c.CoreV1.ReadNamespaceAsync(n);
                Assert.Equal("Terminating", terminating.Status.Phase);
                Assert.NotNull(terminating.Metadata.DeletionTimestamp);
                terminating.Spec.Finalizers = [];
                await c.CoreV1.ReplaceNamespaceFinalizeAsync(terminating, n);
            },
            Watch = (c, _, rv, ct) => c.CoreV1.WatchListNamespaceAsync(resourceVersion: rv, cancellationToken: ct),
            ReadStatus = (c, n, _) => c.CoreV1.ReadNamespaceStatusAsync(n),
            ReplaceStatus = (c, o, n, _) => c.CoreV1.ReplaceNamespaceStatusAsync(o, n),
            PatchStatus = (c, p, n, _) => c.CoreV1.PatchNamespaceStatusAsync(p, n),
            SetStatus = (o, v) => o.Status.Conditions = [Condition(v)],
            StatusPatch = v => $$$"""{"status":{"conditions":[{"type":"NamespaceDeletionContentFailure","status":"False","reason":"R{{{v}}}","lastTransitionTime":"2025-01-01T00:00:00Z"}]}}""",
            StatusValue = o => o.Status?.Conditions?.FirstOrDefault() is { } c ? int.Parse(c.Reason[1..]) : null,
        };
        yield return new TypedCalls<V1Pod>("v1/pods", namespaced: true)
        {
            New = name => new V1Pod { Metadata = Meta(name), Spec = PodSpec() },
            Create = (c, o, ns) => c.CoreV1.CreateNamespacedPodAsync(o, ns),
            Read = (c, n, ns) => c.CoreV1.ReadNamespacedPodAsync(n, ns),
            List = async (c, ns, sel) => await c.CoreV1.ListNamespacedPodAsync(ns, labelSelector: sel),
            ListAll = async (c, sel) => await c.CoreV1.ListPodForAllNamespacesAsync(labelSelector: sel),
            Replace = (c, o, n, ns) => c.CoreV1.ReplaceNamespacedPodAsync(o, n, ns),
            Patch = (c, p, n, ns) => c.CoreV1.PatchNamespacedPodAsync(p, n, ns),
            Delete = (c, n, ns) => c.CoreV1.DeleteNamespacedPodAsync(n, ns),
            DeleteCollection = (c, ns, sel) => c.CoreV1.DeleteCollectionNamespacedPodAsync(ns, labelSelector: sel),
            Watch = (c, ns, rv, ct) => c.CoreV1.WatchListNamespacedPodAsync(ns, resourceVersion: rv, cancellationToken: ct),
            ReadStatus = (c, n, ns) => c.CoreV1.ReadNamespacedPodStatusAsync(n, ns),
            ReplaceStatus = (c, o, n, ns) => c.CoreV1.ReplaceNamespacedPodStatusAsync(o, n, ns),
            PatchStatus = (c, p, n, ns) => c.CoreV1.PatchNamespacedPodStatusAsync(p, n, ns),
            SetStatus = (o, v) => o.Status.Message = $"{v}",
            StatusPatch = v => $$$"""{"status":{"message":"{{{v}}}"}}""",
            StatusValue = o => int.TryParse(o.Status?.Message, out var v) ? v : null,
        };
        yield return new TypedCalls<V1Node>("v1/nodes", namespaced: false)
        {
            New = name => new V1Node { Metadata = Meta(name) },
            Create = (c, o, _) => c.CoreV1.CreateNodeAsync(o),
            Read = (c, n, _) => c.CoreV1.ReadNodeAsync(n),
            List = async (c, _, sel) => await c.CoreV1.ListNodeAsync(labelSelector: sel),
            ListAll = async (c, sel) => await c.CoreV1.ListNodeAsync(labelSelector: sel),
            Replace = (c, o, n, _) => c.CoreV1.ReplaceNodeAsync(o, n),
            Patch = (c, p, n, _) => c.CoreV1.PatchNodeAsync(p, n),
            Delete = (c, n, _) => c.CoreV1.DeleteNodeAsync(n),
            DeleteCollection = (c, _, sel) => c.CoreV1.DeleteCollectionNodeAsync(labelSelector: sel),
            Watch = (c, _, rv, ct) => c.CoreV1.WatchListNodeAsync(resourceVersion: rv, cancellationToken: ct),
            ReadStatus = (c, n, _) => c.CoreV1.ReadNodeStatusAsync(n),
            ReplaceStatus = (c, o, n, _) => c.CoreV1.ReplaceNodeStatusAsync(o, n),
            PatchStatus = (c, p, n, _) => c.CoreV1.PatchNodeStatusAsync(p, n),
            SetStatus = (o, v) => (o.Status ??= new V1NodeStatus()).Capacity = new Dictionary<string, ResourceQuantity> { ["pods"] = new($"{v}") },
            StatusPatch = v => $$$$"""{"status":{"capacity":{"pods":"{{{{v}}}}"}}}""",
            StatusValue = o => o.Status?.Capacity?.TryGetValue("pods", out var q) == true ? int.Parse(q.ToString()) : null,
        };
        yield return new TypedCalls<V1Service>("v1/services", namespaced: true)
        {
            New = name => new V1Service { Metadata = Meta(name), Spec = new V1ServiceSpec { Selector = Labels, Ports = [new V1ServicePort { Port = 80 }] } },
            Create = (c, o, ns) => c.CoreV1.CreateNamespacedServiceAsync(o, ns),
            Read = (c, n, ns) => c.CoreV1.ReadNamespacedServiceAsync(n, ns),
            List = async (c, ns, sel) => await c.CoreV1.ListNamespacedServiceAsync(ns, labelSelector: sel),
            ListAll = async (c, sel) => await c.CoreV1.ListServiceForAllNamespacesAsync(labelSelector: sel),
            Replace = (c, o, n, ns) => c.CoreV1.ReplaceNamespacedServiceAsync(o, n, ns),
            Patch = (c, p, n, ns) => c.CoreV1.PatchNamespacedServiceAsync(p, n, ns),
            Delete = (c, n, ns) => c.CoreV1.DeleteNamespacedServiceAsync(n, ns),
            DeleteCollection = (c, ns, sel) => c.CoreV1.DeleteCollectionNamespacedServiceAsync(ns, labelSelector: sel),
            Watch = (c, ns, rv, ct) => c.CoreV1.WatchListNamespacedServiceAsync(ns, resourceVersion: rv, cancellationToken: ct),
            ReadStatus = (c, n, ns) => c.CoreV1.ReadNamespacedServiceStatusAsync(n, ns),
            ReplaceStatus = (c, o, n, ns) => c.CoreV1.ReplaceNamespacedServiceStatusAsync(o, n, ns),
            PatchStatus = (c, p, n, ns) => c.CoreV1.PatchNamespacedServiceStatusAsync(p, n, ns),
            SetStatus = (o, v) => (o.Status ??= new V1ServiceStatus()).Conditions =
                [new V1Condition { Type = "Ready", Status = "True", Reason = $"R{v}", Message = "m", LastTransitionTime = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc) }],
            StatusPatch = v => $$$"""{"status":{"conditions":[{"type":"Ready","status":"True","reason":"R{{{v}}}","message":"m","lastTransitionTime":"2025-01-01T00:00:00Z"}]}}""",
            StatusValue = o => o.Status?.Conditions?.FirstOrDefault() is { } c ? int.Parse(c.Reason[1..]) : null,
        };
        yield return new TypedCalls<V1Endpoints>("v1/endpoints", namespaced: true)
        {
            New = name => new V1Endpoints
            {
                Metadata = Meta(name),
                Subsets = [new V1EndpointSubset { Addresses = [new V1EndpointAddress { Ip = "10.1.2.3" }], Ports = [new Corev1EndpointPort { Port = 80 }] }],
            },
            Create = (c, o, ns) => c.CoreV1.CreateNamespacedEndpointsAsync(o, ns),
            Read = (c, n, ns) => c.CoreV1.ReadNamespacedEndpointsAsync(n, ns),
            List = async (c, ns, sel) => await c.CoreV1.ListNamespacedEndpointsAsync(ns, labelSelector: sel),
            ListAll = async (c, sel) => await c.CoreV1.ListEndpointsForAllNamespacesAsync(labelSelector: sel),
            Replace = (c, o, n, ns) => c.CoreV1.ReplaceNamespacedEndpointsAsync(o, n, ns),
            Patch = (c, p, n, ns) => c.CoreV1.PatchNamespacedEndpointsAsync(p, n, ns),
            Delete = (c, n, ns) => c.CoreV1.DeleteNamespacedEndpointsAsync(n, ns),
            DeleteCollection = (c, ns, sel) => c.CoreV1.DeleteCollectionNamespacedEndpointsAsync(ns, labelSelector: sel),
            Watch = (c, ns, rv, ct) => c.CoreV1.WatchListNamespacedEndpointsAsync(ns, resourceVersion: rv, cancellationToken: ct),
        };
        yield return new TypedCalls<V1ConfigMap>("v1/configmaps", namespaced: true)
        {
            New = name => new V1ConfigMap { Metadata = Meta(name), Data = new Dictionary<string, string> { ["k"] = "v" } },
            Create = (c, o, ns) => c.CoreV1.CreateNamespacedConfigMapAsync(o, ns),
            Read = (c, n, ns) => c.CoreV1.ReadNamespacedConfigMapAsync(n, ns),
            List = async (c, ns, sel) => await c.CoreV1.ListNamespacedConfigMapAsync(ns, labelSelector: sel),
            ListAll = async (c, sel) => await c.CoreV1.ListConfigMapForAllNamespacesAsync(labelSelector: sel),
            Replace = (c, o, n, ns) => c.CoreV1.ReplaceNamespacedConfigMapAsync(o, n, ns),
            Patch = (c, p, n, ns) => c.CoreV1.PatchNamespacedConfigMapAsync(p, n, ns),
            Delete = (c, n, ns) => c.CoreV1.DeleteNamespacedConfigMapAsync(n, ns),
            DeleteCollection = (c, ns, sel) => c.CoreV1.DeleteCollectionNamespacedConfigMapAsync(ns, labelSelector: sel),
            Watch = (c, ns, rv, ct) => c.CoreV1.WatchListNamespacedConfigMapAsync(ns, resourceVersion: rv, cancellationToken: ct),
        };
        yield return new TypedCalls<V1Secret>("v1/secrets", namespaced: true)
        {
            New = name => new V1Secret { Metadata = Meta(name), Data = new Dictionary<string, byte[]> { ["k"] = "secret"u8.ToArray() } },
            Create = (c, o, ns) => c.CoreV1.CreateNamespacedSecretAsync(o, ns),
            Read = (c, n, ns) => c.CoreV1.ReadNamespacedSecretAsync(n, ns),
            List = async (c, ns, sel) => await c.CoreV1.ListNamespacedSecretAsync(ns, labelSelector: sel),
            ListAll = async (c, sel) => await c.CoreV1.ListSecretForAllNamespacesAsync(labelSelector: sel),
            Replace = (c, o, n, ns) => c.CoreV1.ReplaceNamespacedSecretAsync(o, n, ns),
            Patch = (c, p, n, ns) => c.CoreV1.PatchNamespacedSecretAsync(p, n, ns),
            Delete = (c, n, ns) => c.CoreV1.DeleteNamespacedSecretAsync(n, ns),
            DeleteCollection = (c, ns, sel) => c.CoreV1.DeleteCollectionNamespacedSecretAsync(ns, labelSelector: sel),
            Watch = (c, ns, rv, ct) => c.CoreV1.WatchListNamespacedSecretAsync(ns, resourceVersion: rv, cancellationToken: ct),
        };
        yield return new TypedCalls<Corev1Event>("v1/events", namespaced: true)
        {
            New = name => new Corev1Event
            {
                Metadata = Meta(name),
                InvolvedObject = new V1ObjectReference { ApiVersion = "v1", Kind = "Pod", Name = "p" },
                Reason = "Conformance",
                Message = "typed client",
                Type = "Normal",
                Source = new V1EventSource { Component = "conformance" },
                Count = 1,
                FirstTimestamp = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc),
                LastTimestamp = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            },
            Create = (c, o, ns) =>
            {
                o.InvolvedObject.NamespaceProperty = ns;
                return c.CoreV1.CreateNamespacedEventAsync(o, ns);
            },
            Read = (c, n, ns) => c.CoreV1.ReadNamespacedEventAsync(n, ns),
            List = async (c, ns, sel) => await c.CoreV1.ListNamespacedEventAsync(ns, labelSelector: sel),
            ListAll = async (c, sel) => await c.CoreV1.ListEventForAllNamespacesAsync(labelSelector: sel),
            Replace = (c, o, n, ns) => c.CoreV1.ReplaceNamespacedEventAsync(o, n, ns),
            Patch = (c, p, n, ns) => c.CoreV1.PatchNamespacedEventAsync(p, n, ns),
            Delete = (c, n, ns) => c.CoreV1.DeleteNamespacedEventAsync(n, ns),
            DeleteCollection = (c, ns, sel) => c.CoreV1.DeleteCollectionNamespacedEventAsync(ns, labelSelector: sel),
            Watch = (c, ns, rv, ct) => c.CoreV1.WatchListNamespacedEventAsync(ns, resourceVersion: rv, cancellationToken: ct),
        };
        yield return new TypedCalls<V1ReplicationController>("v1/replicationcontrollers", namespaced: true)
        {
            New = name => new V1ReplicationController
            {
                Metadata = Meta(name),
                Spec = new V1ReplicationControllerSpec { Replicas = 0, Selector = Labels, Template = PodTemplate() },
            },
            Create = (c, o, ns) => c.CoreV1.CreateNamespacedReplicationControllerAsync(o, ns),
            Read = (c, n, ns) => c.CoreV1.ReadNamespacedReplicationControllerAsync(n, ns),
            List = async (c, ns, sel) => await c.CoreV1.ListNamespacedReplicationControllerAsync(ns, labelSelector: sel),
            ListAll = async (c, sel) => await c.CoreV1.ListReplicationControllerForAllNamespacesAsync(labelSelector: sel),
            Replace = (c, o, n, ns) => c.CoreV1.ReplaceNamespacedReplicationControllerAsync(o, n, ns),
            Patch = (c, p, n, ns) => c.CoreV1.PatchNamespacedReplicationControllerAsync(p, n, ns),
            Delete = (c, n, ns) => c.CoreV1.DeleteNamespacedReplicationControllerAsync(n, ns),
            DeleteCollection = (c, ns, sel) => c.CoreV1.DeleteCollectionNamespacedReplicationControllerAsync(ns, labelSelector: sel),
            Watch = (c, ns, rv, ct) => c.CoreV1.WatchListNamespacedReplicationControllerAsync(ns, resourceVersion: rv, cancellationToken: ct),
            ReadStatus = (c, n, ns) => c.CoreV1.ReadNamespacedReplicationControllerStatusAsync(n, ns),
            ReplaceStatus = (c, o, n, ns) => c.CoreV1.ReplaceNamespacedReplicationControllerStatusAsync(o, n, ns),
            PatchStatus = (c, p, n, ns) => c.CoreV1.PatchNamespacedReplicationControllerStatusAsync(p, n, ns),
            SetStatus = (o, v) => (o.Status ??= new V1ReplicationControllerStatus()).ObservedGeneration = v,
            StatusPatch = v => $$$"""{"status":{"observedGeneration":{{{v}}}}}""",
            StatusValue = o => (int?)o.Status?.ObservedGeneration,
            ReadScale = (c, n, ns) => c.CoreV1.ReadNamespacedReplicationControllerScaleAsync(n, ns),
            ReplaceScale = (c, o, n, ns) => c.CoreV1.ReplaceNamespacedReplicationControllerScaleAsync(o, n, ns),
            PatchScale = (c, p, n, ns) => c.CoreV1.PatchNamespacedReplicationControllerScaleAsync(p, n, ns),
        };
        yield return new TypedCalls<V1PersistentVolumeClaim>("v1/persistentvolumeclaims", namespaced: true)
        {
            New = name => new V1PersistentVolumeClaim
            {
                Metadata = Meta(name),
                Spec = new V1PersistentVolumeClaimSpec
                {
                    AccessModes = ["ReadWriteOnce"],
                    Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new("1Gi") } },
                },
            },
            Create = (c, o, ns) => c.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(o, ns),
            Read = (c, n, ns) => c.CoreV1.ReadNamespacedPersistentVolumeClaimAsync(n, ns),
            List = async (c, ns, sel) => await c.CoreV1.ListNamespacedPersistentVolumeClaimAsync(ns, labelSelector: sel),
            ListAll = async (c, sel) => await c.CoreV1.ListPersistentVolumeClaimForAllNamespacesAsync(labelSelector: sel),
            Replace = (c, o, n, ns) => c.CoreV1.ReplaceNamespacedPersistentVolumeClaimAsync(o, n, ns),
            Patch = (c, p, n, ns) => c.CoreV1.PatchNamespacedPersistentVolumeClaimAsync(p, n, ns),
            Delete = (c, n, ns) => c.CoreV1.DeleteNamespacedPersistentVolumeClaimAsync(n, ns),
            DeleteCollection = (c, ns, sel) => c.CoreV1.DeleteCollectionNamespacedPersistentVolumeClaimAsync(ns, labelSelector: sel),
            Watch = (c, ns, rv, ct) => c.CoreV1.WatchListNamespacedPersistentVolumeClaimAsync(ns, resourceVersion: rv, cancellationToken: ct),
            ReadStatus = (c, n, ns) => c.CoreV1.ReadNamespacedPersistentVolumeClaimStatusAsync(n, ns),
            ReplaceStatus = (c, o, n, ns) => c.CoreV1.ReplaceNamespacedPersistentVolumeClaimStatusAsync(o, n, ns),
            PatchStatus = (c, p, n, ns) => c.CoreV1.PatchNamespacedPersistentVolumeClaimStatusAsync(p, n, ns),
            SetStatus = (o, v) => (o.Status ??= new V1PersistentVolumeClaimStatus()).Capacity = new Dictionary<string, ResourceQuantity> { ["storage"] = new($"{v}Gi") },
            StatusPatch = v => $$$$"""{"status":{"capacity":{"storage":"{{{{v}}}}Gi"}}}""",
            StatusValue = o => o.Status?.Capacity?.TryGetValue("storage", out var q) == true ? int.Parse(q.ToString().TrimEnd('i', 'G')) : null,
        };
        yield return new TypedCalls<V1PersistentVolume>("v1/persistentvolumes", namespaced: false)
        {
            New = name => new V1PersistentVolume
            {
                Metadata = Meta(name),
                Spec = new V1PersistentVolumeSpec
                {
                    AccessModes = ["ReadWriteOnce"],
                    Capacity = new Dictionary<string, ResourceQuantity> { ["storage"] = new("1Gi") },
                    HostPath = new V1HostPathVolumeSource { Path = "/tmp/conformance" },
                },
            },
            Create = (c, o, _) => c.CoreV1.CreatePersistentVolumeAsync(o),
            Read = (c, n, _) => c.CoreV1.ReadPersistentVolumeAsync(n),
            List = async (c, _, sel) => await c.CoreV1.ListPersistentVolumeAsync(labelSelector: sel),
            ListAll = async (c, sel) => await c.CoreV1.ListPersistentVolumeAsync(labelSelector: sel),
            Replace = (c, o, n, _) => c.CoreV1.ReplacePersistentVolumeAsync(o, n),
            Patch = (c, p, n, _) => c.CoreV1.PatchPersistentVolumeAsync(p, n),
            Delete = (c, n, _) => c.CoreV1.DeletePersistentVolumeAsync(n),
            DeleteCollection = (c, _, sel) => c.CoreV1.DeleteCollectionPersistentVolumeAsync(labelSelector: sel),
            Watch = (c, _, rv, ct) => c.CoreV1.WatchListPersistentVolumeAsync(resourceVersion: rv, cancellationToken: ct),
            ReadStatus = (c, n, _) => c.CoreV1.ReadPersistentVolumeStatusAsync(n),
            ReplaceStatus = (c, o, n, _) => c.CoreV1.ReplacePersistentVolumeStatusAsync(o, n),
            PatchStatus = (c, p, n, _) => c.CoreV1.PatchPersistentVolumeStatusAsync(p, n),
            SetStatus = (o, v) => (o.Status ??= new V1PersistentVolumeStatus()).Message = $"{v}",
            StatusPatch = v => $$$"""{"status":{"message":"{{{v}}}"}}""",
            StatusValue = o => int.TryParse(o.Status?.Message, out var v) ? v : null,
        };
        yield return new TypedCalls<V1ServiceAccount>("v1/serviceaccounts", namespaced: true)
        {
            New = name => new V1ServiceAccount { Metadata = Meta(name) },
            Create = (c, o, ns) => c.CoreV1.CreateNamespacedServiceAccountAsync(o, ns),
            Read = (c, n, ns) => c.CoreV1.ReadNamespacedServiceAccountAsync(n, ns),
            List = async (c, ns, sel) => await c.CoreV1.ListNamespacedServiceAccountAsync(ns, labelSelector: sel),
            ListAll = async (c, sel) => await c.CoreV1.ListServiceAccountForAllNamespacesAsync(labelSelector: sel),
            Replace = (c, o, n, ns) => c.CoreV1.ReplaceNamespacedServiceAccountAsync(o, n, ns),
            Patch = (c, p, n, ns) => c.CoreV1.PatchNamespacedServiceAccountAsync(p, n, ns),
            Delete = (c, n, ns) => c.CoreV1.DeleteNamespacedServiceAccountAsync(n, ns),
            DeleteCollection = (c, ns, sel) => c.CoreV1.DeleteCollectionNamespacedServiceAccountAsync(ns, labelSelector: sel),
            Watch = (c, ns, rv, ct) => c.CoreV1.WatchListNamespacedServiceAccountAsync(ns, resourceVersion: rv, cancellationToken: ct),
        };
    }

    public static Dictionary<string, string> Labels => new() { ["app"] = "conformance" };

    public static V1ObjectMeta Meta(string name) => new() { Name = name };

    public static V1PodSpec PodSpec() => new() { Containers = [new V1Container { Name = "c", Image = "nginx:1.17" }] };

    public static V1PodTemplateSpec PodTemplate() => new() { Metadata = new V1ObjectMeta { Labels = Labels }, Spec = PodSpec() };

    private static V1NamespaceCondition Condition(int value) =>
        new() { Type = "NamespaceDeletionContentFailure", Status = "False", Reason = $"R{value}", LastTransitionTime = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc) };
}
