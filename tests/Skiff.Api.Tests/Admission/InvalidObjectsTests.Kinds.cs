using k8s.Models;
using static Skiff.Api.Tests.Admission.AdmissionFixtures;

namespace Skiff.Api.Tests.Admission;

/// <summary>Cases per kind beyond the pod spec: workloads, Service, HPA v1 and v2, PVC, ConfigMap and Secret, names and labels.</summary>
public partial class InvalidObjectsTests
{
    private const string HorizontalPodAutoscalerV1 = """
        {"apiVersion":"autoscaling/v1","kind":"HorizontalPodAutoscaler","metadata":{"name":"web","namespace":"default"},
         "spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},"minReplicas":1,"maxReplicas":5,"targetCPUUtilizationPercentage":60}}
        """;

    private const string Claim = """
        {"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"data","namespace":"default"},
         "spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}}
        """;

    private static Case Sts(Action<V1StatefulSet> edit, string type, string field, string message, bool only = true) => Of(StatefulSet, edit, type, field, message, only);

    private static Case Svc(Action<V1Service> edit, string type, string field, string message, bool only = true) => Of(Service, edit, type, field, message, only);

    private static Case Hpa(Action<V2HorizontalPodAutoscaler> edit, string type, string field, string message, bool only = true) => Of(HorizontalPodAutoscaler, edit, type, field, message, only);

    private static Case Pvc(Action<V1PersistentVolumeClaim> edit, string type, string field, string message, bool only = true) => Of(Claim, edit, type, field, message, only);

    private static Case TypedSecret(string secretType, Dictionary<string, byte[]> data, string type, string field, string message, bool only = true) =>
        Of<V1Secret>(Secret, s => { s.Type = secretType; s.Data = data; }, type, field, message, only);

