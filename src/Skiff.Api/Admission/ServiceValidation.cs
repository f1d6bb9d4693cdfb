using Skiff.Api.Syntax;
using System.Net;
using k8s.Models;

namespace Skiff.Api.Admission;

/// <summary>
/// Upstream's Service rules (core/validation ValidateService / ValidateServiceUpdate). clusterIPs is read as
/// upstream's registry normalizes it before validation: <c>[clusterIP]</c> when only clusterIP is given.
/// </summary>
internal static class ServiceValidation
{
    private static readonly string[] ServiceTypes = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"];
    private static readonly string[] SessionAffinities = ["ClientIP", "None"];
    private static readonly string[] TrafficPolicies = ["Cluster", "Local"];
    private static readonly string[] IpFamilyPolicies = ["PreferDualStack", "RequireDualStack", "SingleStack"];
    private static readonly string[] IpFamilies = ["IPv4", "IPv6"];
    private const int KubeletPort = 10250;

    public static void ValidateCreate(V1Service service, List<FieldError> errors)
    {
        ObjectMetaValidation.ValidateCreate(service.Metadata, namespaced: true, NameValidation.NameIsDns1035Label, errors);
        ValidateSpec(service.Spec ?? new V1ServiceSpec(), errors);
    }

    public static void ValidateUpdate(V1Service service, V1Service old, List<FieldError> errors)
    {
        ObjectMetaValidation.ValidateUpdate(service.Metadata, old.Metadata, errors);
        var spec = service.Spec ?? new V1ServiceSpec();
        var oldSpec = old.Spec ?? new V1ServiceSpec();
        // The primary cluster IP may not change, except when moving to or from ExternalName. An update that omits it
        // keeps the stored one (upstream's registry copies it over before validation).
        if (spec.Type != "ExternalName" && oldSpec.Type != "ExternalName")
        {
            var ips = ClusterIPs(spec);
            var oldIps = ClusterIPs(oldSpec);
            if (oldIps.Count > 0 && ips.Count > 0 && ips[0] != oldIps[0])
            {
                errors.Add(FieldErrors.Invalid("spec.clusterIPs[0]", GoQuote.StringSlice(ips), "may not change once set"));
            }
        }
        ValidateSpec(spec, errors);
    }

    private static List<string> ClusterIPs(V1ServiceSpec spec) =>
        spec.ClusterIPs is { Count: > 0 } ips ? [.. ips] : string.IsNullOrEmpty(spec.ClusterIP) ? [] : [spec.ClusterIP];

    private static void ValidateSpec(V1ServiceSpec spec, List<FieldError> errors)
    {
        var clusterIPs = ClusterIPs(spec);
        var headless = clusterIPs.Count == 1 && clusterIPs[0] == "None";
        var ports = spec.Ports ?? [];

        if (ports.Count == 0 && !headless && spec.Type != "ExternalName")
        {
            errors.Add(FieldErrors.Required("spec.ports"));
        }
        switch (spec.Type)
        {
            case "LoadBalancer":
                if (headless)
                {
                    errors.Add(FieldErrors.InvalidString("spec.clusterIPs[0]", clusterIPs[0], "may not be set to 'None' for LoadBalancer services"));
                }
                for (var i = 0; i < ports.Count; i++)
                {
                    if (ports[i].Port == KubeletPort)
                    {
                        errors.Add(FieldErrors.Invalid($"spec.ports[{i}]", ports[i].Port, $"may not expose port {KubeletPort} externally since it is used by kubelet"));
                    }
                }
                break;
            case "NodePort":
                if (headless)
                {
                    errors.Add(FieldErrors.InvalidString("spec.clusterIPs[0]", clusterIPs[0], "may not be set to 'None' for NodePort services"));
                }
                break;
            case "ExternalName":
                if (clusterIPs.Count > 0)
                {
                    errors.Add(FieldErrors.Forbidden("spec.clusterIPs", "may not be set for ExternalName services"));
                }
                if (spec.IpFamilies is { Count: > 0 })
                {
                    errors.Add(FieldErrors.Forbidden("spec.ipFamilies", "may not be set for ExternalName services"));
                }
                if (spec.IpFamilyPolicy is not null)
                {
                    errors.Add(FieldErrors.Forbidden("spec.ipFamilyPolicy", "may not be set for ExternalName services"));
                }
                var cname = (spec.ExternalName ?? "").TrimEnd('.');
                if (cname.Length > 0)
                {
                    errors.AddRange(NameValidation.IsDns1123Subdomain(cname).Select(m => FieldErrors.InvalidString("spec.externalName", cname, m)));
                }
                else
                {
                    errors.Add(FieldErrors.Required("spec.externalName"));
                }
                break;
            default:
                break;
        }

        var portNames = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ports.Count; i++)
        {
            ValidatePort(ports[i], ports.Count > 1, portNames, $"spec.ports[{i}]", errors);
        }

