using Skiff.Storage;

namespace Skiff.ApiServer.Registry;

/// <summary>One page of a list: the matching stored items, the revision it was read at, and the continue token.</summary>
public sealed record ListPage(IReadOnlyList<KeyValue> Items, long Revision, string? Continue, long? RemainingItemCount);