    private static readonly Dictionary<string, Case> KindCases = new()
    {
        // StatefulSet
        ["statefulset negative replicas"] = Sts(s => s.Spec.Replicas = -1, Invalid, "spec.replicas", "Invalid value: -1: must be greater than or equal to 0"),
        ["statefulset negative minReadySeconds"] = Sts(s => s.Spec.MinReadySeconds = -1, Invalid, "spec.minReadySeconds", "Invalid value: -1: must be greater than or equal to 0"),
        ["statefulset negative ordinals start"] = Sts(s => s.Spec.Ordinals = new V1StatefulSetOrdinals { Start = -1 }, Invalid, "spec.ordinals.start",
            "Invalid value: -1: must be greater than or equal to 0"),
        ["statefulset maxUnavailable zero"] = Sts(s => s.Spec.UpdateStrategy = new V1StatefulSetUpdateStrategy { Type = "RollingUpdate", RollingUpdate = new V1RollingUpdateStatefulSetStrategy { MaxUnavailable = 0 } },
            Invalid, "spec.updateStrategy.rollingUpdate.maxUnavailable", "Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}: cannot be 0"),
        ["statefulset maxUnavailable over 100%"] = Sts(s => s.Spec.UpdateStrategy = new V1StatefulSetUpdateStrategy { Type = "RollingUpdate", RollingUpdate = new V1RollingUpdateStatefulSetStrategy { MaxUnavailable = "120%" } },
            Invalid, "spec.updateStrategy.rollingUpdate.maxUnavailable", "Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"120%\"}: must not be greater than 100%"),
        ["statefulset OnDelete with rollingUpdate"] = Sts(s => s.Spec.UpdateStrategy = new V1StatefulSetUpdateStrategy { Type = "OnDelete", RollingUpdate = new V1RollingUpdateStatefulSetStrategy { Partition = 1 } },
            Invalid, "spec.updateStrategy.rollingUpdate",
            "Invalid value: apps.RollingUpdateStatefulSetStrategy{Partition:1, MaxUnavailable:(*intstr.IntOrString)(nil)}: only allowed for updateStrategy 'RollingUpdate'"),
        ["statefulset activeDeadlineSeconds"] = Sts(s => s.Spec.Template.Spec.ActiveDeadlineSeconds = 30, Forbidden, "spec.template.spec.activeDeadlineSeconds",
            "Forbidden: activeDeadlineSeconds in StatefulSet is not Supported"),
        ["statefulset without selector"] = Sts(s => s.Spec.Selector = null, Required, "spec.selector", "Required value", only: false),
        ["statefulset template label invalid"] = Sts(s => s.Spec.Template.Metadata.Labels["bad key"] = "x", Invalid, "spec.template.labels", $"Invalid value: \"bad key\": {QualifiedNamePart}"),
        ["statefulset whenScaled unknown"] = Sts(s => s.Spec.PersistentVolumeClaimRetentionPolicy = new V1StatefulSetPersistentVolumeClaimRetentionPolicy { WhenScaled = "Shrink" },
            NotSupported, "spec.persistentVolumeClaimRetentionPolicy.whenScaled", "Unsupported value: \"Shrink\": supported values: \"Retain\", \"Delete\""),
        ["statefulset name too long"] = Sts(s => { s.Metadata.Name = new string('d', 64); }, Invalid, "metadata.name",
            $"Invalid value: \"{new string('d', 64)}\": must be no more than 63 characters"),

        // ReplicaSet and ReplicationController
        ["replicaset negative minReadySeconds"] = Of<V1ReplicaSet>(ReplicaSetWithExpressions, r => r.Spec.MinReadySeconds = -1, Invalid, "spec.minReadySeconds",
            "Invalid value: -1: must be greater than or equal to 0"),
        ["replicaset negative replicas"] = Of<V1ReplicaSet>(ReplicaSetWithExpressions, r => r.Spec.Replicas = -1, Invalid, "spec.replicas", "Invalid value: -1: must be greater than or equal to 0"),
        ["replicaset restartPolicy OnFailure"] = Of<V1ReplicaSet>(ReplicaSetWithExpressions, r => r.Spec.Template.Spec.RestartPolicy = "OnFailure", NotSupported,
            "spec.template.spec.restartPolicy", "Unsupported value: \"OnFailure\": supported values: \"Always\""),
        ["replicaset activeDeadlineSeconds"] = Of<V1ReplicaSet>(ReplicaSetWithExpressions, r => r.Spec.Template.Spec.ActiveDeadlineSeconds = 30, Forbidden,
            "spec.template.spec.activeDeadlineSeconds", "Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported"),
        ["replicaset selector value invalid"] = Of<V1ReplicaSet>(ReplicaSetWithExpressions, r => r.Spec.Selector.MatchExpressions[0].Values[0] = "prod!", Invalid,
            "spec.selector.matchExpressions[0].values[0]", $"Invalid value: \"prod!\": {LabelValue}", only: false),
        ["rc negative minReadySeconds"] = Of<V1ReplicationController>(NginxReplicationController, r => r.Spec.MinReadySeconds = -1, Invalid, "spec.minReadySeconds",
            "Invalid value: -1: must be greater than or equal to 0"),
        ["rc activeDeadlineSeconds"] = Of<V1ReplicationController>(NginxReplicationController, r => r.Spec.Template.Spec.ActiveDeadlineSeconds = 30, Forbidden,
            "spec.template.spec.activeDeadlineSeconds", "Forbidden: activeDeadlineSeconds in ReplicationController is not Supported"),
        ["rc without template"] = Of<V1ReplicationController>(NginxReplicationController, r => r.Spec.Template = null, Required, "spec.template", "Required value"),
        ["rc container image missing"] = Of<V1ReplicationController>(NginxReplicationController, r => r.Spec.Template.Spec.Containers[0].Image = null, Required,
            "spec.template.spec.containers[0].image", "Required value"),

        // Service
        ["service port zero"] = Svc(s => s.Spec.Ports[0].Port = 0, Invalid, "spec.ports[0].port", $"Invalid value: 0: {PortRange}", only: false),
        ["service targetPort out of range"] = Svc(s => s.Spec.Ports[0].TargetPort = 70000, Invalid, "spec.ports[0].targetPort", $"Invalid value: 70000: {PortRange}"),
        ["service ClientIP timeout too long"] = Svc(s =>
            {
                s.Spec.SessionAffinity = "ClientIP";
                s.Spec.SessionAffinityConfig = new V1SessionAffinityConfig { ClientIP = new V1ClientIPConfig { TimeoutSeconds = 100000 } };
            },
            Invalid, "spec.sessionAffinityConfig.clientIP.timeoutSeconds", "Invalid value: 100000: must be greater than 0 and less than 86400"),
        ["service appProtocol invalid"] = Svc(s => s.Spec.Ports[0].AppProtocol = "bad proto", Invalid, "spec.ports[0].appProtocol", $"Invalid value: \"bad proto\": {QualifiedNamePart}"),
        ["service ipFamilyPolicy unknown"] = Svc(s => s.Spec.IpFamilyPolicy = "DualStack", NotSupported, "spec.ipFamilyPolicy",
            "Unsupported value: \"DualStack\": supported values: \"PreferDualStack\", \"RequireDualStack\", \"SingleStack\""),
        ["service ipFamily unknown"] = Svc(s => s.Spec.IpFamilies = ["IPv5"], NotSupported, "spec.ipFamilies[0]", "Unsupported value: \"IPv5\": supported values: \"IPv4\", \"IPv6\""),
        ["service ipFamily repeated"] = Svc(s => s.Spec.IpFamilies = ["IPv4", "IPv4"], Duplicate, "spec.ipFamilies[1]", "Duplicate value: \"IPv4\""),
        ["service internalTrafficPolicy unknown"] = Svc(s => s.Spec.InternalTrafficPolicy = "Node", NotSupported, "spec.internalTrafficPolicy",
            "Unsupported value: \"Node\": supported values: \"Cluster\", \"Local\""),
        ["NodePort externalTrafficPolicy unknown"] = Svc(s => { s.Spec.Type = "NodePort"; s.Spec.ExternalTrafficPolicy = "Global"; }, NotSupported, "spec.externalTrafficPolicy",
            "Unsupported value: \"Global\": supported values: \"Cluster\", \"Local\""),
        ["NodePort duplicate nodePorts"] = Svc(s =>
            {
                s.Spec.Type = "NodePort";
                s.Spec.Ports[0].NodePort = 30080;
                s.Spec.Ports.Add(new V1ServicePort { Name = "alt", Port = 81, NodePort = 30080 });
            },
            Duplicate, "spec.ports[1].nodePort", "Duplicate value: 30080"),
        ["LoadBalancer exposing the kubelet port"] = Svc(s => { s.Spec.Type = "LoadBalancer"; s.Spec.Ports[0].Port = 10250; }, Invalid, "spec.ports[0]",
            "Invalid value: 10250: may not expose port 10250 externally since it is used by kubelet"),
        ["ExternalName with a clusterIP"] = Svc(s => { s.Spec.Type = "ExternalName"; s.Spec.ExternalName = "db.example.com"; s.Spec.ClusterIP = "10.96.0.20"; }, Forbidden, "spec.clusterIPs",
            "Forbidden: may not be set for ExternalName services", only: false),
        ["ExternalName not a DNS name"] = Svc(s => { s.Spec.Type = "ExternalName"; s.Spec.ExternalName = "db_host"; }, Invalid, "spec.externalName", $"Invalid value: \"db_host\": {Subdomain}"),
        ["externalIP loopback"] = Svc(s => s.Spec.ExternalIPs = ["127.0.0.1"], Invalid, "spec.externalIPs[0]",
            "Invalid value: \"127.0.0.1\": may not be in the loopback range (127.0.0.0/8, ::1/128)"),
        ["externalIP not an IP"] = Svc(s => s.Spec.ExternalIPs = ["1.2.3.x"], Invalid, "spec.externalIPs[0]",
            "Invalid value: \"1.2.3.x\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"),
        ["clusterIPs not starting with clusterIP"] = Svc(s => { s.Spec.ClusterIP = "10.96.0.20"; s.Spec.ClusterIPs = ["10.96.0.21"]; }, Invalid, "spec.clusterIPs",
            "Invalid value: []string{\"10.96.0.21\"}: first value must match `clusterIP`"),
        ["clusterIPs with three values"] = Svc(s => { s.Spec.ClusterIP = "10.96.0.20"; s.Spec.ClusterIPs = ["10.96.0.20", "fd00::20", "10.96.0.21"]; }, Invalid, "spec.clusterIPs",
            "Invalid value: []string{\"10.96.0.20\", \"fd00::20\", \"10.96.0.21\"}: may only hold up to 2 values", only: false),
        ["None clusterIP not alone"] = Svc(s => { s.Spec.ClusterIP = "None"; s.Spec.ClusterIPs = ["None", "10.96.0.20"]; }, Invalid, "spec.clusterIPs",
            "Invalid value: []string{\"None\", \"10.96.0.20\"}: 'None' must be the first and only value", only: false),

        // HorizontalPodAutoscaler
        ["hpa target without kind"] = Hpa(h => h.Spec.ScaleTargetRef.Kind = null, Required, "spec.scaleTargetRef.kind", "Required value"),
        ["hpa resource metric without name"] = Hpa(h => h.Spec.Metrics[0].Resource.Name = "", Required, "spec.metrics[0].resource.name", "Required value: must specify a resource name"),
        ["hpa utilization and value together"] = Hpa(h => h.Spec.Metrics[0].Resource.Target.AverageValue = new ResourceQuantity("100m"), Forbidden,
            "spec.metrics[0].resource.target.averageValue", "Forbidden: may not set both a target raw value and a target utilization"),
        ["hpa pods metric without averageValue"] = Hpa(h => h.Spec.Metrics[0] = new V2MetricSpec
            {
                Type = "Pods",
                Pods = new V2PodsMetricSource { Metric = new V2MetricIdentifier { Name = "qps" }, Target = new V2MetricTarget { Type = "AverageValue" } },
            },
            Required, "spec.metrics[0].pods.target.averageValue", "Required value: must specify a positive target averageValue"),
        ["hpa external metric without name"] = Hpa(h => h.Spec.Metrics[0] = new V2MetricSpec
            {
                Type = "External",
                External = new V2ExternalMetricSource { Metric = new V2MetricIdentifier(), Target = new V2MetricTarget { Type = "Value", Value = new ResourceQuantity("10") } },
            },
            Required, "spec.metrics[0].external.metric.name", "Required value: must specify a metric name"),
        ["hpa policy type unknown"] = Hpa(h => h.Spec.Behavior.ScaleDown.Policies[0].Type = "Nodes", NotSupported, "spec.behavior.scaleDown.policies[0].type",
            "Unsupported value: \"Nodes\": supported values: \"Percent\", \"Pods\""),
        ["hpa policy value zero"] = Hpa(h => h.Spec.Behavior.ScaleDown.Policies[0].Value = 0, Invalid, "spec.behavior.scaleDown.policies[0].value", "Invalid value: 0: must be greater than zero"),
        ["hpa policy period too long"] = Hpa(h => h.Spec.Behavior.ScaleDown.Policies[0].PeriodSeconds = 3600, Invalid, "spec.behavior.scaleDown.policies[0].periodSeconds",
            "Invalid value: 3600: must be less than or equal to 1800"),
        ["hpa negative stabilization window"] = Hpa(h => h.Spec.Behavior.ScaleDown.StabilizationWindowSeconds = -1, Invalid, "spec.behavior.scaleDown.stabilizationWindowSeconds",
            "Invalid value: -1: must be greater than or equal to zero"),
        ["hpa v1 cpu target zero"] = Of<V1HorizontalPodAutoscaler>(HorizontalPodAutoscalerV1, h => h.Spec.TargetCPUUtilizationPercentage = 0, Invalid,
            "spec.metrics[0].resource.target.averageUtilization", "Invalid value: 0: must be greater than 0"),
        ["hpa v1 maxReplicas below minReplicas"] = Of<V1HorizontalPodAutoscaler>(HorizontalPodAutoscalerV1, h => h.Spec.MinReplicas = 10, Invalid, "spec.maxReplicas",
            "Invalid value: 5: must be greater than or equal to `minReplicas`"),
        ["hpa v1 target name with percent"] = Of<V1HorizontalPodAutoscaler>(HorizontalPodAutoscalerV1, h => h.Spec.ScaleTargetRef.Name = "web%1", Invalid, "spec.scaleTargetRef.name",
            "Invalid value: \"web%1\": may not contain '%'"),

        // PersistentVolumeClaim
        ["pvc access mode unknown"] = Pvc(p => p.Spec.AccessModes = ["ReadWriteAlways"], NotSupported, "spec.accessModes",
            "Unsupported value: \"ReadWriteAlways\": supported values: \"ReadOnlyMany\", \"ReadWriteMany\", \"ReadWriteOnce\", \"ReadWriteOncePod\""),
        ["pvc ReadWriteOncePod with another mode"] = Pvc(p => p.Spec.AccessModes = ["ReadWriteOncePod", "ReadWriteOnce"], Forbidden, "spec.accessModes",
            "Forbidden: may not use ReadWriteOncePod with other access modes"),
        ["pvc zero storage"] = Pvc(p => p.Spec.Resources.Requests["storage"] = new ResourceQuantity("0"), Invalid, "spec.resources[storage]", "Invalid value: \"0\": must be greater than zero"),
        ["pvc storageClassName invalid"] = Pvc(p => p.Spec.StorageClassName = "Fast_SSD", Invalid, "spec.storageClassName", $"Invalid value: \"Fast_SSD\": {Subdomain}"),
        ["pvc volumeMode unknown"] = Pvc(p => p.Spec.VolumeMode = "Raw", NotSupported, "spec.volumeMode", "Unsupported value: \"Raw\": supported values: \"Block\", \"Filesystem\""),

        // ConfigMap and Secret
        ["binaryData key invalid"] = Of<V1ConfigMap>(ConfigMap, c => c.BinaryData = new Dictionary<string, byte[]> { ["a/b"] = [1] }, Invalid, "binaryData[a/b]", $"Invalid value: \"a/b\": {ConfigKey}"),
        ["configmap key dot"] = Of<V1ConfigMap>(ConfigMap, c => c.Data["."] = "x", Invalid, "data[.]", "Invalid value: \".\": must not be '.'"),
        ["configmap key starting with dot dot"] = Of<V1ConfigMap>(ConfigMap, c => c.Data["..data"] = "x", Invalid, "data[..data]", "Invalid value: \"..data\": must not start with '..'"),
        ["configmap key too long"] = Of<V1ConfigMap>(ConfigMap, c => c.Data[new string('k', 254)] = "x", Invalid, $"data[{new string('k', 254)}]",
            $"Invalid value: \"{new string('k', 254)}\": must be no more than 253 characters"),
        ["dockerconfigjson secret without its key"] = TypedSecret("kubernetes.io/dockerconfigjson", new(), Required, "data[.dockerconfigjson]", "Required value"),
        ["dockercfg secret without its key"] = TypedSecret("kubernetes.io/dockercfg", new(), Required, "data[.dockercfg]", "Required value"),
        ["basic-auth secret without username"] = TypedSecret("kubernetes.io/basic-auth", new(), Required, "data[username]", "Required value", only: false),
        ["basic-auth secret without password"] = TypedSecret("kubernetes.io/basic-auth", new(), Required, "data[password]", "Required value", only: false),
        ["ssh-auth secret without key"] = TypedSecret("kubernetes.io/ssh-auth", new(), Required, "data[ssh-privatekey]", "Required value"),
        ["tls secret without certificate"] = TypedSecret("kubernetes.io/tls", new Dictionary<string, byte[]> { ["tls.key"] = [1] }, Required, "data[tls.crt]", "Required value"),
        ["service-account-token secret without account"] = TypedSecret("kubernetes.io/service-account-token", new(), Required,
            "metadata.annotations[kubernetes.io/service-account.name]", "Required value"),

        // names and labels
        ["namespace name too long"] = Of<V1Namespace>(Namespace, n => n.Metadata.Name = new string('n', 64), Invalid, "metadata.name",
            $"Invalid value: \"{new string('n', 64)}\": must be no more than 63 characters", only: false),
        ["service name too long"] = Svc(s => s.Metadata.Name = new string('s', 64), Invalid, "metadata.name", $"Invalid value: \"{new string('s', 64)}\": must be no more than 63 characters"),
        ["label key prefix upper case"] = Dep(d => d.Metadata.Labels["Example.com/app"] = "web", Invalid, "metadata.labels",
            $"Invalid value: \"Example.com/app\": prefix part {Subdomain}"),
        ["label key name part too long"] = Dep(d => d.Metadata.Labels[new string('l', 64)] = "web", Invalid, "metadata.labels",
            $"Invalid value: \"{new string('l', 64)}\": name part must be no more than 63 characters"),
        ["finalizers orphan and foreground"] = Dep(d => d.Metadata.Finalizers = ["orphan", "foregroundDeletion"], Invalid, "metadata.finalizers",
            "Invalid value: []string{\"orphan\", \"foregroundDeletion\"}: finalizer orphan and foregroundDeletion cannot be both set"),
        ["finalizer with two slashes"] = Dep(d => d.Metadata.Finalizers = ["example.com/a/b"], Invalid, "metadata.finalizers",
            "Invalid value: \"example.com/a/b\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"),
        ["owner reference without kind"] = Dep(d => d.Metadata.OwnerReferences = [new V1OwnerReference { ApiVersion = "v1", Name = "p", Uid = "1" }], Invalid,
            "metadata.ownerReferences.kind", "Invalid value: \"\": must not be empty"),
        ["generateName with underscore"] = Of<V1ConfigMap>(ConfigMap, c => { c.Metadata.Name = null; c.Metadata.GenerateName = "cfg_"; }, Invalid, "metadata.generateName",
            $"Invalid value: \"cfg_\": {Subdomain}"),
    };
}
