namespace Skiff.Api.Tables;

/// <summary>Turns one object of a resource into the cells of a Table row, like an upstream printers.go handler.</summary>
public interface ITablePrinter
{
    /// <summary>All columns, wide (priority 1) ones included: the API server always prints wide and kubectl hides them.</summary>
    IReadOnlyList<TableColumnDefinition> Columns { get; }

    /// <summary>
    /// The cells for <paramref name="obj"/> (the resource's k8s.Models type, or its JSON), one per column;
    /// <paramref name="now"/> is the UTC instant ages are measured from.
    /// </summary>
    object?[] Cells(object obj, DateTime now);
}
