using k8s.Models;
using static Skiff.Api.Tests.Admission.AdmissionFixtures;
using Skiff.Api.Admission;

namespace Skiff.Api.Tests.Admission;

/// <summary>Pod spec cases: containers, ports, env, volumes and mounts, probes and hooks, resources, pod-level fields.</summary>
public partial class InvalidObjectsTests
{
    private const string T = "spec.template.spec";
    private const string C = "spec.template.spec.containers[0]";

    private static V1PodSpec Tpl(V1Deployment d) => d.Spec.Template.Spec;

    /// <summary>Replaces the example's volume and drops its mount: a broken volume also makes its mounts "not found", as upstream.</summary>
    private static void ReplaceVolume(V1Deployment d, V1Volume volume)
    {
        Tpl(d).Volumes[0] = volume;
        Container(d).VolumeMounts = null;
    }

    private static V1Container Sidecar(params V1ContainerPort[] ports) => new() { Name = "side", Image = "busybox", Ports = [.. ports] };

    private static readonly Dictionary<string, Case> PodSpecCases = new()
    {
        // containers and ports
        ["container name empty"] = Dep(d => Container(d).Name = "", Required, $"{C}.name", "Required value"),
        ["container image empty"] = Dep(d => Container(d).Image = "", Required, $"{C}.image", "Required value"),
        ["host port out of range"] = Dep(d => Container(d).Ports[0].HostPort = 70000, Invalid, $"{C}.ports[0].hostPort", $"Invalid value: 70000: {PortRange}"),
        ["host port used twice"] = Dep(d => { Container(d).Ports[0].HostPort = 8080; Tpl(d).Containers.Add(Sidecar(new V1ContainerPort { ContainerPort = 9090, HostPort = 8080 })); },
            Duplicate, $"{T}.containers[1].ports[0].hostPort", "Duplicate value: \"TCP//8080\""),
        ["port name without a letter"] = Dep(d => { Container(d).Ports[0].Name = "8080"; Container(d).ReadinessProbe = null; },
            Invalid, $"{C}.ports[0].name", "Invalid value: \"8080\": must contain at least one letter (a-z)"),
        ["port name with trailing hyphen"] = Dep(d => { Container(d).Ports[0].Name = "http-"; Container(d).ReadinessProbe = null; },
            Invalid, $"{C}.ports[0].name", "Invalid value: \"http-\": must not begin or end with a hyphen"),
        ["restartPolicy on a regular container"] = Dep(d => Container(d).RestartPolicy = "Always", Forbidden, $"{C}.restartPolicy", "Forbidden: may not be set for non-init containers"),
        ["init container with a liveness probe"] = Dep(d => Tpl(d).InitContainers = [new V1Container { Name = "init", Image = "busybox", LivenessProbe = new V1Probe { Exec = new V1ExecAction { Command = ["true"] } } }],
            Forbidden, $"{T}.initContainers[0].livenessProbe", "Forbidden: may not be set for init containers without restartPolicy=Always"),
        ["init container with a hook"] = Dep(d => Tpl(d).InitContainers = [new V1Container { Name = "init", Image = "busybox", Lifecycle = new V1Lifecycle { PreStop = new V1LifecycleHandler { Exec = new V1ExecAction { Command = ["true"] } } } }],
            Forbidden, $"{T}.initContainers[0].lifecycle", "Forbidden: may not be set for init containers without restartPolicy=Always"),
        ["init container restartPolicy OnFailure"] = Dep(d => Tpl(d).InitContainers = [new V1Container { Name = "init", Image = "busybox", RestartPolicy = "OnFailure" }],
            NotSupported, $"{T}.initContainers[0].restartPolicy", "Unsupported value: \"OnFailure\": supported values: \"Always\""),
        ["container runAsUser negative"] = Dep(d => Container(d).SecurityContext = new V1SecurityContext { RunAsUser = -1 }, Invalid, $"{C}.securityContext.runAsUser",
            "Invalid value: -1: must be between 0 and 2147483647, inclusive"),
        ["hostNetwork with a different hostPort"] = Dep(d => { Tpl(d).HostNetwork = true; Container(d).Ports[0].HostPort = 81; }, Invalid, $"{C}.ports[0].hostPort",
            "Invalid value: 81: must match `containerPort` when `hostNetwork` is true"),

        // env and envFrom
        ["env name empty"] = Dep(d => Container(d).Env[0].Name = "", Required, $"{C}.env[0].name", "Required value"),
        ["env valueFrom without a source"] = Dep(d => Container(d).Env[1].ValueFrom = new V1EnvVarSource(), Invalid, $"{C}.env[1].valueFrom",
            "Invalid value: \"\": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"),
        ["env valueFrom with two sources"] = Dep(d => Container(d).Env[1].ValueFrom.SecretKeyRef = new V1SecretKeySelector { Name = "creds", Key = "password" }, Invalid, $"{C}.env[1].valueFrom",
            "Invalid value: \"\": may not have more than one field specified at a time"),
        ["env fieldRef not readable"] = Dep(d => Container(d).Env[1].ValueFrom.FieldRef.FieldPath = "spec.restartPolicy", NotSupported, $"{C}.env[1].valueFrom.fieldRef.fieldPath",
            "Unsupported value: \"spec.restartPolicy\": supported values: \"metadata.name\", \"metadata.namespace\", \"metadata.uid\", \"spec.nodeName\", \"spec.serviceAccountName\", \"status.hostIP\", \"status.hostIPs\", \"status.podIP\", \"status.podIPs\""),
        ["env fieldRef unknown"] = Dep(d => Container(d).Env[1].ValueFrom.FieldRef.FieldPath = "metadata.owner", Invalid, $"{C}.env[1].valueFrom.fieldRef.fieldPath",
            "Invalid value: \"metadata.owner\": error converting fieldPath: field label not supported: metadata.owner"),
        ["env fieldRef version"] = Dep(d => Container(d).Env[1].ValueFrom.FieldRef.ApiVersion = "v2", Invalid, $"{C}.env[1].valueFrom.fieldRef.fieldPath",
            "Invalid value: \"metadata.name\": error converting fieldPath: unsupported pod version: v2"),
        ["env secretKeyRef without key"] = Dep(d => Container(d).Env[1].ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = "creds" } },
            Required, $"{C}.env[1].valueFrom.secretKeyRef.key", "Required value"),
        ["env configMapKeyRef bad name"] = Dep(d => Container(d).Env[1].ValueFrom = new V1EnvVarSource { ConfigMapKeyRef = new V1ConfigMapKeySelector { Name = "Settings", Key = "mode" } },
            Invalid, $"{C}.env[1].valueFrom.configMapKeyRef.name", $"Invalid value: \"Settings\": {Subdomain}"),
        ["env configMapKeyRef bad key"] = Dep(d => Container(d).Env[1].ValueFrom = new V1EnvVarSource { ConfigMapKeyRef = new V1ConfigMapKeySelector { Name = "settings", Key = "a b" } },
            Invalid, $"{C}.env[1].valueFrom.configMapKeyRef.key", $"Invalid value: \"a b\": {ConfigKey}"),
        ["env resourceFieldRef unknown"] = Dep(d => Container(d).Env[1].ValueFrom = new V1EnvVarSource { ResourceFieldRef = new V1ResourceFieldSelector { Resource = "limits.gpu" } },
            NotSupported, $"{C}.env[1].valueFrom.resourceFieldRef.resource",
            "Unsupported value: \"limits.gpu\": supported values: \"limits.cpu\", \"limits.ephemeral-storage\", \"limits.memory\", \"requests.cpu\", \"requests.ephemeral-storage\", \"requests.memory\""),
        ["envFrom without a source"] = Dep(d => Container(d).EnvFrom = [new V1EnvFromSource()], Invalid, $"{C}.envFrom",
            "Invalid value: \"\": must specify one of: `configMapRef` or `secretRef`"),
        ["envFrom prefix with equals"] = Dep(d => Container(d).EnvFrom = [new V1EnvFromSource { Prefix = "A=", ConfigMapRef = new V1ConfigMapEnvSource { Name = "settings" } }],
            Invalid, $"{C}.envFrom[0].prefix", "Invalid value: \"A=\": a valid environment variable name must consist only of printable ASCII characters other than '='"),
        ["envFrom configMapRef without name"] = Dep(d => Container(d).EnvFrom = [new V1EnvFromSource { ConfigMapRef = new V1ConfigMapEnvSource() }],
            Required, $"{C}.envFrom[0].configMapRef.name", "Required value"),

        // volumes and mounts
        ["volume name upper case"] = Dep(d => Tpl(d).Volumes[0].Name = "Cache", Invalid, $"{T}.volumes[0].name", $"Invalid value: \"Cache\": {Label1123}", only: false),
        ["mount of a broken volume"] = Dep(d => Tpl(d).Volumes[0].Name = "Cache", NotFound, $"{C}.volumeMounts[0].name", "Not found: \"cache\"", only: false),
        ["secret volume without name"] = Dep(d => ReplaceVolume(d, new V1Volume { Name = "cache", Secret = new V1SecretVolumeSource() }),
            Required, $"{T}.volumes[0].secret.secretName", "Required value"),
        ["pvc volume without claim"] = Dep(d => ReplaceVolume(d, new V1Volume { Name = "cache", PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource() }),
            Required, $"{T}.volumes[0].persistentVolumeClaim.claimName", "Required value"),
        ["hostPath without path"] = Dep(d => ReplaceVolume(d, new V1Volume { Name = "cache", HostPath = new V1HostPathVolumeSource { Path = "" } }),
            Required, $"{T}.volumes[0].hostPath.path", "Required value"),
        ["hostPath with backsteps"] = Dep(d => ReplaceVolume(d, new V1Volume { Name = "cache", HostPath = new V1HostPathVolumeSource { Path = "/var/../etc" } }),
            Invalid, $"{T}.volumes[0].hostPath.path", "Invalid value: \"/var/../etc\": must not contain '..'"),
        ["hostPath type unknown"] = Dep(d => ReplaceVolume(d, new V1Volume { Name = "cache", HostPath = new V1HostPathVolumeSource { Path = "/data", Type = "Folder" } }),
            NotSupported, $"{T}.volumes[0].hostPath.type",
            "Unsupported value: \"Folder\": supported values: \"\", \"BlockDevice\", \"CharDevice\", \"Directory\", \"DirectoryOrCreate\", \"File\", \"FileOrCreate\", \"Socket\""),
        ["configMap volume mode above 0777"] = Dep(d => ReplaceVolume(d, new V1Volume { Name = "cache", ConfigMap = new V1ConfigMapVolumeSource { Name = "settings", DefaultMode = 1000 } }),
            Invalid, $"{T}.volumes[0].configMap.defaultMode", "Invalid value: 1000: must be a number between 0 and 0777 (octal), both inclusive"),
        ["configMap item with an absolute path"] = Dep(d => ReplaceVolume(d, new V1Volume
            {
                Name = "cache",
                ConfigMap = new V1ConfigMapVolumeSource { Name = "settings", Items = [new V1KeyToPath { Key = "a", Path = "/etc/a" }] },
            }),
            Invalid, $"{T}.volumes[0].configMap.items[0].path", "Invalid value: \"/etc/a\": must be a relative path"),
        ["emptyDir with a negative size"] = Dep(d => ReplaceVolume(d, new V1Volume { Name = "cache", EmptyDir = new V1EmptyDirVolumeSource { SizeLimit = new ResourceQuantity("-1Gi") } }),
            Forbidden, $"{T}.volumes[0].emptyDir.sizeLimit", "Forbidden: SizeLimit field must be a valid resource quantity"),
        ["mount path used twice"] = Dep(d => Container(d).VolumeMounts.Add(new V1VolumeMount { Name = "cache", MountPath = "/cache" }),
            Invalid, $"{C}.volumeMounts[1].mountPath", "Invalid value: \"/cache\": must be unique"),
        ["mount without a name"] = Dep(d => Container(d).VolumeMounts[0].Name = "", Required, $"{C}.volumeMounts[0].name", "Required value", only: false),
        ["mount subPath absolute"] = Dep(d => Container(d).VolumeMounts[0].SubPath = "/abs", Invalid, $"{C}.volumeMounts.subPath", "Invalid value: \"/abs\": must be a relative path"),
        ["mount subPath with backsteps"] = Dep(d => Container(d).VolumeMounts[0].SubPath = "../x", Invalid, $"{C}.volumeMounts.subPath", "Invalid value: \"../x\": must not contain '..'"),
        ["mount subPathExpr with subPath"] = Dep(d => { Container(d).VolumeMounts[0].SubPath = "a"; Container(d).VolumeMounts[0].SubPathExpr = "b"; },
            Invalid, $"{C}.volumeMounts[0].subPathExpr", "Invalid value: \"b\": subPathExpr and subPath are mutually exclusive"),
        ["mount propagation unknown"] = Dep(d => Container(d).VolumeMounts[0].MountPropagation = "Shared", NotSupported, $"{C}.volumeMounts.mountPropagation",
            "Unsupported value: \"Shared\": supported values: \"Bidirectional\", \"HostToContainer\", \"None\""),
        ["bidirectional propagation unprivileged"] = Dep(d => Container(d).VolumeMounts[0].MountPropagation = "Bidirectional", Forbidden, $"{C}.volumeMounts.mountPropagation",
            "Forbidden: Bidirectional mount propagation is available only to privileged containers"),
        ["recursiveReadOnly without readOnly"] = Dep(d => Container(d).VolumeMounts[0].RecursiveReadOnly = "Enabled", Forbidden, $"{C}.volumeMounts.recursiveReadOnly",
            "Forbidden: may only be specified when readOnly is true"),

        // probes and hooks
        ["startup probe successThreshold not 1"] = Dep(d => Container(d).StartupProbe = new V1Probe { Exec = new V1ExecAction { Command = ["true"] }, SuccessThreshold = 3 },
            Invalid, $"{C}.startupProbe.successThreshold", "Invalid value: 3: must be 1"),
        ["readiness probe with a grace period"] = Dep(d => Container(d).ReadinessProbe.TerminationGracePeriodSeconds = 10, Invalid, $"{C}.readinessProbe.terminationGracePeriodSeconds",
            "Invalid value: 10: must not be set for readinessProbes"),
        ["liveness probe grace period zero"] = Dep(d => Container(d).LivenessProbe.TerminationGracePeriodSeconds = 0, Invalid, $"{C}.livenessProbe.terminationGracePeriodSeconds",
            "Invalid value: 0: must be greater than 0"),
        ["negative probe period"] = Dep(d => Container(d).LivenessProbe.PeriodSeconds = -5, Invalid, $"{C}.livenessProbe.periodSeconds", "Invalid value: -5: must be greater than or equal to 0"),
        ["negative probe failureThreshold"] = Dep(d => Container(d).ReadinessProbe.FailureThreshold = -1, Invalid, $"{C}.readinessProbe.failureThreshold",
            "Invalid value: -1: must be greater than or equal to 0"),
        ["negative probe timeout"] = Dep(d => Container(d).ReadinessProbe.TimeoutSeconds = -1, Invalid, $"{C}.readinessProbe.timeoutSeconds", "Invalid value: -1: must be greater than or equal to 0"),
        ["exec probe without command"] = Dep(d => Container(d).LivenessProbe = new V1Probe { Exec = new V1ExecAction() }, Required, $"{C}.livenessProbe.exec.command", "Required value"),
        ["grpc probe port zero"] = Dep(d => Container(d).LivenessProbe = new V1Probe { Grpc = new V1GRPCAction { Port = 0 } }, Invalid, $"{C}.livenessProbe.grpc.port", $"Invalid value: 0: {PortRange}"),
        ["httpGet probe port name upper case"] = Dep(d => Container(d).ReadinessProbe.HttpGet.Port = "HTTP", Invalid, $"{C}.readinessProbe.httpGet.port",
            "Invalid value: \"HTTP\": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)", only: false),
        ["hook without handler"] = Dep(d => Container(d).Lifecycle = new V1Lifecycle { PreStop = new V1LifecycleHandler() }, Required, $"{C}.lifecycle.preStop",
            "Required value: must specify a handler type"),
        ["preStop sleep longer than the grace period"] = Dep(d => Container(d).Lifecycle = new V1Lifecycle { PreStop = new V1LifecycleHandler { Sleep = new V1SleepAction { Seconds = 60 } } },
            Invalid, $"{C}.lifecycle.preStop.sleep",
            "Invalid value: 60: must be greater than 0 and less than terminationGracePeriodSeconds (30). Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep."),
        ["postStart with two handlers"] = Dep(d => Container(d).Lifecycle = new V1Lifecycle
            {
                PostStart = new V1LifecycleHandler { Exec = new V1ExecAction { Command = ["true"] }, HttpGet = new V1HTTPGetAction { Port = 80 } },
            },
            Forbidden, $"{C}.lifecycle.postStart.httpGet", "Forbidden: may not specify more than 1 handler type"),

        // resources
        ["negative memory limit"] = Dep(d => Container(d).Resources.Limits["memory"] = new ResourceQuantity("-1Gi"), Invalid, $"{C}.resources.limits[memory]",
            "Invalid value: \"-1Gi\": must be greater than or equal to 0", only: false),
        ["extended resource request without limit"] = Dep(d => Container(d).Resources.Requests["example.com/gpu"] = new ResourceQuantity("1"), Required, $"{C}.resources.limits",
            "Required value: Limit must be set for non overcommitable resources"),
        ["extended resource request below limit"] = Dep(d =>
            {
                Container(d).Resources.Limits["example.com/gpu"] = new ResourceQuantity("2");
                Container(d).Resources.Requests["example.com/gpu"] = new ResourceQuantity("1");
            },
            Invalid, $"{C}.resources.requests", "Invalid value: \"1\": must be equal to example.com/gpu limit of 2"),
        ["extended resource name with a space"] = Dep(d => Container(d).Resources.Limits["example.com/big gpu"] = new ResourceQuantity("1"), Invalid, $"{C}.resources.limits[example.com/big gpu]",
            "Invalid value: example.com/big gpu: doesn't follow extended resource name standard", only: false),
        ["pods as a container resource"] = Dep(d => Container(d).Resources.Limits["pods"] = new ResourceQuantity("1"), Invalid, $"{C}.resources.limits[pods]",
            "Invalid value: pods: must be a standard resource for containers"),
        ["hugepages without cpu or memory"] = Dep(d => Container(d).Resources = new V1ResourceRequirements { Limits = new Dictionary<string, ResourceQuantity> { ["hugepages-2Mi"] = new("4Mi") } },
            Forbidden, $"{C}.resources", "Forbidden: HugePages require cpu or memory"),
        ["hugepages not a whole number of pages"] = Dep(d => Container(d).Resources.Limits["hugepages-2Mi"] = new ResourceQuantity("3Mi"), Invalid, $"{C}.resources.limits[hugepages-2Mi]",
            "Invalid value: \"3Mi\": 3Mi is not positive integer multiple of hugepages-2Mi"),
        ["hugepages request below limit"] = Dep(d =>
            {
                Container(d).Resources.Limits["hugepages-2Mi"] = new ResourceQuantity("4Mi");
                Container(d).Resources.Requests["hugepages-2Mi"] = new ResourceQuantity("2Mi");
            },
            Invalid, $"{C}.resources.requests", "Invalid value: \"2Mi\": must be equal to hugepages-2Mi limit of 4Mi"),

        // pod-level fields
        ["dnsPolicy None without dnsConfig"] = Dep(d => Tpl(d).DnsPolicy = "None", Required, $"{T}.dnsConfig", "Required value: must provide `dnsConfig` when `dnsPolicy` is None"),
        ["dnsPolicy None without nameservers"] = Dep(d => { Tpl(d).DnsPolicy = "None"; Tpl(d).DnsConfig = new V1PodDNSConfig(); }, Required, $"{T}.dnsConfig.nameservers",
            "Required value: must provide at least one DNS nameserver when `dnsPolicy` is None"),
        ["dnsConfig nameserver not an IP"] = Dep(d => Tpl(d).DnsConfig = new V1PodDNSConfig { Nameservers = ["dns.local"] }, Invalid, $"{T}.dnsConfig.nameservers[0]",
            "Invalid value: \"dns.local\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"),
        ["dnsConfig with four nameservers"] = Dep(d => Tpl(d).DnsConfig = new V1PodDNSConfig { Nameservers = ["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4"] }, Invalid, $"{T}.dnsConfig.nameservers",
            "Invalid value: []string{\"10.0.0.1\", \"10.0.0.2\", \"10.0.0.3\", \"10.0.0.4\"}: must not have more than 3 nameservers"),
        ["hostname not a label"] = Dep(d => Tpl(d).Hostname = "Web_1", Invalid, $"{T}.hostname", $"Invalid value: \"Web_1\": {Label1123}"),
        ["subdomain with dots"] = Dep(d => Tpl(d).Subdomain = "a.b", Invalid, $"{T}.subdomain", "Invalid value: \"a.b\": must not contain dots"),
        ["nodeName invalid"] = Dep(d => Tpl(d).NodeName = "Node_1", Invalid, $"{T}.nodeName", $"Invalid value: \"Node_1\": {Subdomain}"),
        ["priorityClassName invalid"] = Dep(d => Tpl(d).PriorityClassName = "High_Priority", Invalid, $"{T}.priorityClassName", $"Invalid value: \"High_Priority\": {Subdomain}"),
        ["pod runAsUser negative"] = Dep(d => Tpl(d).SecurityContext = new V1PodSecurityContext { RunAsUser = -1 }, Invalid, $"{T}.securityContext.runAsUser", "Invalid value: -1: must be between 0 and 2147483647, inclusive"),
        ["pod fsGroup too large"] = Dep(d => Tpl(d).SecurityContext = new V1PodSecurityContext { FsGroup = 2147483648L }, Invalid, $"{T}.securityContext.fsGroup", "Invalid value: 2147483648: must be between 0 and 2147483647, inclusive"),
        ["ephemeral containers in a template"] = Dep(d => Tpl(d).EphemeralContainers = [new V1EphemeralContainer { Name = "debug", Image = "busybox", TerminationMessagePolicy = "File", ImagePullPolicy = "Always" }],
            Forbidden, $"{T}.ephemeralContainers", "Forbidden: ephemeral containers not allowed in pod template"),
        ["pod image with trailing space"] = Of<V1Pod>(Pod, p => p.Spec.Containers[0].Image = "busybox ", Invalid, "spec.containers[0].image",
            "Invalid value: \"busybox \": must not have leading or trailing whitespace"),
        ["pod created with ephemeral containers"] = Of<V1Pod>(Pod, p => p.Spec.EphemeralContainers =
            [new V1EphemeralContainer { Name = "debug", Image = "busybox", TerminationMessagePolicy = "File", ImagePullPolicy = "Always" }],
            Forbidden, "spec.ephemeralContainers", "Forbidden: cannot be set on create"),
    };
}
