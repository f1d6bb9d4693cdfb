using k8s.Models;
using Skiff.Api.Admission;
using static Skiff.Api.Tests.Admission.AdmissionFixtures;

namespace Skiff.Api.Tests.Admission;

/// <summary>
/// Invalid objects and the exact cause upstream reports for each (type, field path, message as kubectl prints it).
/// Every case starts from a valid example and breaks one thing; unless noted the cause must be the only one.
/// </summary>
public partial class InvalidObjectsTests
{
    private const string Subdomain = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    private const string Label1123 = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
    private const string Label1035 = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
    private const string QualifiedNamePart = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
    private const string LabelValue = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
    private const string ConfigKey = "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";
    private const string PortRange = "must be between 1 and 65535, inclusive";
    private const string Invalid = "FieldValueInvalid";
    private const string Required = "FieldValueRequired";
    private const string Duplicate = "FieldValueDuplicate";
    private const string NotSupported = "FieldValueNotSupported";
    private const string Forbidden = "FieldValueForbidden";
    private const string TooLong = "FieldValueTooLong";
    private const string NotFound = "FieldValueNotFound";

    private sealed record Case(Func<object> Build, FieldError Expected, bool Only = true);

    private static Case Dep(Action<V1Deployment> edit, string type, string field, string message, bool only = true) =>
        new(() => Admitted(Deployment, edit), new FieldError(type, field, message), only);

    private static Case Of<T>(string json, Action<T> edit, string type, string field, string message, bool only = true) =>
        new(() => Admitted(json, edit)!, new FieldError(type, field, message), only);

    private static V1Container Container(V1Deployment d) => d.Spec.Template.Spec.Containers[0];

