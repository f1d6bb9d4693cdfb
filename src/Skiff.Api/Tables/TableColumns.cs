namespace Skiff.Api.Tables;

/// <summary>Builders for the column definitions that almost every printer shares.</summary>
internal static class TableColumns
{
    public static TableColumnDefinition Name { get; } = new("Name", "string", "name", ColumnDescriptions.Name, 0);

    public static TableColumnDefinition Age { get; } = new("Age", "string", "", ColumnDescriptions.CreationTimestamp, 0);

    public static TableColumnDefinition String(string name, string description) => new(name, "string", "", description, 0);

    public static TableColumnDefinition Integer(string name, string description) => new(name, "integer", "", description, 0);

    public static TableColumnDefinition Wide(string name, string description) => new(name, "string", "", description, 1);

    public static TableColumnDefinition Containers { get; } = Wide("Containers", "Names of each container in the template.");

    public static TableColumnDefinition Images { get; } = Wide("Images", "Images referenced by each container in the template.");
}
