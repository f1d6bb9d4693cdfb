using System.Globalization;
using k8s.Models;

namespace Skiff.Api.Tables;

/// <summary>printEndpoints: the first three <c>ip:port</c> pairs, then <c>+ N more...</c>.</summary>
internal static class EndpointsTable
{
    public static ITablePrinter Printer { get; } = new TablePrinter<V1Endpoints>(
    [
        TableColumns.Name,
        TableColumns.String("Endpoints", ColumnDescriptions.EndpointsSubsets),
        TableColumns.Age,
    ], (endpoints, now) =>
    [
        endpoints.Metadata?.Name ?? "",
        Format(endpoints.Subsets),
        TableCells.Age(endpoints.Metadata, now),
    ]);

    private const int MaxShown = 3;

    /// <summary>formatEndpoints with all ports.</summary>
    private static string Format(IList<V1EndpointSubset>? subsets)
    {
        if (subsets is null || subsets.Count == 0)
        {
            return TableCells.None;
        }

        var list = new List<string>(MaxShown);
        var more = false;
        var count = 0;
        foreach (var subset in subsets)
        {
            var addresses = subset.Addresses ?? [];
            if (subset.Ports is null || subset.Ports.Count == 0)
            {
                // Headless services may have no ports.
                count += addresses.Count;
                more |= Append(list, addresses.Select(a => a.Ip));
                continue;
            }

            foreach (var port in subset.Ports)
            {
                count += addresses.Count;
                more |= Append(list, addresses.Select(a => JoinHostPort(a.Ip, port.Port)));
            }
        }

        var text = string.Join(",", list);
        return more ? $"{text} + {count - MaxShown} more..." : text;
    }

    private static bool Append(List<string> list, IEnumerable<string> entries)
    {
        foreach (var entry in entries)
        {
            if (list.Count == MaxShown)
            {
                return true;
            }

            list.Add(entry);
        }

        return false;
    }

    /// <summary>net.JoinHostPort: IPv6 hosts are bracketed.</summary>
    private static string JoinHostPort(string host, int port)
    {
        var portText = port.ToString(CultureInfo.InvariantCulture);
        return host.Contains(':', StringComparison.Ordinal) ? $"[{host}]:{portText}" : $"{host}:{portText}";
    }
}
