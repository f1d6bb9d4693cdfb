namespace Skiff.Storage;

/// <summary>What a store starts from: the current value of every key and the revision reached.</summary>
/// <param name="Items">Every key's current value (any order).</param>
/// <param name="Revision">The store revision; at least every item's ModRevision, and 1 for a store never written.</param>
public sealed record PersistedState(IReadOnlyList<KeyValue> Items, long Revision)
{
    /// <summary>A store that was never written.</summary>
    public static PersistedState Empty { get; } = new([], 1);
}
