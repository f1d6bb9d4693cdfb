using Skiff.Api.Syntax;
using k8s.Models;

namespace Skiff.Api.Admission;

/// <summary>
/// Upstream's container rules (validateContainers, validateInitContainers and validateContainerCommon): names,
/// images, ports, env, volume mounts, pull policy, resources, probes and host port conflicts.
/// </summary>
internal static class ContainerValidation
{
    private static readonly string[] PullPolicies = ["Always", "IfNotPresent", "Never"];
    private static readonly string[] TerminationMessagePolicies = ["File", "FallbackToLogsOnError"];
    private static readonly string[] MountPropagations = ["Bidirectional", "HostToContainer", "None"];
    private static readonly string[] RecursiveReadOnlyModes = ["Disabled", "Enabled", "IfPossible"];
    private const string NotSidecar = "may not be set for init containers without restartPolicy=Always";

    public static void ValidateContainers(IList<V1Container>? containers, HashSet<string> volumes, long? gracePeriod, string path, List<FieldError> errors)
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
            ProbeValidation.ValidateProbes(container, gracePeriod, containerPath, errors);
            if (container.RestartPolicy is not null)
            {
                errors.Add(FieldErrors.Forbidden(FieldPath.Child(containerPath, "restartPolicy"), "may not be set for non-init containers"));
            }
        }
        ValidateHostPortConflicts(containers, 0, containers.Count, path, errors);
    }

    /// <summary>Init containers share the name space of the regular ones; only sidecars (restartPolicy Always) may have probes and hooks.</summary>
    public static void ValidateInitContainers(IList<V1Container>? initContainers, IList<V1Container>? containers, HashSet<string> volumes, long? gracePeriod,
        string path, List<FieldError> errors)
    {
        var names = new HashSet<string>((containers ?? []).Select(c => c.Name ?? ""), StringComparer.Ordinal);
        for (var i = 0; i < (initContainers?.Count ?? 0); i++)
        {
            var container = initContainers![i];
            var containerPath = FieldPath.Index(path, i);
            ValidateContainerCommon(container, volumes, containerPath, errors);
            var sidecar = container.RestartPolicy == "Always";
            if (container.RestartPolicy is not null && !sidecar)
            {
                errors.Add(FieldErrors.NotSupported(FieldPath.Child(containerPath, "restartPolicy"), GoQuote.Quote(container.RestartPolicy), ["Always"]));
            }
            if (names.Contains(container.Name ?? ""))
            {
                errors.Add(FieldErrors.Duplicate(FieldPath.Child(containerPath, "name"), GoQuote.Quote(container.Name ?? "")));
            }
            else if (!string.IsNullOrEmpty(container.Name))
            {
                names.Add(container.Name);
            }
            // Init containers run one by one, so their host ports only conflict within one container.
            ValidateHostPortConflicts(initContainers, i, i + 1, path, errors);
            if (sidecar)
            {
                ProbeValidation.ValidateProbes(container, gracePeriod, containerPath, errors);
                continue;
            }
            if (container.Lifecycle is not null)
            {
                errors.Add(FieldErrors.Forbidden(FieldPath.Child(containerPath, "lifecycle"), NotSidecar));
            }
            if (container.LivenessProbe is not null)
            {
                errors.Add(FieldErrors.Forbidden(FieldPath.Child(containerPath, "livenessProbe"), NotSidecar));
            }
            if (container.ReadinessProbe is not null)
            {
                errors.Add(FieldErrors.Forbidden(FieldPath.Child(containerPath, "readinessProbe"), NotSidecar));
            }
            if (container.StartupProbe is not null)
            {
                errors.Add(FieldErrors.Forbidden(FieldPath.Child(containerPath, "startupProbe"), NotSidecar));
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
            PodSpecValidation.ValidateDns1123Label(container.Name, namePath, errors);
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
                errors.Add(FieldErrors.Required(FieldPath.Child(path, "terminationMessagePolicy")));
                break;
            default:
                errors.Add(FieldErrors.NotSupported(FieldPath.Child(path, "terminationMessagePolicy"), GoQuote.Quote(container.TerminationMessagePolicy), TerminationMessagePolicies));
                break;
        }
        ValidatePorts(container.Ports, FieldPath.Child(path, "ports"), errors);
        EnvValidation.ValidateEnv(container.Env, FieldPath.Child(path, "env"), errors);
        EnvValidation.ValidateEnvFrom(container.EnvFrom, FieldPath.Child(path, "envFrom"), errors);
        ValidateVolumeMounts(container, volumes, FieldPath.Child(path, "volumeMounts"), errors);
        PodSpecValidation.ValidateEnum(container.ImagePullPolicy, FieldPath.Child(path, "imagePullPolicy"), PullPolicies, errors);
        ResourceRequirementsValidation.Validate(container.Resources, FieldPath.Child(path, "resources"), errors);
        if (container.SecurityContext is { } securityContext)
        {
            var contextPath = FieldPath.Child(path, "securityContext");
            PodSpecValidation.ValidateId(securityContext.RunAsUser, FieldPath.Child(contextPath, "runAsUser"), errors);
            PodSpecValidation.ValidateId(securityContext.RunAsGroup, FieldPath.Child(contextPath, "runAsGroup"), errors);
        }
    }

    private static void ValidatePorts(IList<V1ContainerPort>? ports, string path, List<FieldError> errors)
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
            PodSpecValidation.ValidateProtocol(port.Protocol, FieldPath.Child(portPath, "protocol"), errors);
        }
    }

    /// <summary>
    /// ValidateVolumeMounts. The subPath, mountPropagation and recursiveReadOnly causes carry the list's path, not the
    /// entry's (e.g. "spec.containers[0].volumeMounts.subPath"): upstream builds them that way.
    /// </summary>
    private static void ValidateVolumeMounts(V1Container container, HashSet<string> volumes, string path, List<FieldError> errors)
    {
        var mounts = container.VolumeMounts ?? [];
        var mountPoints = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < mounts.Count; i++)
        {
            var mount = mounts[i];
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
            if (!string.IsNullOrEmpty(mount.SubPath))
            {
                PodSpecValidation.ValidateLocalDescendingPath(mount.SubPath, FieldPath.Child(path, "subPath"), errors);
            }
            if (!string.IsNullOrEmpty(mount.SubPathExpr))
            {
                if (!string.IsNullOrEmpty(mount.SubPath))
                {
                    errors.Add(FieldErrors.InvalidString(FieldPath.Child(mountPath, "subPathExpr"), mount.SubPathExpr, "subPathExpr and subPath are mutually exclusive"));
                }
                PodSpecValidation.ValidateLocalDescendingPath(mount.SubPathExpr, FieldPath.Child(path, "subPathExpr"), errors);
            }
            if (mount.MountPropagation is { } propagation)
            {
                var propagationPath = FieldPath.Child(path, "mountPropagation");
                if (!MountPropagations.Contains(propagation))
                {
                    errors.Add(FieldErrors.NotSupported(propagationPath, GoQuote.Quote(propagation), MountPropagations));
                }
                if (propagation == "Bidirectional" && container.SecurityContext?.Privileged != true)
                {
                    errors.Add(FieldErrors.Forbidden(propagationPath, "Bidirectional mount propagation is available only to privileged containers"));
                }
            }
            ValidateRecursiveReadOnly(mount, FieldPath.Child(path, "recursiveReadOnly"), errors);
        }
    }

    private static void ValidateRecursiveReadOnly(V1VolumeMount mount, string path, List<FieldError> errors)
    {
        switch (mount.RecursiveReadOnly)
        {
            case null or "Disabled":
                break;
            case "Enabled" or "IfPossible":
                if (mount.ReadOnlyProperty != true)
                {
                    errors.Add(FieldErrors.Forbidden(path, "may only be specified when readOnly is true"));
                }
                if (mount.MountPropagation is { } propagation && propagation != "None")
                {
                    errors.Add(FieldErrors.Forbidden(path, "may only be specified when mountPropagation is None or not specified"));
                }
                break;
            default:
                errors.Add(FieldErrors.NotSupported(path, GoQuote.Quote(mount.RecursiveReadOnly), RecursiveReadOnlyModes));
                break;
        }
    }

    /// <summary>
    /// AccumulateUniqueHostPorts over containers [from, to): a host port is identified by protocol, host IP and
    /// number, e.g. two containers asking for TCP 8080 on any address give <c>Duplicate value: "TCP//8080"</c>.
    /// </summary>
    private static void ValidateHostPortConflicts(IList<V1Container> containers, int from, int to, string path, List<FieldError> errors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = from; i < to; i++)
        {
            var ports = containers[i].Ports ?? [];
            for (var j = 0; j < ports.Count; j++)
            {
                if (ports[j].HostPort is not { } hostPort || hostPort == 0)
                {
                    continue;
                }
                var key = $"{ports[j].Protocol}/{ports[j].HostIP}/{hostPort}";
                if (!seen.Add(key))
                {
                    errors.Add(FieldErrors.Duplicate($"{path}[{i}].ports[{j}].hostPort", GoQuote.Quote(key)));
                }
            }
        }
    }
}
