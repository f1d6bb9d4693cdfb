using k8s.Models;

namespace Skiff.Api.Admission;

/// <summary>
/// Upstream's pod spec defaults (core/v1 SetDefaults_PodSpec, _Container, _Probe, _Volume, ...). Pod templates get
/// these; real Pods additionally get the Pod-only defaults of SetDefaults_Pod (service links, requests from limits,
/// host-network ports).
/// </summary>
internal static class PodSpecDefaults
{
    private const int DefaultFileMode = 420; // 0644, upstream's default for secret/configMap/downwardAPI/projected volumes

    public static void ApplyToTemplate(V1PodTemplateSpec? template)
    {
        if (template is null)
        {
            return;
        }
        template.Spec ??= new V1PodSpec();
        ApplyToSpec(template.Spec);
    }

    public static void ApplyToPod(V1Pod pod)
    {
        pod.Spec ??= new V1PodSpec();
        var spec = pod.Spec;
        ApplyToSpec(spec);
        foreach (var container in (spec.Containers ?? []).Concat(spec.InitContainers ?? []))
        {
            CopyLimitsToRequests(container);
            if (spec.HostNetwork == true)
            {
                foreach (var port in container.Ports ?? [])
                {
                    if (port.HostPort is null or 0)
                    {
                        port.HostPort = port.ContainerPort;
                    }
                }
            }
        }
        spec.EnableServiceLinks ??= true;
    }

    private static void ApplyToSpec(V1PodSpec spec)
    {
        if (string.IsNullOrEmpty(spec.DnsPolicy))
        {
            spec.DnsPolicy = "ClusterFirst";
        }
        if (string.IsNullOrEmpty(spec.RestartPolicy))
        {
            spec.RestartPolicy = "Always";
        }
        spec.SecurityContext ??= new V1PodSecurityContext();
        spec.TerminationGracePeriodSeconds ??= 30;
        if (string.IsNullOrEmpty(spec.SchedulerName))
        {
            spec.SchedulerName = "default-scheduler";
        }
        foreach (var container in (spec.Containers ?? []).Concat(spec.InitContainers ?? []))
        {
            ApplyToContainer(container);
        }
        foreach (var volume in spec.Volumes ?? [])
        {
            ApplyToVolume(volume);
        }
    }

    private static void ApplyToContainer(V1Container container)
    {
        if (string.IsNullOrEmpty(container.ImagePullPolicy))
        {
            container.ImagePullPolicy = ImageReference.HasLatestTag(container.Image ?? "") ? "Always" : "IfNotPresent";
        }
        if (string.IsNullOrEmpty(container.TerminationMessagePath))
        {
            container.TerminationMessagePath = "/dev/termination-log";
        }
        if (string.IsNullOrEmpty(container.TerminationMessagePolicy))
        {
            container.TerminationMessagePolicy = "File";
        }
        foreach (var port in container.Ports ?? [])
        {
            if (string.IsNullOrEmpty(port.Protocol))
            {
                port.Protocol = "TCP";
            }
        }
        ApplyToProbe(container.LivenessProbe);
        ApplyToProbe(container.ReadinessProbe);
        ApplyToProbe(container.StartupProbe);
        ApplyToHttpGet(container.Lifecycle?.PostStart?.HttpGet);
        ApplyToHttpGet(container.Lifecycle?.PreStop?.HttpGet);
        foreach (var variable in container.Env ?? [])
        {
            ApplyToFieldRef(variable.ValueFrom?.FieldRef);
        }
    }

    private static void ApplyToProbe(V1Probe? probe)
    {
        if (probe is null)
        {
            return;
        }
        if (probe.TimeoutSeconds is null or 0)
        {
            probe.TimeoutSeconds = 1;
        }
        if (probe.PeriodSeconds is null or 0)
        {
            probe.PeriodSeconds = 10;
        }
        if (probe.SuccessThreshold is null or 0)
        {
            probe.SuccessThreshold = 1;
        }
        if (probe.FailureThreshold is null or 0)
        {
            probe.FailureThreshold = 3;
        }
        ApplyToHttpGet(probe.HttpGet);
    }

    private static void ApplyToHttpGet(V1HTTPGetAction? action)
    {
        if (action is null)
        {
            return;
        }
        if (string.IsNullOrEmpty(action.Path))
        {
            action.Path = "/";
        }
        if (string.IsNullOrEmpty(action.Scheme))
        {
            action.Scheme = "HTTP";
        }
    }

    private static void ApplyToFieldRef(V1ObjectFieldSelector? fieldRef)
    {
        if (fieldRef is not null && string.IsNullOrEmpty(fieldRef.ApiVersion))
        {
            fieldRef.ApiVersion = "v1";
        }
    }

    private static void ApplyToVolume(V1Volume volume)
    {
        var hasSource = typeof(V1Volume).GetProperties().Any(p => p.Name != nameof(V1Volume.Name) && p.GetValue(volume) is not null);
        if (!hasSource)
        {
            volume.EmptyDir = new V1EmptyDirVolumeSource();
        }
        if (volume.Secret is { } secret)
        {
            secret.DefaultMode ??= DefaultFileMode;
        }
        if (volume.ConfigMap is { } configMap)
        {
            configMap.DefaultMode ??= DefaultFileMode;
        }
        if (volume.DownwardAPI is { } downwardApi)
        {
            downwardApi.DefaultMode ??= DefaultFileMode;
            foreach (var item in downwardApi.Items ?? [])
            {
                ApplyToFieldRef(item.FieldRef);
            }
        }
        if (volume.Projected is { } projected)
        {
            projected.DefaultMode ??= DefaultFileMode;
            foreach (var source in projected.Sources ?? [])
            {
                if (source.ServiceAccountToken is { } token)
                {
                    token.ExpirationSeconds ??= 3600;
                }
                foreach (var item in source.DownwardAPI?.Items ?? [])
                {
                    ApplyToFieldRef(item.FieldRef);
                }
            }
        }
        if (volume.HostPath is { } hostPath)
        {
            hostPath.Type ??= "";
        }
    }

    private static void CopyLimitsToRequests(V1Container container)
    {
        if (container.Resources?.Limits is not { } limits)
        {
            return;
        }
        container.Resources.Requests ??= new Dictionary<string, ResourceQuantity>();
        foreach (var (name, quantity) in limits)
        {
            if (!container.Resources.Requests.ContainsKey(name))
            {
                container.Resources.Requests[name] = new ResourceQuantity(ResourceRequirementsValidation.QuantityText(quantity));
            }
        }
    }
}
