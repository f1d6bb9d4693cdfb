using Skiff.Api.Syntax;
using System.Reflection;
using k8s.Models;

namespace Skiff.Api.Admission;

/// <summary>Upstream's ValidatePodTemplateSpec / ValidatePodSpec and the container, port, probe, resource, volume and env rules beneath them.</summary>
internal static class PodSpecValidation
{
    private static readonly string[] PortProtocols = ["SCTP", "TCP", "UDP"];
    private static readonly string[] RestartPolicies = ["Always", "OnFailure", "Never"];
    private static readonly string[] DnsPolicies = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"];
    private static readonly string[] PullPolicies = ["Always", "IfNotPresent", "Never"];
    private static readonly string[] TerminationMessagePolicies = ["File", "FallbackToLogsOnError"];
    private static readonly string[] ProbeSchemes = ["HTTP", "HTTPS"];
    private static readonly string[] OvercommitResources = ["cpu", "memory", "ephemeral-storage"];
    private static readonly PropertyInfo[] VolumeSourceProperties =
        [.. typeof(V1Volume).GetProperties().Where(p => p.Name != nameof(V1Volume.Name))];

    /// <summary>Shared by Deployment, ReplicaSet and ReplicationController templates (StatefulSet templates are not validated this deeply upstream).</summary>
    public static void ValidateTemplate(V1PodTemplateSpec template, string path, List<FieldError> errors)
    {
        ObjectMetaValidation.ValidateLabels(template.Metadata?.Labels, FieldPath.Child(path, "labels"), errors);
        ObjectMetaValidation.ValidateAnnotations(template.Metadata?.Annotations, FieldPath.Child(path, "annotations"), errors);
        var spec = template.Spec ?? new V1PodSpec();
        ValidatePodSpec(spec, FieldPath.Child(path, "spec"), errors);
        if (spec.EphemeralContainers is { Count: > 0 })
        {
            errors.Add(FieldErrors.Forbidden(FieldPath.Child(path, "spec.ephemeralContainers"), "ephemeral containers not allowed in pod template"));
        }
    }

    /// <summary>The workload rule that a template's pods must always restart, and may not have a deadline.</summary>
    public static void ValidateWorkloadTemplateRestart(V1PodSpec? spec, string templatePath, string kind, List<FieldError> errors)
    {
        var restartPolicy = spec?.RestartPolicy ?? "";
        if (restartPolicy != "Always")
        {
            errors.Add(FieldErrors.NotSupported(FieldPath.Child(templatePath, "spec.restartPolicy"), GoQuote.Quote(restartPolicy), ["Always"]));
        }
        if (spec?.ActiveDeadlineSeconds is not null)
        {
            errors.Add(FieldErrors.Forbidden(FieldPath.Child(templatePath, "spec.activeDeadlineSeconds"), $"activeDeadlineSeconds in {kind} is not Supported"));
        }
    }

    public static void ValidatePodSpec(V1PodSpec spec, string path, List<FieldError> errors)
    {
        var volumeNames = ValidateVolumes(spec.Volumes, FieldPath.Child(path, "volumes"), errors);
        ValidateContainers(spec.Containers, volumeNames, FieldPath.Child(path, "containers"), errors);
        ValidateInitContainers(spec.InitContainers, spec.Containers, volumeNames, FieldPath.Child(path, "initContainers"), errors);

        ValidateEnum(spec.RestartPolicy, FieldPath.Child(path, "restartPolicy"), RestartPolicies, errors);
        ValidateEnum(spec.DnsPolicy, FieldPath.Child(path, "dnsPolicy"), DnsPolicies, errors);
        if (spec.DnsPolicy == "None" && spec.DnsConfig is null)
        {
            errors.Add(FieldErrors.Required(FieldPath.Child(path, "dnsConfig"), "must provide `dnsConfig` when `dnsPolicy` is None"));
        }
        ObjectMetaValidation.ValidateLabels(spec.NodeSelector, FieldPath.Child(path, "nodeSelector"), errors);

        if (!string.IsNullOrEmpty(spec.ServiceAccountName))
        {
            foreach (var message in NameValidation.NameIsDnsSubdomain(spec.ServiceAccountName, false))
            {
                errors.Add(FieldErrors.InvalidString(FieldPath.Child(path, "serviceAccountName"), spec.ServiceAccountName, message));
            }
        }
        if (!string.IsNullOrEmpty(spec.NodeName))
        {
            foreach (var message in NameValidation.NameIsDnsSubdomain(spec.NodeName, false))
            {
                errors.Add(FieldErrors.InvalidString(FieldPath.Child(path, "nodeName"), spec.NodeName, message));
            }
        }
        if (spec.ActiveDeadlineSeconds is { } deadline && deadline is < 1 or > int.MaxValue)
        {
            errors.Add(FieldErrors.Invalid(FieldPath.Child(path, "activeDeadlineSeconds"), deadline, NameValidation.InclusiveRangeError(1, int.MaxValue)));
        }
        if (!string.IsNullOrEmpty(spec.Hostname))
        {
            ValidateDns1123Label(spec.Hostname, FieldPath.Child(path, "hostname"), errors);
        }
        if (!string.IsNullOrEmpty(spec.Subdomain))
        {
            ValidateDns1123Label(spec.Subdomain, FieldPath.Child(path, "subdomain"), errors);
        }
    }

