namespace Skiff.Storage;

/// <summary>The answer to <see cref="IStore.RangeAsync"/>: one page of keys and where it was read.</summary>
/// <param name="Items">The keys found, in ascending ordinal order of their key.</param>
/// <param name="Revision">The revision the range was served at.</param>
/// <param name="More">True when keys beyond this page match the range (the limit cut it short).</param>
/// <param name="RemainingCount">How many matching keys follow this page.</param>
public sealed record RangeResult(IReadOnlyList<KeyValue> Items, long Revision, bool More, long RemainingCount);