    private static readonly Dictionary<string, Case> Cases = new()
    {
        // metadata
        ["name with underscore"] = Dep(d => d.Metadata.Name = "Web_1", Invalid, "metadata.name", $"Invalid value: \"Web_1\": {Subdomain}"),
        ["name missing"] = Dep(d => d.Metadata.Name = null, Required, "metadata.name", "Required value: name or generateName is required"),
        ["name too long"] = Dep(d => d.Metadata.Name = new string('a', 254), Invalid, "metadata.name", $"Invalid value: \"{new string('a', 254)}\": must be no more than 253 characters"),
        ["bad generateName"] = Dep(d => { d.Metadata.Name = null; d.Metadata.GenerateName = "Web_"; }, Invalid, "metadata.generateName", $"Invalid value: \"Web_\": {Subdomain}"),
        ["namespace missing"] = Dep(d => d.Metadata.NamespaceProperty = null, Required, "metadata.namespace", "Required value"),
        ["namespace not a label"] = Dep(d => d.Metadata.NamespaceProperty = "Team_A", Invalid, "metadata.namespace", $"Invalid value: \"Team_A\": {Label1123}"),
        ["label key with space"] = Dep(d => d.Metadata.Labels["bad key"] = "x", Invalid, "metadata.labels", $"Invalid value: \"bad key\": {QualifiedNamePart}"),
        ["label key empty prefix"] = Dep(d => d.Metadata.Labels["/foo"] = "x", Invalid, "metadata.labels", "Invalid value: \"/foo\": prefix part must be non-empty"),
        ["label key two slashes"] = Dep(d => d.Metadata.Labels["a/b/c"] = "x", Invalid, "metadata.labels",
            "Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"),
        ["label value leading dash"] = Dep(d => d.Metadata.Labels["tier"] = "-bad", Invalid, "metadata.labels", $"Invalid value: \"-bad\": {LabelValue}"),
        ["label value too long"] = Dep(d => d.Metadata.Labels["tier"] = new string('v', 64), Invalid, "metadata.labels", $"Invalid value: \"{new string('v', 64)}\": must be no more than 63 characters"),
        ["annotation key invalid"] = Dep(d => d.Metadata.Annotations = new Dictionary<string, string> { ["bad key"] = "x" }, Invalid, "metadata.annotations", $"Invalid value: \"bad key\": {QualifiedNamePart}"),
        ["annotations too large"] = Dep(d => d.Metadata.Annotations = new Dictionary<string, string> { ["big"] = new string('x', 262142) }, TooLong, "metadata.annotations", "Too long: may not be more than 262144 bytes"),
        ["finalizer not qualified"] = Dep(d => d.Metadata.Finalizers = ["cleanup"], Invalid, "metadata.finalizers[0]", "Invalid value: \"cleanup\": name is neither a standard finalizer name nor is it fully qualified"),
        ["two controller owner references"] = Dep(d => d.Metadata.OwnerReferences =
            [
                new V1OwnerReference { ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = "a", Uid = "u1", Controller = true },
                new V1OwnerReference { ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = "b", Uid = "u2", Controller = true },
            ], Invalid, "metadata.ownerReferences",
            "Invalid value: []v1.OwnerReference{...}: Only one reference can have Controller set to true. Found \"true\" in references for ReplicaSet/a and ReplicaSet/b"),
        ["owner reference without uid"] = Dep(d => d.Metadata.OwnerReferences = [new V1OwnerReference { ApiVersion = "v1", Kind = "Pod", Name = "p" }], Invalid, "metadata.ownerReferences.uid", "Invalid value: \"\": must not be empty"),

        // Deployment spec
        ["negative replicas"] = Dep(d => d.Spec.Replicas = -1, Invalid, "spec.replicas", "Invalid value: -1: must be greater than or equal to 0"),
        ["selector missing"] = Dep(d => d.Spec.Selector = null, Required, "spec.selector", "Required value", only: false),
        ["selector missing also mismatches template"] = Dep(d => d.Spec.Selector = null, Invalid, "spec.template.metadata.labels",
            "Invalid value: map[string]string{\"app\":\"web\"}: `selector` does not match template `labels`", only: false),
        ["selector empty"] = Dep(d => d.Spec.Selector = new V1LabelSelector(), Invalid, "spec.selector",
            "Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment"),
        ["selector does not match template"] = Dep(d => d.Spec.Selector.MatchLabels["app"] = "api", Invalid, "spec.template.metadata.labels",
            "Invalid value: map[string]string{\"app\":\"web\"}: `selector` does not match template `labels`"),
        ["selector bad operator"] = Dep(d => d.Spec.Selector.MatchExpressions = [new V1LabelSelectorRequirement { Key = "app", OperatorProperty = "Like" }],
            Invalid, "spec.selector.matchExpressions[0].operator", "Invalid value: \"Like\": not a valid selector operator", only: false),
        ["selector bad operator is an invalid selector"] = Dep(d => d.Spec.Selector.MatchExpressions = [new V1LabelSelectorRequirement { Key = "app", OperatorProperty = "Like" }],
            Invalid, "spec.selector", "Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"web\"}, MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:\"app\", Operator:\"Like\", Values:[]string(nil)}}}: invalid label selector", only: false),
        ["selector In without values"] = Dep(d => d.Spec.Selector.MatchExpressions = [new V1LabelSelectorRequirement { Key = "app", OperatorProperty = "In" }],
            Required, "spec.selector.matchExpressions[0].values", "Required value: must be specified when `operator` is 'In' or 'NotIn'", only: false),
        ["selector Exists with values"] = Dep(d => d.Spec.Selector.MatchExpressions = [new V1LabelSelectorRequirement { Key = "app", OperatorProperty = "Exists", Values = ["x"] }],
            Forbidden, "spec.selector.matchExpressions[0].values", "Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'", only: false),
        ["maxSurge and maxUnavailable both 0"] = Dep(d => d.Spec.Strategy = new V1DeploymentStrategy { Type = "RollingUpdate", RollingUpdate = new V1RollingUpdateDeployment { MaxSurge = 0, MaxUnavailable = 0 } },
            Invalid, "spec.strategy.rollingUpdate.maxUnavailable", "Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}: may not be 0 when `maxSurge` is 0"),
        ["maxUnavailable over 100%"] = Dep(d => d.Spec.Strategy = new V1DeploymentStrategy { RollingUpdate = new V1RollingUpdateDeployment { MaxUnavailable = "150%" } },
            Invalid, "spec.strategy.rollingUpdate.maxUnavailable", "Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"150%\"}: must not be greater than 100%"),
        ["maxSurge not a percentage"] = Dep(d => d.Spec.Strategy = new V1DeploymentStrategy { RollingUpdate = new V1RollingUpdateDeployment { MaxSurge = "abc" } },
            Invalid, "spec.strategy.rollingUpdate.maxSurge", "Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"abc\"}: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"),
        ["maxUnavailable negative"] = Dep(d => d.Spec.Strategy = new V1DeploymentStrategy { RollingUpdate = new V1RollingUpdateDeployment { MaxUnavailable = -1 } },
            Invalid, "spec.strategy.rollingUpdate.maxUnavailable", "Invalid value: -1: must be greater than or equal to 0"),
        ["unknown strategy type"] = Dep(d => d.Spec.Strategy = new V1DeploymentStrategy { Type = "BlueGreen" }, NotSupported, "spec.strategy",
            "Unsupported value: apps.DeploymentStrategy{Type:\"BlueGreen\", RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}: supported values: \"Recreate\", \"RollingUpdate\""),
        ["Recreate with rollingUpdate"] = Dep(d => d.Spec.Strategy = new V1DeploymentStrategy { Type = "Recreate", RollingUpdate = new V1RollingUpdateDeployment() },
            Forbidden, "spec.strategy.rollingUpdate", "Forbidden: may not be specified when strategy `type` is 'Recreate'"),
        ["negative revisionHistoryLimit"] = Dep(d => d.Spec.RevisionHistoryLimit = -1, Invalid, "spec.revisionHistoryLimit", "Invalid value: -1: must be greater than or equal to 0"),
        ["progress deadline not above minReadySeconds"] = Dep(d => { d.Spec.MinReadySeconds = 30; d.Spec.ProgressDeadlineSeconds = 30; },
            Invalid, "spec.progressDeadlineSeconds", "Invalid value: 30: must be greater than minReadySeconds"),
        ["negative minReadySeconds"] = Dep(d => d.Spec.MinReadySeconds = -5, Invalid, "spec.minReadySeconds", "Invalid value: -5: must be greater than or equal to 0"),

        // pod template
        ["no containers"] = Dep(d => d.Spec.Template.Spec.Containers = [], Required, "spec.template.spec.containers", "Required value"),
        ["container name upper case"] = Dep(d => Container(d).Name = "Web", Invalid, "spec.template.spec.containers[0].name", $"Invalid value: \"Web\": {Label1123}"),
        ["container name with dots"] = Dep(d => Container(d).Name = "web.app", Invalid, "spec.template.spec.containers[0].name", "Invalid value: \"web.app\": must not contain dots"),
        ["container name missing"] = Dep(d => Container(d).Name = null, Required, "spec.template.spec.containers[0].name", "Required value"),
        ["duplicate container names"] = Dep(d => d.Spec.Template.Spec.Containers.Add(new V1Container { Name = "web", Image = "busybox" }),
            Duplicate, "spec.template.spec.containers[1].name", "Duplicate value: \"web\""),
        ["image missing"] = Dep(d => Container(d).Image = "", Required, "spec.template.spec.containers[0].image", "Required value"),
        ["container port too high"] = Dep(d => Container(d).Ports[0].ContainerPort = 70000, Invalid, "spec.template.spec.containers[0].ports[0].containerPort", $"Invalid value: 70000: {PortRange}", only: false),
        ["container port missing"] = Dep(d => Container(d).Ports[0].ContainerPort = 0, Required, "spec.template.spec.containers[0].ports[0].containerPort", "Required value", only: false),
        ["port name too long"] = Dep(d => { Container(d).Ports[0].Name = "a-very-long-port-name"; Container(d).ReadinessProbe = null; },
            Invalid, "spec.template.spec.containers[0].ports[0].name", "Invalid value: \"a-very-long-port-name\": must be no more than 15 characters"),
        ["port name double hyphen"] = Dep(d => { Container(d).Ports[0].Name = "ht--tp"; Container(d).ReadinessProbe = null; },
            Invalid, "spec.template.spec.containers[0].ports[0].name", "Invalid value: \"ht--tp\": must not contain consecutive hyphens"),
        ["duplicate port names"] = Dep(d => Container(d).Ports.Add(new V1ContainerPort { Name = "http", ContainerPort = 8080 }),
            Duplicate, "spec.template.spec.containers[0].ports[1].name", "Duplicate value: \"http\""),
        ["port protocol unknown"] = Dep(d => Container(d).Ports[0].Protocol = "HTTP", NotSupported, "spec.template.spec.containers[0].ports[0].protocol",
            "Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\""),
        ["restartPolicy Never in a workload"] = Dep(d => d.Spec.Template.Spec.RestartPolicy = "Never", NotSupported, "spec.template.spec.restartPolicy",
            "Unsupported value: \"Never\": supported values: \"Always\""),
        ["restartPolicy unknown"] = Dep(d => d.Spec.Template.Spec.RestartPolicy = "Sometimes", NotSupported, "spec.template.spec.restartPolicy",
            "Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\"", only: false),
        ["dnsPolicy unknown"] = Dep(d => d.Spec.Template.Spec.DnsPolicy = "Google", NotSupported, "spec.template.spec.dnsPolicy",
            "Unsupported value: \"Google\": supported values: \"ClusterFirstWithHostNet\", \"ClusterFirst\", \"Default\", \"None\""),
        ["imagePullPolicy unknown"] = Dep(d => Container(d).ImagePullPolicy = "Sometimes", NotSupported, "spec.template.spec.containers[0].imagePullPolicy",
            "Unsupported value: \"Sometimes\": supported values: \"Always\", \"IfNotPresent\", \"Never\""),
        ["terminationMessagePolicy unknown"] = Dep(d => Container(d).TerminationMessagePolicy = "Stdout", NotSupported, "spec.template.spec.containers[0].terminationMessagePolicy",
            "Unsupported value: \"Stdout\": supported values: \"File\", \"FallbackToLogsOnError\""),
        ["request above limit"] = Dep(d => Container(d).Resources.Requests["cpu"] = new ResourceQuantity("2"), Invalid, "spec.template.spec.containers[0].resources.requests",
            "Invalid value: \"2\": must be less than or equal to cpu limit of 500m"),
        ["memory request above limit"] = Dep(d => Container(d).Resources.Requests["memory"] = new ResourceQuantity("1Gi"), Invalid, "spec.template.spec.containers[0].resources.requests",
            "Invalid value: \"1Gi\": must be less than or equal to memory limit of 128Mi"),
        ["negative request"] = Dep(d => Container(d).Resources.Requests["cpu"] = new ResourceQuantity("-1"), Invalid, "spec.template.spec.containers[0].resources.requests[cpu]",
            "Invalid value: \"-1\": must be greater than or equal to 0"),
        ["non-standard resource"] = Dep(d => Container(d).Resources.Limits["gpu"] = new ResourceQuantity("1"), Invalid, "spec.template.spec.containers[0].resources.limits[gpu]",
            "Invalid value: gpu: must be a standard resource for containers", only: false),
        ["non-standard resource is not a resource type either"] = Dep(d => Container(d).Resources.Limits["gpu"] = new ResourceQuantity("1"), Invalid, "spec.template.spec.containers[0].resources.limits[gpu]",
            "Invalid value: gpu: must be a standard resource type or fully qualified", only: false),
        ["probe without handler"] = Dep(d => Container(d).LivenessProbe = new V1Probe { PeriodSeconds = 5 }, Required, "spec.template.spec.containers[0].livenessProbe",
            "Required value: must specify a handler type"),
        ["probe with two handlers"] = Dep(d => Container(d).LivenessProbe.Exec = new V1ExecAction { Command = ["true"] }, Forbidden, "spec.template.spec.containers[0].livenessProbe.tcpSocket",
            "Forbidden: may not specify more than 1 handler type"),
        ["liveness successThreshold not 1"] = Dep(d => Container(d).LivenessProbe.SuccessThreshold = 2, Invalid, "spec.template.spec.containers[0].livenessProbe.successThreshold",
            "Invalid value: 2: must be 1"),
        ["negative probe delay"] = Dep(d => Container(d).ReadinessProbe.InitialDelaySeconds = -1, Invalid, "spec.template.spec.containers[0].readinessProbe.initialDelaySeconds",
            "Invalid value: -1: must be greater than or equal to 0"),
        ["probe port zero"] = Dep(d => Container(d).LivenessProbe.TcpSocket.Port = 0, Invalid, "spec.template.spec.containers[0].livenessProbe.tcpSocket.port", $"Invalid value: 0: {PortRange}"),
        ["probe http scheme unknown"] = Dep(d => Container(d).ReadinessProbe.HttpGet.Scheme = "FTP", NotSupported, "spec.template.spec.containers[0].readinessProbe.httpGet.scheme",
            "Unsupported value: \"FTP\": supported values: \"HTTP\", \"HTTPS\""),
        ["mount of unknown volume"] = Dep(d => Container(d).VolumeMounts[0].Name = "data", NotFound, "spec.template.spec.containers[0].volumeMounts[0].name", "Not found: \"data\""),
        ["mount path missing"] = Dep(d => Container(d).VolumeMounts[0].MountPath = "", Required, "spec.template.spec.containers[0].volumeMounts[0].mountPath", "Required value"),
        ["duplicate volume names"] = Dep(d => d.Spec.Template.Spec.Volumes.Add(new V1Volume { Name = "cache", EmptyDir = new V1EmptyDirVolumeSource() }),
            Duplicate, "spec.template.spec.volumes[1].name", "Duplicate value: \"cache\""),
        ["volume with two sources"] = Dep(d => { d.Spec.Template.Spec.Volumes[0].HostPath = new V1HostPathVolumeSource { Path = "/tmp" }; Container(d).VolumeMounts = null; },
            Forbidden, "spec.template.spec.volumes[0].hostPath", "Forbidden: may not specify more than 1 volume type"),
        ["configMap volume without name"] = Dep(d => { d.Spec.Template.Spec.Volumes[0] = new V1Volume { Name = "cache", ConfigMap = new V1ConfigMapVolumeSource() }; Container(d).VolumeMounts = null; },
            Required, "spec.template.spec.volumes[0].configMap.name", "Required value"),
        ["env name with equals"] = Dep(d => Container(d).Env[0].Name = "A=B", Invalid, "spec.template.spec.containers[0].env[0].name",
            "Invalid value: \"A=B\": a valid environment variable name must consist only of printable ASCII characters other than '='"),
        ["env value and valueFrom"] = Dep(d => Container(d).Env[1].Value = "x", Invalid, "spec.template.spec.containers[0].env[1].valueFrom",
            "Invalid value: \"\": may not be specified when `value` is not empty"),
        ["activeDeadlineSeconds in a workload"] = Dep(d => d.Spec.Template.Spec.ActiveDeadlineSeconds = 60, Forbidden, "spec.template.spec.activeDeadlineSeconds",
            "Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported"),
        ["template label invalid"] = Dep(d => d.Spec.Template.Metadata.Labels["bad key"] = "x", Invalid, "spec.template.labels", $"Invalid value: \"bad key\": {QualifiedNamePart}"),
        ["serviceAccountName invalid"] = Dep(d => d.Spec.Template.Spec.ServiceAccountName = "Robot", Invalid, "spec.template.spec.serviceAccountName", $"Invalid value: \"Robot\": {Subdomain}"),
        ["nodeSelector value invalid"] = Dep(d => d.Spec.Template.Spec.NodeSelector = new Dictionary<string, string> { ["disk"] = "ssd!" }, Invalid, "spec.template.spec.nodeSelector",
            $"Invalid value: \"ssd!\": {LabelValue}"),
        ["init container name clashes"] = Dep(d => d.Spec.Template.Spec.InitContainers = [new V1Container { Name = "web", Image = "busybox" }],
            Duplicate, "spec.template.spec.initContainers[0].name", "Duplicate value: \"web\""),

        // ReplicaSet, ReplicationController
        ["replicaset empty selector"] = Of<V1ReplicaSet>(ReplicaSetWithExpressions, r => r.Spec.Selector = new V1LabelSelector(), Invalid, "spec.selector",
            "Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment"),
        ["replicaset expression does not match"] = Of<V1ReplicaSet>(ReplicaSetWithExpressions, r => r.Spec.Template.Metadata.Labels["env"] = "dev", Invalid, "spec.template.metadata.labels",
            "Invalid value: map[string]string{\"env\":\"dev\", \"tier\":\"frontend\"}: `selector` does not match template `labels`"),
        ["rc without selector or template labels"] = Of<V1ReplicationController>(NginxReplicationController, r => { r.Spec.Selector = null; r.Spec.Template.Metadata.Labels = null; },
            Required, "spec.selector", "Required value"),
        ["rc selector does not match"] = Of<V1ReplicationController>(NginxReplicationController, r => r.Spec.Selector["app"] = "web", Invalid, "spec.template.metadata.labels",
            "Invalid value: map[string]string{\"app\":\"nginx\"}: `selector` does not match template `labels`"),
        ["rc restartPolicy OnFailure"] = Of<V1ReplicationController>(NginxReplicationController, r => r.Spec.Template.Spec.RestartPolicy = "OnFailure", NotSupported,
            "spec.template.spec.restartPolicy", "Unsupported value: \"OnFailure\": supported values: \"Always\""),
        ["rc negative replicas"] = Of<V1ReplicationController>(NginxReplicationController, r => r.Spec.Replicas = -3, Invalid, "spec.replicas", "Invalid value: -3: must be greater than or equal to 0"),

        // StatefulSet
        ["statefulset name with dots"] = Of<V1StatefulSet>(StatefulSet, s => s.Metadata.Name = "db.main", Invalid, "metadata.name", "Invalid value: \"db.main\": must not contain dots"),
        ["statefulset podManagementPolicy unknown"] = Of<V1StatefulSet>(StatefulSet, s => s.Spec.PodManagementPolicy = "Random", Invalid, "spec.podManagementPolicy",
            "Invalid value: \"Random\": must be 'OrderedReady' or 'Parallel'"),
        ["statefulset updateStrategy unknown"] = Of<V1StatefulSet>(StatefulSet, s => s.Spec.UpdateStrategy = new V1StatefulSetUpdateStrategy { Type = "Canary" }, Invalid, "spec.updateStrategy",
            "Invalid value: apps.StatefulSetUpdateStrategy{Type:\"Canary\", RollingUpdate:(*apps.RollingUpdateStatefulSetStrategy)(nil)}: must be 'RollingUpdate' or 'OnDelete'"),
        ["statefulset negative partition"] = Of<V1StatefulSet>(StatefulSet, s => s.Spec.UpdateStrategy = new V1StatefulSetUpdateStrategy { RollingUpdate = new V1RollingUpdateStatefulSetStrategy { Partition = -1 } },
            Invalid, "spec.updateStrategy.rollingUpdate.partition", "Invalid value: -1: must be greater than or equal to 0"),
        ["statefulset empty selector"] = Of<V1StatefulSet>(StatefulSet, s => s.Spec.Selector = new V1LabelSelector(), Invalid, "spec.selector",
            "Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for statefulset"),
        ["statefulset retention unknown"] = Of<V1StatefulSet>(StatefulSet, s => s.Spec.PersistentVolumeClaimRetentionPolicy = new V1StatefulSetPersistentVolumeClaimRetentionPolicy { WhenDeleted = "Keep" },
            NotSupported, "spec.persistentVolumeClaimRetentionPolicy.whenDeleted", "Unsupported value: \"Keep\": supported values: \"Retain\", \"Delete\""),
        ["statefulset restartPolicy Never"] = Of<V1StatefulSet>(StatefulSet, s => s.Spec.Template.Spec.RestartPolicy = "Never", NotSupported, "spec.template.spec.restartPolicy",
            "Unsupported value: \"Never\": supported values: \"Always\""),
        ["statefulset selector does not match"] = Of<V1StatefulSet>(StatefulSet, s => s.Spec.Selector.MatchLabels["app"] = "cache", Invalid, "spec.template.metadata.labels",
            "Invalid value: map[string]string{\"app\":\"db\"}: `selector` does not match template `labels`"),

        // Service
        ["service name starts with digit"] = Of<V1Service>(Service, s => s.Metadata.Name = "1web", Invalid, "metadata.name", $"Invalid value: \"1web\": {Label1035}"),
        ["service without ports"] = Of<V1Service>(Service, s => s.Spec.Ports = null, Required, "spec.ports", "Required value"),
        ["service port out of range"] = Of<V1Service>(Service, s => s.Spec.Ports[0].Port = 70000, Invalid, "spec.ports[0].port", $"Invalid value: 70000: {PortRange}"),
        ["service unnamed port among many"] = Of<V1Service>(Service, s => s.Spec.Ports.Insert(0, new V1ServicePort { Port = 81 }), Required, "spec.ports[0].name", "Required value"),
        ["service duplicate port names"] = Of<V1Service>(Service, s => s.Spec.Ports.Add(new V1ServicePort { Name = "http", Port = 81 }), Duplicate, "spec.ports[1].name", "Duplicate value: \"http\""),
        ["service duplicate port numbers"] = Of<V1Service>(Service, s => s.Spec.Ports.Add(new V1ServicePort { Name = "alt", Port = 80 }), Duplicate, "spec.ports[1]",
            "Duplicate value: core.ServicePort{Name:\"\", Protocol:\"TCP\", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}, NodePort:0}"),
        ["service port name invalid"] = Of<V1Service>(Service, s => s.Spec.Ports[0].Name = "HTTP", Invalid, "spec.ports[0].name", $"Invalid value: \"HTTP\": {Label1123}"),
        ["service targetPort name invalid"] = Of<V1Service>(Service, s => s.Spec.Ports[0].TargetPort = "web_port", Invalid, "spec.ports[0].targetPort",
            "Invalid value: \"web_port\": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)"),
        ["service type unknown"] = Of<V1Service>(Service, s => s.Spec.Type = "Internal", NotSupported, "spec.type",
            "Unsupported value: \"Internal\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\""),
        ["headless NodePort"] = Of<V1Service>(Service, s => { s.Spec.Type = "NodePort"; s.Spec.ClusterIP = "None"; }, Invalid, "spec.clusterIPs[0]",
            "Invalid value: \"None\": may not be set to 'None' for NodePort services"),
        ["headless LoadBalancer"] = Of<V1Service>(Service, s => { s.Spec.Type = "LoadBalancer"; s.Spec.ClusterIP = "None"; }, Invalid, "spec.clusterIPs[0]",
            "Invalid value: \"None\": may not be set to 'None' for LoadBalancer services"),
        ["service clusterIP not an IP"] = Of<V1Service>(Service, s => s.Spec.ClusterIP = "10.0.0.300", Invalid, "spec.clusterIPs[0]",
            "Invalid value: \"10.0.0.300\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"),
        ["service selector value invalid"] = Of<V1Service>(Service, s => s.Spec.Selector["app"] = "web!", Invalid, "spec.selector", $"Invalid value: \"web!\": {LabelValue}"),
        ["service sessionAffinity unknown"] = Of<V1Service>(Service, s => s.Spec.SessionAffinity = "Sticky", NotSupported, "spec.sessionAffinity",
            "Unsupported value: \"Sticky\": supported values: \"ClientIP\", \"None\""),
        ["nodePort on ClusterIP service"] = Of<V1Service>(Service, s => s.Spec.Ports[0].NodePort = 30080, Forbidden, "spec.ports[0].nodePort", "Forbidden: may not be used when `type` is 'ClusterIP'"),
        ["service protocol unknown"] = Of<V1Service>(Service, s => s.Spec.Ports[0].Protocol = "ICMP", NotSupported, "spec.ports[0].protocol",
            "Unsupported value: \"ICMP\": supported values: \"SCTP\", \"TCP\", \"UDP\""),
        ["externalTrafficPolicy on ClusterIP"] = Of<V1Service>(Service, s => s.Spec.ExternalTrafficPolicy = "Local", Invalid, "spec.externalTrafficPolicy",
            "Invalid value: \"Local\": may only be set for externally-accessible services"),
        ["ExternalName without name"] = Of<V1Service>(Service, s => { s.Spec.Type = "ExternalName"; s.Spec.Ports = null; }, Required, "spec.externalName", "Required value"),

        // HorizontalPodAutoscaler
        ["hpa maxReplicas below minReplicas"] = Of<V2HorizontalPodAutoscaler>(HorizontalPodAutoscaler, h => { h.Spec.MinReplicas = 5; h.Spec.MaxReplicas = 3; },
            Invalid, "spec.maxReplicas", "Invalid value: 3: must be greater than or equal to `minReplicas`"),
        ["hpa maxReplicas zero"] = Of<V2HorizontalPodAutoscaler>(HorizontalPodAutoscaler, h => h.Spec.MaxReplicas = 0, Invalid, "spec.maxReplicas", "Invalid value: 0: must be greater than 0", only: false),
        ["hpa minReplicas zero"] = Of<V2HorizontalPodAutoscaler>(HorizontalPodAutoscaler, h => h.Spec.MinReplicas = 0, Invalid, "spec.minReplicas", "Invalid value: 0: must be greater than or equal to 1"),
        ["hpa target without name"] = Of<V2HorizontalPodAutoscaler>(HorizontalPodAutoscaler, h => h.Spec.ScaleTargetRef.Name = null, Required, "spec.scaleTargetRef.name", "Required value"),
        ["hpa target name with slash"] = Of<V2HorizontalPodAutoscaler>(HorizontalPodAutoscaler, h => h.Spec.ScaleTargetRef.Name = "a/b", Invalid, "spec.scaleTargetRef.name",
            "Invalid value: \"a/b\": may not contain '/'"),
        ["hpa utilization zero"] = Of<V2HorizontalPodAutoscaler>(HorizontalPodAutoscaler, h => h.Spec.Metrics[0].Resource.Target.AverageUtilization = 0, Invalid,
            "spec.metrics[0].resource.target.averageUtilization", "Invalid value: 0: must be greater than 0"),
        ["hpa metric type unknown"] = Of<V2HorizontalPodAutoscaler>(HorizontalPodAutoscaler, h => h.Spec.Metrics[0].Type = "Custom", NotSupported, "spec.metrics[0].type",
            "Unsupported value: \"Custom\": supported values: \"ContainerResource\", \"External\", \"Object\", \"Pods\", \"Resource\""),
        ["hpa metric source missing"] = Of<V2HorizontalPodAutoscaler>(HorizontalPodAutoscaler, h => h.Spec.Metrics[0].Type = "Pods", Required, "spec.metrics[0].pods",
            "Required value: must populate information for the given metric source", only: false),
        ["hpa target type unknown"] = Of<V2HorizontalPodAutoscaler>(HorizontalPodAutoscaler, h => h.Spec.Metrics[0].Resource.Target.Type = "Percent", Invalid,
            "spec.metrics[0].resource.target.type", "Invalid value: \"Percent\": must be either Utilization, Value, or AverageValue"),
        ["hpa selectPolicy unknown"] = Of<V2HorizontalPodAutoscaler>(HorizontalPodAutoscaler, h => h.Spec.Behavior.ScaleDown.SelectPolicy = "Fastest", NotSupported,
            "spec.behavior.scaleDown.selectPolicy", "Unsupported value: \"Fastest\": supported values: \"Disabled\", \"Max\", \"Min\""),
        ["hpa policy period zero"] = Of<V2HorizontalPodAutoscaler>(HorizontalPodAutoscaler, h => h.Spec.Behavior.ScaleDown.Policies[0].PeriodSeconds = 0, Invalid,
            "spec.behavior.scaleDown.policies[0].periodSeconds", "Invalid value: 0: must be greater than zero"),
        ["hpa stabilization window too long"] = Of<V2HorizontalPodAutoscaler>(HorizontalPodAutoscaler, h => h.Spec.Behavior.ScaleDown.StabilizationWindowSeconds = 4000, Invalid,
            "spec.behavior.scaleDown.stabilizationWindowSeconds", "Invalid value: 4000: must be less than or equal to 3600"),

        // ConfigMap, Secret, Namespace, PVC, Pod
        ["configmap key with space"] = Of<V1ConfigMap>(ConfigMap, c => c.Data["bad key"] = "x", Invalid, "data[bad key]", $"Invalid value: \"bad key\": {ConfigKey}"),
        ["configmap key dot dot"] = Of<V1ConfigMap>(ConfigMap, c => c.Data[".."] = "x", Invalid, "data[..]", "Invalid value: \"..\": must not be '..'"),
        ["configmap key in data and binaryData"] = Of<V1ConfigMap>(ConfigMap, c => c.BinaryData = new Dictionary<string, byte[]> { ["LOG_LEVEL"] = [1] }, Invalid, "data[LOG_LEVEL]",
            "Invalid value: \"LOG_LEVEL\": duplicate of key present in binaryData"),
        ["configmap too large"] = Of<V1ConfigMap>(ConfigMap, c => c.Data["big"] = new string('x', 1024 * 1024), TooLong, "", "Too long: may not be more than 1048576 bytes"),
        ["secret key with slash"] = Of<V1Secret>(Secret, s => s.Data["a/b"] = [1], Invalid, "data[a/b]", $"Invalid value: \"a/b\": {ConfigKey}"),
        ["tls secret without key"] = Of<V1Secret>(Secret, s => { s.Type = "kubernetes.io/tls"; s.Data = new Dictionary<string, byte[]> { ["tls.crt"] = [1] }; },
            Required, "data[tls.key]", "Required value"),
        ["secret too large"] = Of<V1Secret>(Secret, s => s.Data["big"] = new byte[(1024 * 1024) + 1], TooLong, "data", "Too long: may not be more than 1048576 bytes"),
        ["namespace name upper case"] = Of<V1Namespace>(Namespace, n => n.Metadata.Name = "Team-A", Invalid, "metadata.name", $"Invalid value: \"Team-A\": {Label1123}"),
        ["namespace with a namespace"] = Of<V1Namespace>(Namespace, n => n.Metadata.NamespaceProperty = "default", Forbidden, "metadata.namespace", "Forbidden: not allowed on this type"),
        ["namespace finalizer not qualified"] = Of<V1Namespace>(Namespace, n => n.Spec = new V1NamespaceSpec { Finalizers = ["custom"] }, Invalid, "spec.finalizers",
            "Invalid value: \"custom\": name is neither a standard finalizer name nor is it fully qualified"),
        ["pvc without access modes"] = Of<V1PersistentVolumeClaim>("""{"metadata":{"name":"data","namespace":"default"},"spec":{"resources":{"requests":{"storage":"1Gi"}}}}""", _ => { },
            Required, "spec.accessModes", "Required value: at least 1 access mode is required"),
        ["pvc without storage request"] = Of<V1PersistentVolumeClaim>("""{"metadata":{"name":"data","namespace":"default"},"spec":{"accessModes":["ReadWriteOnce"]}}""", _ => { },
            Required, "spec.resources[storage]", "Required value"),
        ["pod restartPolicy unknown"] = Of<V1Pod>(Pod, p => p.Spec.RestartPolicy = "Sometimes", NotSupported, "spec.restartPolicy",
            "Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\""),
        ["pod activeDeadlineSeconds zero"] = Of<V1Pod>(Pod, p => p.Spec.ActiveDeadlineSeconds = 0, Invalid, "spec.activeDeadlineSeconds",
            "Invalid value: 0: must be between 1 and 2147483647, inclusive"),
    };

