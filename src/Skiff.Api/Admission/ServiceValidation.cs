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

    /// <summary>
    /// ValidateServiceUpdate: cluster IPs and IP families may not change, except when moving to or from ExternalName
    /// or headless, or when a secondary is added or released (dual-stack upgrade or downgrade).
    /// </summary>
    public static void ValidateUpdate(V1Service service, V1Service old, List<FieldError> errors)
    {
        ObjectMetaValidation.ValidateUpdate(service.Metadata, old.Metadata, errors);
        var spec = service.Spec ?? new V1ServiceSpec();
        var oldSpec = old.Spec ?? new V1ServiceSpec();
        if (spec.Type != "ExternalName" && oldSpec.Type != "ExternalName")
        {
            ValidateClusterIPsUpdate(spec, oldSpec, errors);
            ValidateIPFamiliesUpdate(spec, oldSpec, errors);
        }
        ValidateSpec(spec, errors);
    }

    /// <summary>
    /// validateUpgradeDowngradeClusterIPs. The bad value is the whole new list, e.g. changing 10.96.0.10 to
    /// 10.96.0.11 gives <c>spec.clusterIPs[0]: Invalid value: []string{"10.96.0.11"}: may not change once set</c>.
    /// </summary>
    private static void ValidateClusterIPsUpdate(V1ServiceSpec spec, V1ServiceSpec oldSpec, List<FieldError> errors)
    {
        var ips = ClusterIPs(spec);
        var oldIps = ClusterIPs(oldSpec);
        // An update that omits the addresses keeps the stored ones (upstream's registry copies them over first).
        if (ips.Count == 0 || IsHeadless(ips) && IsHeadless(oldIps))
        {
            return;
        }
        var rendered = GoQuote.StringSlice(ips);
        if (ips.Count == oldIps.Count)
        {
            for (var i = 0; i < oldIps.Count; i++)
            {
                if (oldIps[i] != ips[i])
                {
                    errors.Add(FieldErrors.Invalid($"spec.clusterIPs[{i}]", rendered, "may not change once set"));
                }
            }
        }
        else if (oldIps.Count > ips.Count)
        {
            if (ips[0] != oldIps[0])
            {
                errors.Add(FieldErrors.Invalid("spec.clusterIPs[0]", rendered, "may not change once set"));
            }
            if (ips.Count == 1 && spec.IpFamilyPolicy != "SingleStack")
            {
                errors.Add(FieldErrors.Invalid("spec.ipFamilyPolicy", spec.IpFamilyPolicy is null ? "null" : GoQuote.Quote(spec.IpFamilyPolicy),
                    "must be set to 'SingleStack' when releasing the secondary clusterIP"));
            }
        }
        else if (oldIps.Count > 0 && ips[0] != oldIps[0])
        {
            errors.Add(FieldErrors.Invalid("spec.clusterIPs[0]", rendered, "may not change once set"));
        }
    }

    /// <summary>validateUpgradeDowngradeIPFamilies (skipped when either side is headless).</summary>
    private static void ValidateIPFamiliesUpdate(V1ServiceSpec spec, V1ServiceSpec oldSpec, List<FieldError> errors)
    {
        if (IsHeadless(ClusterIPs(spec)) || IsHeadless(ClusterIPs(oldSpec)))
        {
            return;
        }
        var families = spec.IpFamilies ?? [];
        var oldFamilies = oldSpec.IpFamilies ?? [];
        var rendered = GoQuote.StringSlice(spec.IpFamilies);
        if (families.Count == oldFamilies.Count)
        {
            for (var i = 0; i < oldFamilies.Count; i++)
            {
                if (oldFamilies[i] != families[i])
                {
                    errors.Add(FieldErrors.Invalid("spec.ipFamilies[0]", rendered, "may not change once set"));
                }
            }
        }
        else if (oldFamilies.Count > families.Count)
        {
            if (families.Count > 0 && families[0] != oldFamilies[0])
            {
                errors.Add(FieldErrors.Invalid("spec.ipFamilies[0]", GoQuote.StringSlice(ClusterIPs(spec)), "may not change once set"));
            }
            if (families.Count == 1 && spec.IpFamilyPolicy != "SingleStack")
            {
                errors.Add(FieldErrors.Invalid("spec.ipFamilyPolicy", spec.IpFamilyPolicy is null ? "null" : GoQuote.Quote(spec.IpFamilyPolicy),
                    "must be set to 'SingleStack' when releasing the secondary ipFamily"));
            }
        }
        else if (oldFamilies.Count > 0 && families.Count > 0 && families[0] != oldFamilies[0])
        {
            errors.Add(FieldErrors.Invalid("spec.ipFamilies[0]", GoQuote.StringSlice(ClusterIPs(spec)), "may not change once set"));
        }
    }

    private static bool IsHeadless(List<string> clusterIPs) => clusterIPs.Count == 1 && clusterIPs[0] == "None";

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
            var ipPath = $"spec.externalIPs[{i}]";
            if (!IPAddress.TryParse(ip, out var address) || ip.Contains('%', StringComparison.Ordinal))
            {
                errors.Add(FieldErrors.InvalidString(ipPath, ip, "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"));
                continue;
            }
            ValidateNonSpecialIP(ip, address, ipPath, errors);
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
        ProbeValidation.ValidatePortNumberOrName(port.TargetPort, $"{path}.targetPort", errors);
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
        if (clusterIPs.Count > 2)
        {
            errors.Add(FieldErrors.Invalid("spec.clusterIPs", GoQuote.StringSlice(clusterIPs), "may only hold up to 2 values"));
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

    /// <summary>ValidateNonSpecialIP: external IPs may not be unspecified, loopback or link-local addresses.</summary>
    private static void ValidateNonSpecialIP(string ip, IPAddress address, string path, List<FieldError> errors)
    {
        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            errors.Add(FieldErrors.InvalidString(path, ip, $"may not be unspecified ({ip})"));
        }
        if (IPAddress.IsLoopback(address))
        {
            errors.Add(FieldErrors.InvalidString(path, ip, "may not be in the loopback range (127.0.0.0/8, ::1/128)"));
        }
        var bytes = address.GetAddressBytes();
        if (address.IsIPv6LinkLocal || bytes.Length == 4 && bytes[0] == 169 && bytes[1] == 254)
        {
            errors.Add(FieldErrors.InvalidString(path, ip, "may not be in the link-local range (169.254.0.0/16, fe80::/10)"));
        }
        if (address.IsIPv6Multicast && (bytes[1] & 0x0f) == 2 || bytes.Length == 4 && bytes[0] == 224 && bytes[1] == 0 && bytes[2] == 0)
        {
            errors.Add(FieldErrors.InvalidString(path, ip, "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)"));
        }
    }
}
