using k8s.Models;
using Skiff.Api.Admission;
using static Skiff.Api.Tests.Admission.AdmissionFixtures;

namespace Skiff.Api.Tests.Admission;

/// <summary>
/// Updates that change an immutable field, as upstream's ValidateXUpdate refuses them: each case builds the stored
/// object and the update from a valid example and names the cause upstream reports (or that none is reported).
/// </summary>
public class ImmutableFieldsTests
{
    private const string PodRule =
        "Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

    private const string StatefulSetRule =
        "Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";

    private const string ClaimSpecRule = "Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims";

    private const string Claim = """
        {"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"data","namespace":"default"},
         "spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}}
        """;

    /// <summary>Expected is null when the update must be accepted; Prefix compares only the start of the message (for causes that end in a diff).</summary>
    private sealed record Case(Func<(object Updated, object Old)> Build, FieldError? Expected, bool Prefix = false);

    private static Case Of<T>(string json, Action<T>? editOld, Action<T> editNew, string? type, string field = "", string message = "", bool prefix = false) =>
        new(() => (Admitted(json, editNew)!, Admitted(json, editOld)!), type is null ? null : new FieldError(type, field, message), prefix);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        // Deployment and ReplicaSet: apps/v1 selectors are immutable; the rest of the spec may change.
        ["deployment selector"] = Of<V1Deployment>(Deployment, null, d => { d.Spec.Selector.MatchLabels["app"] = "api"; d.Spec.Template.Metadata.Labels["app"] = "api"; },
            "FieldValueInvalid", "spec.selector",
            "Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"api\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable"),
        ["deployment strategy and replicas may change"] = Of<V1Deployment>(Deployment, null, d =>
        {
            d.Spec.Replicas = 4;
            d.Spec.Strategy = new V1DeploymentStrategy { Type = "Recreate" };
            d.Spec.Template.Spec.Containers[0].Ports[0].ContainerPort = 8080;
        }, null),
        ["replicaset selector"] = Of<V1ReplicaSet>(ReplicaSetWithExpressions, null, r => r.Spec.Selector.MatchLabels["tier"] = "front",
            "FieldValueInvalid", "spec.selector", "", prefix: true),
        ["replicaset replicas may change"] = Of<V1ReplicaSet>(ReplicaSetWithExpressions, null, r => r.Spec.Replicas = 7, null),
        ["replication controller selector may change"] = Of<V1ReplicationController>(NginxReplicationController, null, r =>
        {
            r.Spec.Selector["track"] = "canary";
            r.Spec.Template.Metadata.Labels["track"] = "canary";
        }, null),

        // StatefulSet: only replicas, ordinals, template, updateStrategy, retention policy and minReadySeconds.
        ["statefulset serviceName"] = Of<V1StatefulSet>(StatefulSet, null, s => s.Spec.ServiceName = "db-headless", "FieldValueForbidden", "spec", StatefulSetRule),
        ["statefulset podManagementPolicy"] = Of<V1StatefulSet>(StatefulSet, null, s => s.Spec.PodManagementPolicy = "Parallel", "FieldValueForbidden", "spec", StatefulSetRule),
        ["statefulset volumeClaimTemplates"] = Of<V1StatefulSet>(StatefulSet, null, s => s.Spec.VolumeClaimTemplates[0].Spec.AccessModes = ["ReadWriteMany"],
            "FieldValueForbidden", "spec", StatefulSetRule),
        ["statefulset revisionHistoryLimit"] = Of<V1StatefulSet>(StatefulSet, null, s => s.Spec.RevisionHistoryLimit = 3, "FieldValueForbidden", "spec", StatefulSetRule),
        ["statefulset ordinals and minReadySeconds may change"] = Of<V1StatefulSet>(StatefulSet, null, s =>
        {
            s.Spec.Ordinals = new V1StatefulSetOrdinals { Start = 5 };
            s.Spec.MinReadySeconds = 15;
            s.Spec.Replicas = 1;
        }, null),

        // Service: cluster IPs are fixed once allocated, except for ExternalName and a released secondary.
        ["service clusterIP"] = Of<V1Service>(Service, s => s.Spec.ClusterIP = "10.96.0.10", s => s.Spec.ClusterIP = "10.96.0.11",
            "FieldValueInvalid", "spec.clusterIPs[0]", "Invalid value: []string{\"10.96.0.11\"}: may not change once set"),
        ["service clusterIP to headless"] = Of<V1Service>(Service, s => s.Spec.ClusterIP = "10.96.0.10", s => s.Spec.ClusterIP = "None",
            "FieldValueInvalid", "spec.clusterIPs[0]", "Invalid value: []string{\"None\"}: may not change once set"),
        ["service secondary clusterIP may be added"] = Of<V1Service>(Service, s => s.Spec.ClusterIP = "10.96.0.10", s =>
        {
            s.Spec.ClusterIP = "10.96.0.10";
            s.Spec.ClusterIPs = ["10.96.0.10", "fd00::10"];
            s.Spec.IpFamilyPolicy = "PreferDualStack";
            s.Spec.IpFamilies = ["IPv4", "IPv6"];
        }, null),
        ["service secondary released without SingleStack"] = Of<V1Service>(Service, s =>
        {
            s.Spec.ClusterIP = "10.96.0.10";
            s.Spec.ClusterIPs = ["10.96.0.10", "fd00::10"];
            s.Spec.IpFamilyPolicy = "PreferDualStack";
            s.Spec.IpFamilies = ["IPv4", "IPv6"];
        }, s =>
        {
            s.Spec.ClusterIP = "10.96.0.10";
            s.Spec.ClusterIPs = ["10.96.0.10"];
            s.Spec.IpFamilyPolicy = "PreferDualStack";
            s.Spec.IpFamilies = ["IPv4"];
        }, "FieldValueInvalid", "spec.ipFamilyPolicy", "Invalid value: \"PreferDualStack\": must be set to 'SingleStack' when releasing the secondary clusterIP"),
        ["service ipFamily"] = Of<V1Service>(Service, s => s.Spec.ClusterIP = "10.96.0.10", s => { s.Spec.ClusterIP = "10.96.0.10"; s.Spec.IpFamilies = ["IPv6"]; },
            "FieldValueInvalid", "spec.ipFamilies[0]", "Invalid value: []string{\"IPv6\"}: may not change once set"),
        ["service to ExternalName drops its clusterIP"] = Of<V1Service>(Service, s => s.Spec.ClusterIP = "10.96.0.10", s =>
        {
            s.Spec.Type = "ExternalName";
            s.Spec.ExternalName = "db.example.com";
        }, null),

        // Pod: images, a lower activeDeadlineSeconds and added tolerations only.
        ["pod image may change"] = Of<V1Pod>(Pod, null, p =>
        {
            // As with kubectl set image, the stored pull policy comes along with the patched object.
            p.Spec.Containers[0].Image = "busybox:1.36";
            p.Spec.Containers[0].ImagePullPolicy = "Always";
        }, null),
        ["pod container port"] = Of<V1Pod>(Pod, p => p.Spec.Containers[0].Ports = [new V1ContainerPort { ContainerPort = 80 }],
            p => p.Spec.Containers[0].Ports = [new V1ContainerPort { ContainerPort = 8080 }], "FieldValueForbidden", "spec", PodRule + "\n", prefix: true),
        ["pod nodeSelector"] = Of<V1Pod>(Pod, null, p => p.Spec.NodeSelector = new Dictionary<string, string> { ["disk"] = "ssd" },
            "FieldValueForbidden", "spec", PodRule + "\n", prefix: true),
        ["pod container added"] = Of<V1Pod>(Pod, null, p => p.Spec.Containers.Add(new V1Container { Name = "side", Image = "busybox" }),
            "FieldValueForbidden", "spec.containers", "Forbidden: pod updates may not add or remove containers"),
        ["pod image removed"] = Of<V1Pod>(Pod, null, p => p.Spec.Containers[0].Image = "", "FieldValueRequired", "spec.containers[0].image", "Required value"),
        ["pod activeDeadlineSeconds set"] = Of<V1Pod>(Pod, null, p => p.Spec.ActiveDeadlineSeconds = 600, null),
        ["pod activeDeadlineSeconds raised"] = Of<V1Pod>(Pod, p => p.Spec.ActiveDeadlineSeconds = 60, p => p.Spec.ActiveDeadlineSeconds = 600,
            "FieldValueInvalid", "spec.activeDeadlineSeconds", "Invalid value: 600: must be less than or equal to previous value"),
        ["pod activeDeadlineSeconds removed"] = Of<V1Pod>(Pod, p => p.Spec.ActiveDeadlineSeconds = 60, p => p.Spec.ActiveDeadlineSeconds = null,
            "FieldValueInvalid", "spec.activeDeadlineSeconds", "Invalid value: null: must not update from a positive integer to nil value"),
        ["pod toleration added"] = Of<V1Pod>(Pod, null, p => p.Spec.Tolerations = [new V1Toleration { Key = "dedicated", OperatorProperty = "Exists" }], null),
        ["pod toleration removed"] = Of<V1Pod>(Pod, p => p.Spec.Tolerations = [new V1Toleration { Key = "dedicated", OperatorProperty = "Exists" }], p => p.Spec.Tolerations = [],
            "FieldValueForbidden", "spec.tolerations", "Forbidden: existing toleration can not be modified except its tolerationSeconds"),
        ["pod tolerationSeconds may change"] = Of<V1Pod>(Pod,
            p => p.Spec.Tolerations = [new V1Toleration { Key = "node.kubernetes.io/unreachable", OperatorProperty = "Exists", Effect = "NoExecute", TolerationSeconds = 300 }],
            p => p.Spec.Tolerations = [new V1Toleration { Key = "node.kubernetes.io/unreachable", OperatorProperty = "Exists", Effect = "NoExecute", TolerationSeconds = 30 }], null),
        ["pod negative grace period may become 1"] = Of<V1Pod>(Pod, p => p.Spec.TerminationGracePeriodSeconds = -1, p => p.Spec.TerminationGracePeriodSeconds = 1, null),
        ["pod grace period"] = Of<V1Pod>(Pod, null, p => p.Spec.TerminationGracePeriodSeconds = 5, "FieldValueForbidden", "spec", PodRule + "\n", prefix: true),

        // PersistentVolumeClaim: the spec is fixed, except the storage request of a bound claim.
        ["pvc storage of a pending claim"] = Of<V1PersistentVolumeClaim>(Claim, null, c => c.Spec.Resources.Requests["storage"] = new ResourceQuantity("2Gi"),
            "FieldValueForbidden", "spec", ClaimSpecRule + "\n", prefix: true),
        ["pvc storage of a bound claim may grow"] = Of<V1PersistentVolumeClaim>(Claim, c => c.Status = new V1PersistentVolumeClaimStatus { Phase = "Bound" }, c =>
        {
            c.Status = new V1PersistentVolumeClaimStatus { Phase = "Bound" };
            c.Spec.Resources.Requests["storage"] = new ResourceQuantity("2Gi");
        }, null),
        ["pvc storage of a bound claim below its capacity"] = Of<V1PersistentVolumeClaim>(Claim, c =>
        {
            c.Status = new V1PersistentVolumeClaimStatus { Phase = "Bound", Capacity = new Dictionary<string, ResourceQuantity> { ["storage"] = new("1Gi") } };
        }, c =>
        {
            c.Status = new V1PersistentVolumeClaimStatus { Phase = "Bound" };
            c.Spec.Resources.Requests["storage"] = new ResourceQuantity("512Mi");
        }, "FieldValueForbidden", "spec.resources.requests.storage", "Forbidden: field can not be less than status.capacity"),
        ["pvc access modes"] = Of<V1PersistentVolumeClaim>(Claim, null, c => c.Spec.AccessModes = ["ReadWriteMany"], "FieldValueForbidden", "spec", ClaimSpecRule + "\n", prefix: true),
        ["pvc volumeName may be set once"] = Of<V1PersistentVolumeClaim>(Claim, null, c => c.Spec.VolumeName = "pv-1", null),
        ["pvc volumeMode"] = Of<V1PersistentVolumeClaim>(Claim, null, c => c.Spec.VolumeMode = "Block", "FieldValueInvalid", "volumeMode", "Invalid value: \"Block\": field is immutable"),

        // ConfigMap and Secret marked immutable.
        ["immutable configmap binaryData"] = Of<V1ConfigMap>(ConfigMap, c => c.Immutable = true, c => { c.Immutable = true; c.BinaryData = new Dictionary<string, byte[]> { ["bin"] = [1] }; },
            "FieldValueForbidden", "binaryData", "Forbidden: field is immutable when `immutable` is set"),
        ["immutable secret data"] = Of<V1Secret>(Secret, s => s.Immutable = true, s => { s.Immutable = true; s.Data["password"] = [9]; },
            "FieldValueForbidden", "data", "Forbidden: field is immutable when `immutable` is set"),
    };

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Update_reports_upstreams_cause(string caseName)
    {
        var testCase = Cases[caseName];
        var (updated, old) = testCase.Build();

        var errors = ObjectValidator.ValidateUpdate(updated, old);

        if (testCase.Expected is null)
        {
            Assert.Empty(errors);
        }
        else if (testCase.Prefix)
        {
            Assert.Contains(errors, e => e.Type == testCase.Expected.Type && e.Field == testCase.Expected.Field && e.Message.StartsWith(testCase.Expected.Message, StringComparison.Ordinal));
        }
        else
        {
            Assert.Contains(testCase.Expected, errors);
        }
    }

