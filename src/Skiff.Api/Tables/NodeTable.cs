using k8s.Models;

namespace Skiff.Api.Tables;

/// <summary>printNode: STATUS from the Ready condition (plus SchedulingDisabled), ROLES from the node-role labels.</summary>
internal static class NodeTable
{
    public static ITablePrinter Printer { get; } = new TablePrinter<V1Node>(
    [
        TableColumns.Name,
        TableColumns.String("Status", "The status of the node"),
        TableColumns.String("Roles", "The roles of the node"),
        TableColumns.Age,
        TableColumns.String("Version", ColumnDescriptions.NodeKubeletVersion),
        TableColumns.Wide("Internal-IP", ColumnDescriptions.NodeAddresses),
        TableColumns.Wide("External-IP", ColumnDescriptions.NodeAddresses),
        TableColumns.Wide("OS-Image", ColumnDescriptions.NodeOsImage),
        TableColumns.Wide("Kernel-Version", ColumnDescriptions.NodeKernelVersion),
        TableColumns.Wide("Container-Runtime", ColumnDescriptions.NodeContainerRuntimeVersion),
    ], Cells);

    private const string RoleLabelPrefix = "node-role.kubernetes.io/";
    private const string RoleLabel = "kubernetes.io/role";

    private static object?[] Cells(V1Node node, DateTime now)
    {
        var info = node.Status?.NodeInfo;
        return
        [
            node.Metadata?.Name ?? "",
            Status(node),
            Roles(node),
            TableCells.Age(node.Metadata, now),
            info?.KubeletVersion ?? "",
            Address(node, "InternalIP"),
            Address(node, "ExternalIP"),
            OrUnknown(info?.OsImage),
            OrUnknown(info?.KernelVersion),
            OrUnknown(info?.ContainerRuntimeVersion),
        ];
    }

    private static string Status(V1Node node)
    {
        // Upstream indexes conditions by type, so the last Ready condition wins.
        var ready = node.Status?.Conditions?.LastOrDefault(c => c.Type == "Ready");
        var status = new List<string>(2) { ready is null ? "Unknown" : ready.Status == "True" ? "Ready" : "NotReady" };
        if (node.Spec?.Unschedulable == true)
        {
            status.Add("SchedulingDisabled");
        }

        return string.Join(",", status);
    }

    private static string Roles(V1Node node)
    {
        var roles = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in node.Metadata?.Labels ?? new Dictionary<string, string>())
        {
            if (key.StartsWith(RoleLabelPrefix, StringComparison.Ordinal))
            {
                if (key.Length > RoleLabelPrefix.Length)
                {
                    roles.Add(key[RoleLabelPrefix.Length..]);
                }
            }
            else if (key == RoleLabel && !string.IsNullOrEmpty(value))
            {
                roles.Add(value);
            }
        }

        return roles.Count == 0 ? TableCells.None : string.Join(",", roles);
    }

    private static string Address(V1Node node, string type) =>
        node.Status?.Addresses?.FirstOrDefault(a => a.Type == type)?.Address ?? TableCells.None;

    private static string OrUnknown(string? value) => string.IsNullOrEmpty(value) ? TableCells.Unknown : value;
}