    public static void ValidateDns1123Label(string value, string path, List<FieldError> errors)
    {
        foreach (var message in NameValidation.IsDns1123Label(value))
        {
            errors.Add(FieldErrors.InvalidString(path, value, message));
        }
    }

    private static HashSet<string> ValidateVolumes(IList<V1Volume>? volumes, string path, List<FieldError> errors)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (volumes?.Count ?? 0); i++)
        {
            var volume = volumes![i];
            var volumePath = FieldPath.Index(path, i);
            var namePath = FieldPath.Child(volumePath, "name");
            ValidateVolumeSource(volume, volumePath, errors);
            if (string.IsNullOrEmpty(volume.Name))
            {
                errors.Add(FieldErrors.Required(namePath));
            }
            else
            {
                ValidateDns1123Label(volume.Name, namePath, errors);
            }
            if (!names.Add(volume.Name ?? ""))
            {
                errors.Add(FieldErrors.Duplicate(namePath, GoQuote.Quote(volume.Name ?? "")));
            }
        }
        return names;
    }

    private static void ValidateVolumeSource(V1Volume volume, string path, List<FieldError> errors)
    {
        var sources = VolumeSourceProperties.Where(p => p.GetValue(volume) is not null).ToList();
        if (sources.Count == 0)
        {
            errors.Add(FieldErrors.Required(path, "must specify a volume type"));
            return;
        }
        foreach (var extra in sources.Skip(1))
        {
            errors.Add(FieldErrors.Forbidden(FieldPath.Child(path, JsonName(extra)), "may not specify more than 1 volume type"));
        }
        switch (sources[0].GetValue(volume))
        {
            case V1ConfigMapVolumeSource { Name: null or "" }:
                errors.Add(FieldErrors.Required(FieldPath.Child(path, "configMap.name")));
                break;
            case V1SecretVolumeSource { SecretName: null or "" }:
                errors.Add(FieldErrors.Required(FieldPath.Child(path, "secret.secretName")));
                break;
            case V1PersistentVolumeClaimVolumeSource { ClaimName: null or "" }:
                errors.Add(FieldErrors.Required(FieldPath.Child(path, "persistentVolumeClaim.claimName")));
                break;
            case V1HostPathVolumeSource { Path: null or "" }:
                errors.Add(FieldErrors.Required(FieldPath.Child(path, "hostPath.path")));
                break;
            default:
                break;
        }
    }

    private static void ValidateContainers(IList<V1Container>? containers, HashSet<string> volumes, string path, List<FieldError> errors)
    {
        if (containers is null || containers.Count == 0)
        {
            errors.Add(FieldErrors.Required(path));
            return;
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < containers.Count; i++)
        {
            var container = containers[i];
            var containerPath = FieldPath.Index(path, i);
            ValidateContainerCommon(container, volumes, containerPath, errors);
            if (!names.Add(container.Name ?? ""))
            {
                errors.Add(FieldErrors.Duplicate(FieldPath.Child(containerPath, "name"), GoQuote.Quote(container.Name ?? "")));
            }
            ValidateProbe(container.LivenessProbe, FieldPath.Child(containerPath, "livenessProbe"), mustSucceedOnce: true, errors);
            ValidateProbe(container.ReadinessProbe, FieldPath.Child(containerPath, "readinessProbe"), mustSucceedOnce: false, errors);
            ValidateProbe(container.StartupProbe, FieldPath.Child(containerPath, "startupProbe"), mustSucceedOnce: true, errors);
            if (container.RestartPolicy is not null)
            {
                errors.Add(FieldErrors.Forbidden(FieldPath.Child(containerPath, "restartPolicy"), "may not be set for non-init containers"));
            }
        }
    }

    private static void ValidateInitContainers(IList<V1Container>? initContainers, IList<V1Container>? containers, HashSet<string> volumes, string path, List<FieldError> errors)
    {
        var names = new HashSet<string>((containers ?? []).Select(c => c.Name ?? ""), StringComparer.Ordinal);
        for (var i = 0; i < (initContainers?.Count ?? 0); i++)
        {
            var container = initContainers![i];
            var containerPath = FieldPath.Index(path, i);
            ValidateContainerCommon(container, volumes, containerPath, errors);
            if (!names.Add(container.Name ?? ""))
            {
                errors.Add(FieldErrors.Duplicate(FieldPath.Child(containerPath, "name"), GoQuote.Quote(container.Name ?? "")));
            }
            var sidecar = container.RestartPolicy == "Always";
            if (container.RestartPolicy is not null && !sidecar)
            {
                errors.Add(FieldErrors.NotSupported(FieldPath.Child(containerPath, "restartPolicy"), GoQuote.Quote(container.RestartPolicy), ["Always"]));
            }
            if (sidecar)
            {
                ValidateProbe(container.LivenessProbe, FieldPath.Child(containerPath, "livenessProbe"), mustSucceedOnce: true, errors);
                ValidateProbe(container.ReadinessProbe, FieldPath.Child(containerPath, "readinessProbe"), mustSucceedOnce: false, errors);
                ValidateProbe(container.StartupProbe, FieldPath.Child(containerPath, "startupProbe"), mustSucceedOnce: true, errors);
                continue;
            }
            const string notSidecar = "may not be set for init containers without restartPolicy=Always";
            if (container.Lifecycle is not null)
            {
                errors.Add(FieldErrors.Forbidden(FieldPath.Child(containerPath, "lifecycle"), notSidecar));
            }
            if (container.LivenessProbe is not null)
            {
                errors.Add(FieldErrors.Forbidden(FieldPath.Child(containerPath, "livenessProbe"), notSidecar));
            }
            if (container.ReadinessProbe is not null)
            {
                errors.Add(FieldErrors.Forbidden(FieldPath.Child(containerPath, "readinessProbe"), notSidecar));
            }
            if (container.StartupProbe is not null)
            {
                errors.Add(FieldErrors.Forbidden(FieldPath.Child(containerPath, "startupProbe"), notSidecar));
            }
        }
    }

    private static void ValidateContainerCommon(V1Container container, HashSet<string> volumes, string path, List<FieldError> errors)
    {
        var namePath = FieldPath.Child(path, "name");
        if (string.IsNullOrEmpty(container.Name))
        {
            errors.Add(FieldErrors.Required(namePath));
        }
        else
        {
            ValidateDns1123Label(container.Name, namePath, errors);
        }
        if (string.IsNullOrEmpty(container.Image))
        {
            errors.Add(FieldErrors.Required(FieldPath.Child(path, "image")));
        }
        switch (container.TerminationMessagePolicy)
        {
            case "File" or "FallbackToLogsOnError":
                break;
            case null or "":
                errors.Add(FieldErrors.Required(FieldPath.Child(path, "terminationMessagePolicy"), "must be 'File' or 'FallbackToLogsOnError'"));
                break;
            default:
                errors.Add(FieldErrors.NotSupported(FieldPath.Child(path, "terminationMessagePolicy"), GoQuote.Quote(container.TerminationMessagePolicy), TerminationMessagePolicies));
                break;
        }
        ValidateContainerPorts(container.Ports, FieldPath.Child(path, "ports"), errors);
        ValidateEnv(container.Env, FieldPath.Child(path, "env"), errors);
        ValidateVolumeMounts(container.VolumeMounts, volumes, FieldPath.Child(path, "volumeMounts"), errors);
        ValidateEnum(container.ImagePullPolicy, FieldPath.Child(path, "imagePullPolicy"), PullPolicies, errors);
        ValidateResources(container.Resources, FieldPath.Child(path, "resources"), errors);
    }

    private static void ValidateContainerPorts(IList<V1ContainerPort>? ports, string path, List<FieldError> errors)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (ports?.Count ?? 0); i++)
        {
            var port = ports![i];
            var portPath = FieldPath.Index(path, i);
            if (!string.IsNullOrEmpty(port.Name))
            {
                var messages = NameValidation.IsValidPortName(port.Name);
                if (messages.Count != 0)
                {
                    errors.AddRange(messages.Select(m => FieldErrors.InvalidString(FieldPath.Child(portPath, "name"), port.Name, m)));
                }
                else if (!names.Add(port.Name))
                {
                    errors.Add(FieldErrors.Duplicate(FieldPath.Child(portPath, "name"), GoQuote.Quote(port.Name)));
                }
            }
            if (port.ContainerPort == 0)
            {
                errors.Add(FieldErrors.Required(FieldPath.Child(portPath, "containerPort")));
            }
            else
            {
                errors.AddRange(NameValidation.IsValidPortNumber(port.ContainerPort).Select(m => FieldErrors.Invalid(FieldPath.Child(portPath, "containerPort"), port.ContainerPort, m)));
            }
            if (port.HostPort is { } hostPort and not 0)
            {
                errors.AddRange(NameValidation.IsValidPortNumber(hostPort).Select(m => FieldErrors.Invalid(FieldPath.Child(portPath, "hostPort"), hostPort, m)));
            }
            ValidateProtocol(port.Protocol, FieldPath.Child(portPath, "protocol"), errors);
        }
    }

    public static void ValidateProtocol(string? protocol, string path, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(protocol))
        {
            errors.Add(FieldErrors.Required(path));
        }
        else if (!PortProtocols.Contains(protocol))
        {
            errors.Add(FieldErrors.NotSupported(path, GoQuote.Quote(protocol), PortProtocols));
        }
    }

    private static void ValidateEnv(IList<V1EnvVar>? variables, string path, List<FieldError> errors)
    {
        for (var i = 0; i < (variables?.Count ?? 0); i++)
        {
            var variable = variables![i];
            var variablePath = FieldPath.Index(path, i);
            var name = variable.Name ?? "";
            if (name.Length == 0)
            {
                errors.Add(FieldErrors.Required(FieldPath.Child(variablePath, "name")));
                errors.Add(FieldErrors.InvalidString(FieldPath.Child(variablePath, "name"), name, "environment variable name must be non-empty"));
            }
            // RelaxedEnvironmentVariableValidation (on by default): any printable ASCII except '='.
            if (name.Any(c => c > 0x7e || c < 0x20 || c == '='))
            {
                errors.Add(FieldErrors.InvalidString(FieldPath.Child(variablePath, "name"), name, "a valid environment variable name must consist only of printable ASCII characters other than '='"));
            }
            if (variable.ValueFrom is { } source)
            {
                var sources = new object?[] { source.FieldRef, source.ResourceFieldRef, source.ConfigMapKeyRef, source.SecretKeyRef }.Count(s => s is not null);
                var sourcePath = FieldPath.Child(variablePath, "valueFrom");
                if (sources == 0)
                {
                    errors.Add(FieldErrors.InvalidString(sourcePath, "", "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"));
                }
                else if (!string.IsNullOrEmpty(variable.Value))
                {
                    errors.Add(FieldErrors.InvalidString(sourcePath, "", "may not be specified when `value` is not empty"));
                }
            }
        }
    }

    private static void ValidateVolumeMounts(IList<V1VolumeMount>? mounts, HashSet<string> volumes, string path, List<FieldError> errors)
    {
        var mountPoints = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (mounts?.Count ?? 0); i++)
        {
            var mount = mounts![i];
            var mountPath = FieldPath.Index(path, i);
            if (string.IsNullOrEmpty(mount.Name))
            {
                errors.Add(FieldErrors.Required(FieldPath.Child(mountPath, "name")));
            }
            if (!volumes.Contains(mount.Name ?? ""))
            {
                errors.Add(FieldErrors.NotFound(FieldPath.Child(mountPath, "name"), GoQuote.Quote(mount.Name ?? "")));
            }
            if (string.IsNullOrEmpty(mount.MountPath))
            {
                errors.Add(FieldErrors.Required(FieldPath.Child(mountPath, "mountPath")));
            }
            if (!mountPoints.Add(mount.MountPath ?? ""))
            {
                errors.Add(FieldErrors.InvalidString(FieldPath.Child(mountPath, "mountPath"), mount.MountPath, "must be unique"));
            }
        }
    }

    private static void ValidateProbe(V1Probe? probe, string path, bool mustSucceedOnce, List<FieldError> errors)
    {
        if (probe is null)
        {
            return;
        }
        ValidateProbeHandler(probe, path, errors);
        ObjectMetaValidation.ValidateNonNegative(probe.InitialDelaySeconds ?? 0, FieldPath.Child(path, "initialDelaySeconds"), errors);
        ObjectMetaValidation.ValidateNonNegative(probe.TimeoutSeconds ?? 0, FieldPath.Child(path, "timeoutSeconds"), errors);
        ObjectMetaValidation.ValidateNonNegative(probe.PeriodSeconds ?? 0, FieldPath.Child(path, "periodSeconds"), errors);
        ObjectMetaValidation.ValidateNonNegative(probe.SuccessThreshold ?? 0, FieldPath.Child(path, "successThreshold"), errors);
        ObjectMetaValidation.ValidateNonNegative(probe.FailureThreshold ?? 0, FieldPath.Child(path, "failureThreshold"), errors);
        if (probe.TerminationGracePeriodSeconds is { } grace && grace <= 0)
        {
            errors.Add(FieldErrors.Invalid(FieldPath.Child(path, "terminationGracePeriodSeconds"), grace, "must be greater than 0"));
        }
        if (mustSucceedOnce && (probe.SuccessThreshold ?? 0) != 1)
        {
            errors.Add(FieldErrors.Invalid(FieldPath.Child(path, "successThreshold"), probe.SuccessThreshold ?? 0, "must be 1"));
        }
        if (!mustSucceedOnce && probe.TerminationGracePeriodSeconds is { } readinessGrace)
        {
            errors.Add(FieldErrors.Invalid(FieldPath.Child(path, "terminationGracePeriodSeconds"), readinessGrace, "must not be set for readinessProbes"));
        }
    }

    private static void ValidateProbeHandler(V1Probe probe, string path, List<FieldError> errors)
    {
        var handlers = 0;
        void Count(object? handler, string name, Action validate)
        {
            if (handler is null)
            {
                return;
            }
            if (handlers > 0)
            {
                errors.Add(FieldErrors.Forbidden(FieldPath.Child(path, name), "may not specify more than 1 handler type"));
                return;
            }
            handlers++;
            validate();
        }

        Count(probe.Exec, "exec", () =>
        {
            if (probe.Exec!.Command is null || probe.Exec.Command.Count == 0)
            {
                errors.Add(FieldErrors.Required(FieldPath.Child(path, "exec.command")));
            }
        });
        Count(probe.HttpGet, "httpGet", () =>
        {
            var httpPath = FieldPath.Child(path, "httpGet");
            if (string.IsNullOrEmpty(probe.HttpGet!.Path))
            {
                errors.Add(FieldErrors.Required(FieldPath.Child(httpPath, "path")));
            }
            ValidatePortNumberOrName(probe.HttpGet.Port, FieldPath.Child(httpPath, "port"), errors);
            if (!ProbeSchemes.Contains(probe.HttpGet.Scheme ?? ""))
            {
                errors.Add(FieldErrors.NotSupported(FieldPath.Child(httpPath, "scheme"), GoQuote.Quote(probe.HttpGet.Scheme ?? ""), ProbeSchemes));
            }
        });
        Count(probe.TcpSocket, "tcpSocket", () => ValidatePortNumberOrName(probe.TcpSocket!.Port, FieldPath.Child(path, "tcpSocket.port"), errors));
        Count(probe.Grpc, "grpc", () =>
            errors.AddRange(NameValidation.IsValidPortNumber(probe.Grpc!.Port).Select(m => FieldErrors.Invalid(FieldPath.Child(path, "grpc.port"), probe.Grpc.Port, m))));
        if (handlers == 0)
        {
            errors.Add(FieldErrors.Required(path, "must specify a handler type"));
        }
    }

    public static void ValidatePortNumberOrName(IntOrString? port, string path, List<FieldError> errors)
    {
        if (IntOrStringValue.TryGetInt(port, out var number))
        {
            errors.AddRange(NameValidation.IsValidPortNumber(number).Select(m => FieldErrors.Invalid(path, number, m)));
        }
        else
        {
            var name = port?.Value ?? "";
            errors.AddRange(NameValidation.IsValidPortName(name).Select(m => FieldErrors.InvalidString(path, name, m)));
        }
    }

    private static void ValidateResources(V1ResourceRequirements? resources, string path, List<FieldError> errors)
    {
        if (resources is null)
        {
            return;
        }
        var limitsPath = FieldPath.Child(path, "limits");
        var requestsPath = FieldPath.Child(path, "requests");
        foreach (var (name, quantity) in (resources.Limits ?? new Dictionary<string, ResourceQuantity>()).OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            ValidateResourceEntry(name, quantity, FieldPath.Key(limitsPath, name), errors);
        }
        foreach (var (name, quantity) in (resources.Requests ?? new Dictionary<string, ResourceQuantity>()).OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            ValidateResourceEntry(name, quantity, FieldPath.Key(requestsPath, name), errors);
            var overcommit = OvercommitResources.Contains(name) || !name.Contains('/', StringComparison.Ordinal) && !name.StartsWith("hugepages-", StringComparison.Ordinal);
            if (resources.Limits is not null && resources.Limits.TryGetValue(name, out var limit))
            {
                var comparison = Compare(quantity, limit);
                if (comparison != 0 && !overcommit)
                {
                    errors.Add(FieldErrors.InvalidString(requestsPath, QuantityText(quantity), $"must be equal to {name} limit of {QuantityText(limit)}"));
                }
                else if (comparison > 0)
                {
                    errors.Add(FieldErrors.InvalidString(requestsPath, QuantityText(quantity), $"must be less than or equal to {name} limit of {QuantityText(limit)}"));
                }
            }
            else if (!overcommit)
            {
                errors.Add(FieldErrors.Required(limitsPath, "Limit must be set for non overcommitable resources"));
            }
        }
    }

    private static void ValidateResourceEntry(string name, ResourceQuantity? quantity, string path, List<FieldError> errors)
    {
        if (!name.Contains('/', StringComparison.Ordinal) && !OvercommitResources.Contains(name) && !name.StartsWith("hugepages-", StringComparison.Ordinal))
        {
            errors.Add(FieldErrors.InvalidString(path, name, "must be a standard resource for containers"));
        }
        if (quantity is not null && Sign(quantity) < 0)
        {
            errors.Add(FieldErrors.InvalidString(path, QuantityText(quantity), "must be greater than or equal to 0"));
        }
    }

    /// <summary>Quantity.String(). KubernetesClient mis-prints negative quantities, so those are printed from their magnitude.</summary>
    public static string QuantityText(ResourceQuantity? quantity)
    {
        if (quantity is null)
        {
            return "0";
        }
        var value = quantity.ToDecimal();
        return value < 0 ? "-" + new ResourceQuantity(-value, 0, quantity.Format) : quantity.ToString();
    }

    public static int Sign(ResourceQuantity quantity) => Math.Sign(quantity.ToDecimal());

    private static int Compare(ResourceQuantity? left, ResourceQuantity? right) =>
        (left?.ToDecimal() ?? 0m).CompareTo(right?.ToDecimal() ?? 0m);

    private static void ValidateEnum(string? value, string path, string[] supported, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            errors.Add(FieldErrors.Required(path));
        }
        else if (!supported.Contains(value))
        {
            errors.Add(FieldErrors.NotSupported(path, GoQuote.Quote(value), supported));
        }
    }

    private static string JsonName(PropertyInfo property) =>
        property.GetCustomAttribute<System.Text.Json.Serialization.JsonPropertyNameAttribute>()?.Name ?? property.Name;
}
