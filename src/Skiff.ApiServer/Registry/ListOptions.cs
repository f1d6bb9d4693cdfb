using Skiff.Api.Selectors;

namespace Skiff.ApiServer.Registry;

/// <summary>The list query: selectors, paging and resourceVersion semantics.</summary>
public sealed record ListOptions(
    LabelSelector Labels,
    FieldSelector Fields,
    int Limit,
    string? Continue,
    string? ResourceVersion,
    string? ResourceVersionMatch)
{
    public static ListOptions All { get; } = new(LabelSelector.Everything, FieldSelector.Parse(null), 0, null, null, null);
}
