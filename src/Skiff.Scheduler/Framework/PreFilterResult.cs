namespace Skiff.Scheduler.Framework;

/// <summary>A PreFilter answer: its status and, when the plugin already knows them, the only node names worth filtering.</summary>
/// <param name="Status">Success, Skip, or a rejection for every node.</param>
/// <param name="NodeNames">Null for "all nodes"; otherwise the candidates (intersected across plugins).</param>
public sealed record PreFilterResult(Status Status, IReadOnlySet<string>? NodeNames = null)
{
    public static PreFilterResult Success { get; } = new(Status.Success);

    public static PreFilterResult Skip { get; } = new(Status.Skip);
}
