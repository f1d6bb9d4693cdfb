using k8s.Models;

namespace Skiff.Api.Admission;

/// <summary>
/// Upstream's Service defaults (core/v1 SetDefaults_Service) plus the IP-family fields its registry fills for a
/// single-stack IPv4 cluster. Cluster IP and node port allocation are not defaults and happen elsewhere.
/// </summary>
internal static class ServiceDefaults
{
    private const int DefaultClientIPAffinitySeconds = 10800;

    public static void Apply(V1Service service)
    {
        var spec = service.Spec ??= new V1ServiceSpec();
        if (string.IsNullOrEmpty(spec.SessionAffinity))
        {
            spec.SessionAffinity = "None";
        }
        if (spec.SessionAffinity == "None")
        {
            spec.SessionAffinityConfig = null;
        }
        if (spec.SessionAffinity == "ClientIP" && spec.SessionAffinityConfig?.ClientIP?.TimeoutSeconds is null)
        {
            spec.SessionAffinityConfig = new V1SessionAffinityConfig { ClientIP = new V1ClientIPConfig { TimeoutSeconds = DefaultClientIPAffinitySeconds } };
        }
        if (string.IsNullOrEmpty(spec.Type))
        {
            spec.Type = "ClusterIP";
        }
        foreach (var port in spec.Ports ?? [])
        {
            if (string.IsNullOrEmpty(port.Protocol))
            {
                port.Protocol = "TCP";
            }
            if (port.TargetPort?.Value is null or "" or "0")
            {
                port.TargetPort = port.Port;
            }
        }
        var externallyAccessible = spec.Type is "LoadBalancer" or "NodePort" || spec.Type == "ClusterIP" && spec.ExternalIPs is { Count: > 0 };
        if (externallyAccessible && string.IsNullOrEmpty(spec.ExternalTrafficPolicy))
        {
            spec.ExternalTrafficPolicy = "Cluster";
        }
        if (spec.InternalTrafficPolicy is null && spec.Type is "NodePort" or "LoadBalancer" or "ClusterIP")
        {
            spec.InternalTrafficPolicy = "Cluster";
        }
        if (spec.Type == "LoadBalancer")
        {
            spec.AllocateLoadBalancerNodePorts ??= true;
        }
        ApplyIpFamilies(spec);
    }

    /// <summary>Upstream's registry: clusterIPs mirrors clusterIP; single stack by default, except selector-less headless services.</summary>
    private static void ApplyIpFamilies(V1ServiceSpec spec)
    {
        if (spec.Type == "ExternalName")
        {
            return;
        }
        if (!string.IsNullOrEmpty(spec.ClusterIP) && (spec.ClusterIPs is null || spec.ClusterIPs.Count == 0))
        {
            spec.ClusterIPs = [spec.ClusterIP];
        }
        if (spec.IpFamilyPolicy is null)
        {
            var headlessWithoutSelector = spec.ClusterIP == "None" && (spec.Selector is null || spec.Selector.Count == 0);
            spec.IpFamilyPolicy = headlessWithoutSelector ? "RequireDualStack" : "SingleStack";
        }
        if (spec.IpFamilies is null || spec.IpFamilies.Count == 0)
        {
            // Skiff clusters are single-stack IPv4.
            spec.IpFamilies = ["IPv4"];
        }
    }
}