        if (spec.Selector is not null)
        {
            ObjectMetaValidation.ValidateLabels(spec.Selector, "spec.selector", errors);
        }

        switch (spec.SessionAffinity)
        {
            case null or "":
                errors.Add(FieldErrors.Required("spec.sessionAffinity"));
                break;
            case "ClientIP":
                const string whenClientIP = "when session affinity type is ClientIP";
                if (spec.SessionAffinityConfig is null)
                {
                    errors.Add(FieldErrors.Required("spec.sessionAffinityConfig", whenClientIP));
                }
                else if (spec.SessionAffinityConfig.ClientIP is null)
                {
                    errors.Add(FieldErrors.Required("spec.sessionAffinityConfig.clientIP", whenClientIP));
                }
                else if (spec.SessionAffinityConfig.ClientIP.TimeoutSeconds is not { } timeout)
                {
                    errors.Add(FieldErrors.Required("spec.sessionAffinityConfig.clientIP.timeoutSeconds", whenClientIP));
                }
                else if (timeout is <= 0 or > 86400)
                {
                    errors.Add(FieldErrors.Invalid("spec.sessionAffinityConfig.clientIP.timeoutSeconds", timeout, "must be greater than 0 and less than 86400"));
                }
                break;
            case "None":
                if (spec.SessionAffinityConfig is not null)
                {
                    errors.Add(FieldErrors.Forbidden("spec.sessionAffinityConfig", "must not be set when session affinity is None"));
                }
                break;
            default:
                errors.Add(FieldErrors.NotSupported("spec.sessionAffinity", GoQuote.Quote(spec.SessionAffinity), SessionAffinities));
                break;
        }

        if (spec.Type != "ExternalName")
        {
            ValidateClusterIPFields(spec, clusterIPs, errors);
        }

        for (var i = 0; i < (spec.ExternalIPs?.Count ?? 0); i++)
        {
            var ip = spec.ExternalIPs![i];
            if (!IPAddress.TryParse(ip, out _) || ip.Contains('%', StringComparison.Ordinal))
            {
                errors.Add(FieldErrors.InvalidString($"spec.externalIPs[{i}]", ip, "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"));
            }
        }

        if (string.IsNullOrEmpty(spec.Type))
        {
            errors.Add(FieldErrors.Required("spec.type"));
        }
        else if (!ServiceTypes.Contains(spec.Type))
        {
            errors.Add(FieldErrors.NotSupported("spec.type", GoQuote.Quote(spec.Type), ServiceTypes));
        }

        if (spec.Type == "ClusterIP")
        {
            for (var i = 0; i < ports.Count; i++)
            {
                if (ports[i].NodePort is { } nodePort and not 0)
                {
                    errors.Add(FieldErrors.Forbidden($"spec.ports[{i}].nodePort", "may not be used when `type` is 'ClusterIP'"));
                }
            }
        }

        var nodePorts = new HashSet<(string, int)>();
        var protocolPorts = new HashSet<(string, int)>();
        for (var i = 0; i < ports.Count; i++)
        {
            var port = ports[i];
            if (port.NodePort is { } nodePort and not 0 && !nodePorts.Add((port.Protocol ?? "", nodePort)))
            {
                errors.Add(FieldErrors.Duplicate($"spec.ports[{i}].nodePort", GoFormat.Int(nodePort)));
            }
        }
        for (var i = 0; i < ports.Count; i++)
        {
            var port = ports[i];
            if (!protocolPorts.Add((port.Protocol ?? "", port.Port)))
            {
                errors.Add(FieldErrors.Duplicate($"spec.ports[{i}]", GoFormat.ServicePortKey(port.Protocol ?? "", port.Port)));
            }
        }

