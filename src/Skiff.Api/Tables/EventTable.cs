using k8s.Models;

namespace Skiff.Api.Tables;

/// <summary>printEvent (core/v1): LAST SEEN, TYPE, REASON, OBJECT, MESSAGE; wide SUBOBJECT, SOURCE, FIRST SEEN, COUNT, NAME.</summary>
internal static class EventTable
{
    public static ITablePrinter Printer { get; } = new TablePrinter<Corev1Event>(
    [
        TableColumns.String("Last Seen", ColumnDescriptions.EventLastTimestamp),
        TableColumns.String("Type", ColumnDescriptions.EventType),
        TableColumns.String("Reason", ColumnDescriptions.EventReason),
        TableColumns.String("Object", ColumnDescriptions.EventInvolvedObject),
        TableColumns.Wide("Subobject", ColumnDescriptions.ObjectReferenceFieldPath),
        TableColumns.Wide("Source", ColumnDescriptions.EventSource),
        TableColumns.String("Message", ColumnDescriptions.EventMessage),
        TableColumns.Wide("First Seen", ColumnDescriptions.EventFirstTimestamp),
        TableColumns.Wide("Count", ColumnDescriptions.EventCount),
        new TableColumnDefinition("Name", "string", "name", ColumnDescriptions.Name, 1),
    ], Cells);

    private static object?[] Cells(Corev1Event ev, DateTime now)
    {
        // Events written through events.k8s.io carry eventTime instead of firstTimestamp.
        var firstSeen = TableCells.IsZero(ev.FirstTimestamp) ? TableCells.Since(ev.EventTime, now) : TableCells.Since(ev.FirstTimestamp, now);
        var lastSeen = TableCells.IsZero(ev.LastTimestamp) ? firstSeen : TableCells.Since(ev.LastTimestamp, now);

        long count = ev.Count ?? 0;
        if (ev.Series is not null)
        {
            lastSeen = TableCells.Since(ev.Series.LastObservedTime, now);
            count = ev.Series.Count ?? 0;
        }
        else if (count == 0)
        {
            // Singleton events don't have a count set in the new API.
            count = 1;
        }

        var involved = ev.InvolvedObject;
        var kind = (involved?.Kind ?? "").ToLowerInvariant();
        var target = string.IsNullOrEmpty(involved?.Name) ? kind : $"{kind}/{involved.Name}";

        return
        [
            lastSeen,
            ev.Type ?? "",
            ev.Reason ?? "",
            target,
            involved?.FieldPath ?? "",
            Source(ev),
            (ev.Message ?? "").Trim(),
            firstSeen,
            count,
            ev.Metadata?.Name ?? "",
        ];
    }

    /// <summary>formatEventSource: "component, host", falling back to the reporting controller and instance.</summary>
    private static string Source(Corev1Event ev)
    {
        var component = FirstNonEmpty(ev.Source?.Component, ev.ReportingComponent);
        var instance = FirstNonEmpty(ev.Source?.Host, ev.ReportingInstance);
        return instance.Length == 0 ? component : $"{component}, {instance}";
    }

    private static string FirstNonEmpty(string? first, string? second) =>
        !string.IsNullOrEmpty(first) ? first : second ?? "";
}
