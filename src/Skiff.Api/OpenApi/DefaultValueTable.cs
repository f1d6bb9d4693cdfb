using System.Collections.Frozen;
using System.Text.Json.Nodes;
using k8s.Models;

namespace Skiff.Api.OpenApi;

/// <summary>
/// The <c>default</c>s upstream's v3 schemas publish that the client models cannot tell us: struct fields held by
/// value (upstream publishes their zero value, {}, while pointers get none, and both are plain classes here), the
/// zero value of optional scalars without omitempty, and the <c>+default=</c> markers. Checked against the
/// kube-apiserver v1.32 /openapi/v3 documents of the served group/versions.
/// </summary>
internal static class DefaultValueTable
{
    private static readonly FrozenDictionary<(Type, string), JsonNode> Entries = Build();

    /// <summary>The default upstream publishes for <paramref name="jsonName"/> on <paramref name="model"/>, beyond the required scalars' zero values.</summary>
    public static JsonNode? Find(Type model, string jsonName) =>
        Entries.TryGetValue((model, jsonName), out var value) ? value.DeepClone() : null;

    private static FrozenDictionary<(Type, string), JsonNode> Build()
    {
        var rows = new Dictionary<(Type, string), JsonNode>();
        void Value(Type type, params string[] fields)
        {
            foreach (var field in fields)
            {
                rows.Add((type, field), new JsonObject());
            }
        }

        void Default(Type type, string field, JsonNode value) => rows.Add((type, field), value);

        // Struct fields held by value (not pointers); metadata, spec, status and list items are handled by rule.
        Value(typeof(V1DeploymentSpec), "strategy", "template");
        Value(typeof(V1ReplicaSetSpec), "template");
        Value(typeof(V1StatefulSetSpec), "template", "updateStrategy");
        Value(typeof(V1HorizontalPodAutoscalerSpec), "scaleTargetRef");
        Value(typeof(V2HorizontalPodAutoscalerSpec), "scaleTargetRef");
        Value(typeof(V2ObjectMetricSource), "describedObject", "metric", "target");
        Value(typeof(V2PodsMetricSource), "metric", "target");
        Value(typeof(V2ResourceMetricSource), "target");
        Value(typeof(V2ContainerResourceMetricSource), "target");
        Value(typeof(V2ExternalMetricSource), "metric", "target");
        Value(typeof(V2ObjectMetricStatus), "current", "describedObject", "metric");
        Value(typeof(V2PodsMetricStatus), "current", "metric");
        Value(typeof(V2ResourceMetricStatus), "current");
        Value(typeof(V2ContainerResourceMetricStatus), "current");
        Value(typeof(V2ExternalMetricStatus), "current", "metric");
        Value(typeof(V1Endpoint), "conditions");
        Value(typeof(V1Container), "resources");
        Value(typeof(V1EphemeralContainer), "resources");
        Value(typeof(V1ContainerStatus), "lastState", "state");
        Value(typeof(V1PreferredSchedulingTerm), "preference");
        Value(typeof(V1WeightedPodAffinityTerm), "podAffinityTerm");
        Value(typeof(V1PersistentVolumeClaimSpec), "resources");
        Value(typeof(V1NodeStatus), "daemonEndpoints", "nodeInfo");
        Value(typeof(V1NodeDaemonEndpoints), "kubeletEndpoint");
        Value(typeof(V1ServiceStatus), "loadBalancer");
        Value(typeof(Corev1Event), "involvedObject", "source");

        // +default markers.
        Default(typeof(V1ContainerPort), "protocol", "TCP");
        Default(typeof(V1ServicePort), "protocol", "TCP");
        Default(typeof(V1GRPCAction), "service", "");
        foreach (var reference in new[]
        {
            typeof(V1LocalObjectReference), typeof(V1ConfigMapEnvSource), typeof(V1ConfigMapKeySelector), typeof(V1ConfigMapProjection),
            typeof(V1ConfigMapVolumeSource), typeof(V1SecretEnvSource), typeof(V1SecretKeySelector), typeof(V1SecretProjection),
        })
        {
            // LocalObjectReference.name carries +default="", and these embed it.
            Default(reference, "name", "");
        }

        Default(typeof(V1AzureDiskVolumeSource), "cachingMode", "ReadWrite");
        Default(typeof(V1AzureDiskVolumeSource), "fsType", "ext4");
        Default(typeof(V1AzureDiskVolumeSource), "kind", "Shared");
        Default(typeof(V1AzureDiskVolumeSource), "readOnly", false);
        foreach (var iscsi in new[] { typeof(V1ISCSIVolumeSource), typeof(V1ISCSIPersistentVolumeSource) })
        {
            Default(iscsi, "iscsiInterface", "default");
        }

        foreach (var rbd in new[] { typeof(V1RBDVolumeSource), typeof(V1RBDPersistentVolumeSource) })
        {
            Default(rbd, "keyring", "/etc/ceph/keyring");
            Default(rbd, "pool", "rbd");
            Default(rbd, "user", "admin");
        }

        foreach (var scaleIo in new[] { typeof(V1ScaleIOVolumeSource), typeof(V1ScaleIOPersistentVolumeSource) })
        {
            Default(scaleIo, "fsType", "xfs");
            Default(scaleIo, "storageMode", "ThinProvisioned");
        }

        // Optional scalars without omitempty: upstream publishes their zero value without requiring them.
        Default(typeof(V1StatefulSetOrdinals), "start", 0);
        Default(typeof(V1StatefulSetStatus), "availableReplicas", 0);
        Default(typeof(V1NodeRuntimeHandler), "name", "");
        Default(typeof(Corev1Event), "reportingComponent", "");
        Default(typeof(Corev1Event), "reportingInstance", "");
        return rows.ToFrozenDictionary();
    }
}