    /// <summary>This file's cases and those of the other parts of this class (pod spec, workloads and services, other kinds).</summary>
    private static readonly Lazy<Dictionary<string, Case>> AllCases = new(BuildAllCases);

    public static TheoryData<string> CaseNames => [.. AllCases.Value.Keys];

    private static Dictionary<string, Case> BuildAllCases() =>
        Cases.Concat(PodSpecCases).Concat(SchedulingCases).Concat(KindCases).ToDictionary(kv => kv.Key, kv => kv.Value);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Invalid_object_reports_upstreams_cause(string caseName)
    {
        var testCase = AllCases.Value[caseName];

        var errors = ObjectValidator.ValidateCreate(testCase.Build());

        if (testCase.Only)
        {
            Assert.Equal([testCase.Expected], errors);
        }
        else
        {
            Assert.Contains(testCase.Expected, errors);
        }
    }

    [Fact]
    public void The_table_covers_at_least_two_hundred_invalid_objects() => Assert.True(AllCases.Value.Count >= 200, $"only {AllCases.Value.Count} cases");

    [Fact]
    public void Cause_prints_as_kubectl_shows_it()
    {
        var deployment = Admitted<V1Deployment>(Deployment, d => d.Spec.Replicas = -1);

        var error = Assert.Single(ObjectValidator.ValidateCreate(deployment));

        Assert.Equal("spec.replicas: Invalid value: -1: must be greater than or equal to 0", error.ToString());
    }

    [Fact]
    public void Repeated_causes_are_reported_once()
    {
        // Upstream reports an unknown metric type both as unsupported and from its type switch; the aggregate keeps one.
        var hpa = Admitted<V2HorizontalPodAutoscaler>(HorizontalPodAutoscaler, h => h.Spec.Metrics[0].Type = "Custom");

        var errors = ObjectValidator.ValidateCreate(hpa);

        Assert.Equal(errors.Count, errors.Distinct().Count());
    }
}
