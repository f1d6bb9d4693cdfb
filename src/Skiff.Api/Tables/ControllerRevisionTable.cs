using k8s.Models;

namespace Skiff.Api.Tables;

/// <summary>printControllerRevision: CONTROLLER as <c>kind.group/name</c> of the controlling owner, REVISION.</summary>
internal static class ControllerRevisionTable
{
    public static ITablePrinter Printer { get; } = new TablePrinter<V1ControllerRevision>(
    [
        TableColumns.Name,
        TableColumns.String("Controller", "Controller of the object"),
        TableColumns.String("Revision", ColumnDescriptions.ControllerRevisionRevision),
        TableColumns.Age,
    ], Cells);

    private static object?[] Cells(V1ControllerRevision revision, DateTime now) =>
    [
        revision.Metadata?.Name ?? "",
        Controller(revision.Metadata),
        revision.Revision ?? 0L,
        TableCells.Age(revision.Metadata, now),
    ];

    private static string Controller(V1ObjectMeta? metadata)
    {
        var owner = metadata?.OwnerReferences?.FirstOrDefault(o => o.Controller == true);
        if (owner is null)
        {
            return TableCells.None;
        }

        // schema.ParseGroupVersion: "apps/v1" has group "apps", a bare "v1" is the core group.
        var apiVersion = owner.ApiVersion ?? "";
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var group = slash < 0 ? "" : apiVersion[..slash];
        var kind = owner.Kind ?? "";
        if (group.Length == 0 && kind.Length == 0)
        {
            return owner.Name;
        }

        var groupKind = group.Length == 0 ? kind : $"{kind}.{group}";
        return groupKind.ToLowerInvariant() + "/" + owner.Name;
    }
}
