using System.Globalization;
using k8s.Models;

namespace Skiff.Api.Tables;

/// <summary>printEndpointSlice: ADDRESSTYPE, PORTS and ENDPOINTS (three shown, then <c>+ N more...</c>, <c>&lt;unset&gt;</c> when empty).</summary>
internal static class EndpointSliceTable
{
    public static ITablePrinter Printer { get; } = new TablePrinter<V1EndpointSlice>(
    [
        TableColumns.Name,
        TableColumns.String("AddressType", ColumnDescriptions.EndpointSliceAddressType),
        TableColumns.String("Ports", ColumnDescriptions.EndpointSlicePorts),
        TableColumns.String("Endpoints", ColumnDescriptions.EndpointSliceEndpoints),
        TableColumns.Age,
    ], (slice, now) =>
    [
        slice.Metadata?.Name ?? "",
        slice.AddressType ?? "",
        ListWithMore((slice.Ports ?? []).Select(PortText).ToList()),
        ListWithMore((slice.Endpoints ?? []).SelectMany(e => e.Addresses ?? []).ToList()),
        TableCells.Age(slice.Metadata, now),
    ]);

    private const int MaxShown = 3;

    private static string PortText(Discoveryv1EndpointPort port) =>
        port.Port is { } number ? number.ToString(CultureInfo.InvariantCulture) : port.Name ?? "*";

    /// <summary>listWithMoreString.</summary>
    private static string ListWithMore(IReadOnlyList<string> all)
    {
        var text = string.Join(",", all.Take(MaxShown));
        if (all.Count > MaxShown)
        {
            return $"{text} + {all.Count - MaxShown} more...";
        }

        return text.Length == 0 ? TableCells.Unset : text;
    }
}