        ValidateTrafficPolicies(spec, errors);
    }

    private static void ValidatePort(V1ServicePort port, bool requireName, HashSet<string> names, string path, List<FieldError> errors)
    {
        if (requireName && string.IsNullOrEmpty(port.Name))
        {
            errors.Add(FieldErrors.Required($"{path}.name"));
        }
        else if (!string.IsNullOrEmpty(port.Name))
        {
            PodSpecValidation.ValidateDns1123Label(port.Name, $"{path}.name", errors);
            if (!names.Add(port.Name))
            {
                errors.Add(FieldErrors.Duplicate($"{path}.name", GoQuote.Quote(port.Name)));
            }
        }
        errors.AddRange(NameValidation.IsValidPortNumber(port.Port).Select(m => FieldErrors.Invalid($"{path}.port", port.Port, m)));
        PodSpecValidation.ValidateProtocol(port.Protocol, $"{path}.protocol", errors);
        PodSpecValidation.ValidatePortNumberOrName(port.TargetPort, $"{path}.targetPort", errors);
        if (port.AppProtocol is not null)
        {
            ObjectMetaValidation.ValidateLabelName(port.AppProtocol, $"{path}.appProtocol", errors);
        }
    }

    private static void ValidateClusterIPFields(V1ServiceSpec spec, List<string> clusterIPs, List<FieldError> errors)
    {
        if (spec.ClusterIPs is { Count: > 0 } && !string.IsNullOrEmpty(spec.ClusterIP) && spec.ClusterIP != spec.ClusterIPs[0])
        {
            errors.Add(FieldErrors.Invalid("spec.clusterIPs", GoQuote.StringSlice(spec.ClusterIPs), "first value must match `clusterIP`"));
        }
        for (var i = 0; i < clusterIPs.Count; i++)
        {
            if (i == 0 && clusterIPs[i] == "None")
            {
                if (clusterIPs.Count > 1)
                {
                    errors.Add(FieldErrors.Invalid("spec.clusterIPs", GoQuote.StringSlice(clusterIPs), "'None' must be the first and only value"));
                }
                continue;
            }
            if (!IPAddress.TryParse(clusterIPs[i], out _) || clusterIPs[i].Contains('%', StringComparison.Ordinal))
            {
                errors.Add(FieldErrors.InvalidString($"spec.clusterIPs[{i}]", clusterIPs[i], "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"));
            }
        }
        if (spec.IpFamilyPolicy is not null && !IpFamilyPolicies.Contains(spec.IpFamilyPolicy))
        {
            errors.Add(FieldErrors.NotSupported("spec.ipFamilyPolicy", GoQuote.Quote(spec.IpFamilyPolicy), IpFamilyPolicies));
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (spec.IpFamilies?.Count ?? 0); i++)
        {
            var family = spec.IpFamilies![i];
            if (!IpFamilies.Contains(family))
            {
                errors.Add(FieldErrors.NotSupported($"spec.ipFamilies[{i}]", GoQuote.Quote(family ?? ""), IpFamilies));
            }
            else if (!seen.Add(family))
            {
                errors.Add(FieldErrors.Duplicate($"spec.ipFamilies[{i}]", GoQuote.Quote(family)));
            }
        }
    }

    private static void ValidateTrafficPolicies(V1ServiceSpec spec, List<FieldError> errors)
    {
        var externallyAccessible = spec.Type is "LoadBalancer" or "NodePort" || spec.Type == "ClusterIP" && spec.ExternalIPs is { Count: > 0 };
        if (!externallyAccessible)
        {
            if (!string.IsNullOrEmpty(spec.ExternalTrafficPolicy))
            {
                errors.Add(FieldErrors.InvalidString("spec.externalTrafficPolicy", spec.ExternalTrafficPolicy, "may only be set for externally-accessible services"));
            }
        }
        else if (string.IsNullOrEmpty(spec.ExternalTrafficPolicy))
        {
            errors.Add(FieldErrors.Required("spec.externalTrafficPolicy"));
        }
        else if (!TrafficPolicies.Contains(spec.ExternalTrafficPolicy))
        {
            errors.Add(FieldErrors.NotSupported("spec.externalTrafficPolicy", GoQuote.Quote(spec.ExternalTrafficPolicy), TrafficPolicies));
        }

        if (spec.InternalTrafficPolicy is null)
        {
            if (spec.Type is "NodePort" or "LoadBalancer" or "ClusterIP")
            {
                errors.Add(FieldErrors.Required("spec.internalTrafficPolicy"));
            }
        }
        else if (!TrafficPolicies.Contains(spec.InternalTrafficPolicy))
        {
            errors.Add(FieldErrors.NotSupported("spec.internalTrafficPolicy", GoQuote.Quote(spec.InternalTrafficPolicy), TrafficPolicies));
        }
    }
}
