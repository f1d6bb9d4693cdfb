namespace Skiff.Client;

/// <summary>One list answer: the items, the resourceVersion the list was read at, and the continue token of the next page.</summary>
public sealed record ObjectList<T>(IReadOnlyList<T> Items, string ResourceVersion, string? Continue);
