using k8s.Models;

namespace Skiff.Api.Tables;

/// <summary>printService: TYPE, CLUSTER-IP, EXTERNAL-IP and PORT(S) rules, wide SELECTOR.</summary>
internal static class ServiceTable
{
    public static ITablePrinter Printer { get; } = new TablePrinter<V1Service>(
    [
        TableColumns.Name,
        TableColumns.String("Type", ColumnDescriptions.ServiceType),
        TableColumns.String("Cluster-IP", ColumnDescriptions.ServiceClusterIp),
        TableColumns.String("External-IP", ColumnDescriptions.ServiceExternalIps),
        TableColumns.String("Port(s)", ColumnDescriptions.ServicePorts),
        TableColumns.Age,
        TableColumns.Wide("Selector", ColumnDescriptions.ServiceSelector),
    ], Cells);

    private static object?[] Cells(V1Service service, DateTime now)
    {
        var spec = service.Spec ?? new V1ServiceSpec();
        var clusterIp = spec.ClusterIPs is { Count: > 0 } ips ? ips[0] : TableCells.None;
        var ports = Ports(spec.Ports);
        return
        [
            service.Metadata?.Name ?? "",
            spec.Type ?? "",
            clusterIp,
            ExternalIp(service),
            ports.Length == 0 ? TableCells.None : ports,
            TableCells.Age(service.Metadata, now),
            LabelSelectorText.FormatLabels(spec.Selector),
        ];
    }

    private static string ExternalIp(V1Service service)
    {
        var spec = service.Spec ?? new V1ServiceSpec();
        var externalIps = spec.ExternalIPs ?? [];
        switch (spec.Type)
        {
            case "ClusterIP" or "NodePort":
                return externalIps.Count > 0 ? string.Join(",", externalIps) : TableCells.None;
            case "LoadBalancer":
                // The API server always prints wide, so upstream's 16-character cut of this list never applies.
                var ingress = service.Status?.LoadBalancer?.Ingress ?? [];
                var lbIps = ingress
                    .Select(i => !string.IsNullOrEmpty(i.Ip) ? i.Ip : i.Hostname)
                    .Where(a => !string.IsNullOrEmpty(a))
                    .Distinct(StringComparer.Ordinal)
                    .Order(StringComparer.Ordinal)
                    .ToList();
                if (externalIps.Count > 0)
                {
                    return string.Join(",", lbIps.Concat(externalIps));
                }

                return lbIps.Count > 0 ? string.Join(",", lbIps) : "<pending>";
            case "ExternalName":
                return spec.ExternalName ?? "";
            default:
                return TableCells.Unknown;
        }
    }

    private static string Ports(IList<V1ServicePort>? ports) =>
        ports is null
            ? ""
            : string.Join(",", ports.Select(p => p.NodePort is > 0
                ? $"{p.Port}:{p.NodePort}/{p.Protocol}"
                : $"{p.Port}/{p.Protocol}"));
}