    [Fact]
    public void Pod_update_cause_carries_a_diff_of_the_changed_field()
    {
        var old = Admitted<V1Pod>(Pod, p => p.Spec.Containers[0].Ports = [new V1ContainerPort { ContainerPort = 80 }]);
        var updated = Admitted<V1Pod>(Pod, p => p.Spec.Containers[0].Ports = [new V1ContainerPort { ContainerPort = 8080 }]);

        var error = Assert.Single(ObjectValidator.ValidateUpdate(updated, old));

        var diff = error.Message[(PodRule.Length + 1)..];
        Assert.StartsWith("  core.PodSpec{\n", diff, StringComparison.Ordinal);
        Assert.Contains("\n- \t\t\t\t\tContainerPort: 80,\n+ \t\t\t\t\tContainerPort: 8080,\n", diff, StringComparison.Ordinal);
        Assert.DoesNotContain("Image:", diff, StringComparison.Ordinal);
        Assert.EndsWith("  }\n", diff, StringComparison.Ordinal);
    }

    [Fact]
    public void Pod_image_change_is_not_part_of_the_diff()
    {
        var old = Admitted<V1Pod>(Pod);
        var updated = Admitted<V1Pod>(Pod, p =>
        {
            p.Spec.Containers[0].Image = "busybox:1.36";
            p.Spec.Containers[0].ImagePullPolicy = "Always";
            p.Spec.Containers[0].Args = ["-v"];
        });

        var error = Assert.Single(ObjectValidator.ValidateUpdate(updated, old));

        Assert.Contains("+ \t\t\tArgs: []string{\"-v\"},", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("busybox:1.36", error.Message, StringComparison.Ordinal);
    }
}
