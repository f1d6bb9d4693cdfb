namespace Skiff.Api.Tables;

/// <summary>A printer for one model type: fixed columns plus a function from the object to its cells.</summary>
internal sealed class TablePrinter<T>(IReadOnlyList<TableColumnDefinition> columns, Func<T, DateTime, object?[]> cells) : ITablePrinter
    where T : class
{
    public IReadOnlyList<TableColumnDefinition> Columns { get; } = columns;

    public object?[] Cells(object obj, DateTime now) => cells(ModelObject.As<T>(obj), now);
}
