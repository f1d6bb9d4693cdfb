using Skiff.Api.Syntax;
using System.Net;
using System.Reflection;
using k8s.Models;

namespace Skiff.Api.Admission;

/// <summary>
/// Upstream's ValidatePodTemplateSpec / ValidatePodSpec: volumes and the pod-level fields. Containers, probes,
/// resources, env and scheduling rules live in their own classes and are called from here in upstream's order.
/// </summary>
internal static class PodSpecValidation
{
    private static readonly string[] PortProtocols = ["SCTP", "TCP", "UDP"];
    private static readonly string[] RestartPolicies = ["Always", "OnFailure", "Never"];
    private static readonly string[] DnsPolicies = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"];
    private static readonly string[] HostPathTypes = ["", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"];
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

    /// <summary>ValidatePodSpec, in upstream's order of checks.</summary>
    public static void ValidatePodSpec(V1PodSpec spec, string path, List<FieldError> errors)
    {
        if (spec.TerminationGracePeriodSeconds is null)
        {
            errors.Add(FieldErrors.Required(FieldPath.Child(path, "terminationGracePeriodSeconds")));
        }
        var gracePeriod = spec.TerminationGracePeriodSeconds;
        var volumeNames = ValidateVolumes(spec.Volumes, FieldPath.Child(path, "volumes"), errors);
        ContainerValidation.ValidateContainers(spec.Containers, volumeNames, gracePeriod, FieldPath.Child(path, "containers"), errors);
        ContainerValidation.ValidateInitContainers(spec.InitContainers, spec.Containers, volumeNames, gracePeriod, FieldPath.Child(path, "initContainers"), errors);
        ValidateHostNetworkPorts(spec, path, errors);

        ValidateEnum(spec.RestartPolicy, FieldPath.Child(path, "restartPolicy"), RestartPolicies, errors);
        ValidateEnum(spec.DnsPolicy, FieldPath.Child(path, "dnsPolicy"), DnsPolicies, errors);
        ObjectMetaValidation.ValidateLabels(spec.NodeSelector, FieldPath.Child(path, "nodeSelector"), errors);
        ValidatePodSecurityContext(spec.SecurityContext, FieldPath.Child(path, "securityContext"), errors);
        PodSchedulingValidation.ValidateAffinity(spec.Affinity, FieldPath.Child(path, "affinity"), errors);
        ValidateDnsConfig(spec.DnsConfig, spec.DnsPolicy, FieldPath.Child(path, "dnsConfig"), errors);
        PodSchedulingValidation.ValidateTopologySpreadConstraints(spec.TopologySpreadConstraints, FieldPath.Child(path, "topologySpreadConstraints"), errors);

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
        PodSchedulingValidation.ValidateTolerations(spec.Tolerations, FieldPath.Child(path, "tolerations"), errors);
        if (!string.IsNullOrEmpty(spec.PriorityClassName))
        {
            foreach (var message in NameValidation.NameIsDnsSubdomain(spec.PriorityClassName, false))
            {
                errors.Add(FieldErrors.InvalidString(FieldPath.Child(path, "priorityClassName"), spec.PriorityClassName, message));
            }
        }
    }

    public static void ValidateDns1123Label(string value, string path, List<FieldError> errors)
    {
        foreach (var message in NameValidation.IsDns1123Label(value))
        {
            errors.Add(FieldErrors.InvalidString(path, value, message));
        }
    }

    /// <summary>
    /// ValidateVolumes. Only volumes without errors are usable by mounts: a mount of a broken volume is also
    /// reported as not found, as upstream does.
    /// </summary>
    private static HashSet<string> ValidateVolumes(IList<V1Volume>? volumes, string path, List<FieldError> errors)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (volumes?.Count ?? 0); i++)
        {
            var volume = volumes![i];
            var volumePath = FieldPath.Index(path, i);
            var namePath = FieldPath.Child(volumePath, "name");
            var volumeErrors = new List<FieldError>();
            ValidateVolumeSource(volume, volumePath, volumeErrors);
            if (string.IsNullOrEmpty(volume.Name))
            {
                volumeErrors.Add(FieldErrors.Required(namePath));
            }
            else
            {
                ValidateDns1123Label(volume.Name, namePath, volumeErrors);
            }
            if (names.Contains(volume.Name ?? ""))
            {
                volumeErrors.Add(FieldErrors.Duplicate(namePath, GoQuote.Quote(volume.Name ?? "")));
            }
            if (volumeErrors.Count == 0)
            {
                names.Add(volume.Name!);
            }
            errors.AddRange(volumeErrors);
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
            case V1ConfigMapVolumeSource configMap:
                if (string.IsNullOrEmpty(configMap.Name))
                {
                    errors.Add(FieldErrors.Required(FieldPath.Child(path, "configMap.name")));
                }
                ValidateFileMode(configMap.DefaultMode, FieldPath.Child(path, "configMap.defaultMode"), errors);
                ValidateKeyToPaths(configMap.Items, FieldPath.Child(path, "configMap.items"), errors);
                break;
            case V1SecretVolumeSource secret:
                if (string.IsNullOrEmpty(secret.SecretName))
                {
                    errors.Add(FieldErrors.Required(FieldPath.Child(path, "secret.secretName")));
                }
                ValidateFileMode(secret.DefaultMode, FieldPath.Child(path, "secret.defaultMode"), errors);
                ValidateKeyToPaths(secret.Items, FieldPath.Child(path, "secret.items"), errors);
                break;
            case V1PersistentVolumeClaimVolumeSource { ClaimName: null or "" }:
                errors.Add(FieldErrors.Required(FieldPath.Child(path, "persistentVolumeClaim.claimName")));
                break;
            case V1HostPathVolumeSource hostPath:
                if (string.IsNullOrEmpty(hostPath.Path))
                {
                    errors.Add(FieldErrors.Required(FieldPath.Child(path, "hostPath.path")));
                    break;
                }
                ValidateNoBacksteps(hostPath.Path, FieldPath.Child(path, "hostPath.path"), errors);
                if (hostPath.Type is not null && !HostPathTypes.Contains(hostPath.Type))
                {
                    errors.Add(FieldErrors.NotSupported(FieldPath.Child(path, "hostPath.type"), GoQuote.Quote(hostPath.Type), HostPathTypes));
                }
                break;
            case V1EmptyDirVolumeSource { SizeLimit: { } sizeLimit } when ResourceRequirementsValidation.Sign(sizeLimit) < 0:
                errors.Add(FieldErrors.Forbidden(FieldPath.Child(path, "emptyDir.sizeLimit"), "SizeLimit field must be a valid resource quantity"));
                break;
            default:
                break;
        }
    }

    private static void ValidateKeyToPaths(IList<V1KeyToPath>? items, string path, List<FieldError> errors)
    {
        for (var i = 0; i < (items?.Count ?? 0); i++)
        {
            var item = items![i];
            var itemPath = FieldPath.Index(path, i);
            if (string.IsNullOrEmpty(item.Key))
            {
                errors.Add(FieldErrors.Required(FieldPath.Child(itemPath, "key")));
            }
            if (string.IsNullOrEmpty(item.Path))
            {
                errors.Add(FieldErrors.Required(FieldPath.Child(itemPath, "path")));
            }
            ValidateLocalNonReservedPath(item.Path ?? "", FieldPath.Child(itemPath, "path"), errors);
            ValidateFileMode(item.Mode, FieldPath.Child(itemPath, "mode"), errors);
        }
    }

    private static void ValidateFileMode(int? mode, string path, List<FieldError> errors)
    {
        if (mode is { } value && value is < 0 or > 511)
        {
            errors.Add(FieldErrors.Invalid(path, value, "must be a number between 0 and 0777 (octal), both inclusive"));
        }
    }

    /// <summary>ValidateLocalNonReservedPath: relative, no ".." element, and not starting with "..".</summary>
    private static void ValidateLocalNonReservedPath(string value, string path, List<FieldError> errors)
    {
        ValidateLocalDescendingPath(value, path, errors);
        if (value.StartsWith("..", StringComparison.Ordinal) && !value.StartsWith("../", StringComparison.Ordinal))
        {
            errors.Add(FieldErrors.InvalidString(path, value, "must not start with '..'"));
        }
    }

    /// <summary>validateLocalDescendingPath: a relative path without ".." elements (subPath, key paths).</summary>
    public static void ValidateLocalDescendingPath(string value, string path, List<FieldError> errors)
    {
        if (value.StartsWith('/'))
        {
            errors.Add(FieldErrors.InvalidString(path, value, "must be a relative path"));
        }
        ValidateNoBacksteps(value, path, errors);
    }

    private static void ValidateNoBacksteps(string value, string path, List<FieldError> errors)
    {
        if (value.Split('/').Contains(".."))
        {
            errors.Add(FieldErrors.InvalidString(path, value, "must not contain '..'"));
        }
    }

    /// <summary>
    /// validatePodHostNetworkDeps: with hostNetwork a port's hostPort must equal its containerPort. Templates may
    /// leave it 0 (Pod defaulting copies containerPort later); a Pod got that default already.
    /// </summary>
    private static void ValidateHostNetworkPorts(V1PodSpec spec, string path, List<FieldError> errors)
    {
        if (spec.HostNetwork != true)
        {
            return;
        }
        var containers = spec.Containers ?? [];
        for (var i = 0; i < containers.Count; i++)
        {
            var ports = containers[i].Ports ?? [];
            for (var j = 0; j < ports.Count; j++)
            {
                var hostPort = ports[j].HostPort ?? 0;
                if (hostPort != 0 && hostPort != ports[j].ContainerPort)
                {
                    errors.Add(FieldErrors.Invalid($"{path}.containers[{i}].ports[{j}].hostPort", hostPort, "must match `containerPort` when `hostNetwork` is true"));
                }
            }
        }
    }

    /// <summary>validatePodSpecSecurityContext: user and group ids must be valid Unix ids.</summary>
    private static void ValidatePodSecurityContext(V1PodSecurityContext? context, string path, List<FieldError> errors)
    {
        if (context is null)
        {
            return;
        }
        ValidateId(context.FsGroup, FieldPath.Child(path, "fsGroup"), errors);
        ValidateId(context.RunAsUser, FieldPath.Child(path, "runAsUser"), errors);
        ValidateId(context.RunAsGroup, FieldPath.Child(path, "runAsGroup"), errors);
        for (var i = 0; i < (context.SupplementalGroups?.Count ?? 0); i++)
        {
            ValidateId(context.SupplementalGroups![i], FieldPath.Index(FieldPath.Child(path, "supplementalGroups"), i), errors);
        }
    }

    public static void ValidateId(long? id, string path, List<FieldError> errors)
    {
        if (id is { } value && value is < 0 or > int.MaxValue)
        {
            errors.Add(FieldErrors.Invalid(path, value, NameValidation.InclusiveRangeError(0, int.MaxValue)));
        }
    }

    /// <summary>validatePodDNSConfig: dnsPolicy None needs at least one nameserver; the lists are bounded.</summary>
    private static void ValidateDnsConfig(V1PodDNSConfig? config, string? dnsPolicy, string path, List<FieldError> errors)
    {
        if (dnsPolicy == "None")
        {
            if (config is null)
            {
                errors.Add(FieldErrors.Required(path, "must provide `dnsConfig` when `dnsPolicy` is None"));
                return;
            }
            if (config.Nameservers is not { Count: > 0 })
            {
                errors.Add(FieldErrors.Required(FieldPath.Child(path, "nameservers"), "must provide at least one DNS nameserver when `dnsPolicy` is None"));
                return;
            }
        }
        if (config is null)
        {
            return;
        }
        var nameservers = config.Nameservers ?? [];
        if (nameservers.Count > 3)
        {
            errors.Add(FieldErrors.Invalid(FieldPath.Child(path, "nameservers"), GoQuote.StringSlice(nameservers), "must not have more than 3 nameservers"));
        }
        for (var i = 0; i < nameservers.Count; i++)
        {
            if (!IPAddress.TryParse(nameservers[i], out _) || nameservers[i].Contains('%', StringComparison.Ordinal))
            {
                errors.Add(FieldErrors.InvalidString(FieldPath.Index(FieldPath.Child(path, "nameservers"), i), nameservers[i], "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"));
            }
        }
        for (var i = 0; i < (config.Options?.Count ?? 0); i++)
        {
            if (string.IsNullOrEmpty(config.Options![i].Name))
            {
                errors.Add(FieldErrors.Required(FieldPath.Index(FieldPath.Child(path, "options"), i), "must not be empty"));
            }
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

    public static void ValidateEnum(string? value, string path, string[] supported, List<FieldError> errors)
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
