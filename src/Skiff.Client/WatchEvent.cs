namespace Skiff.Client;

/// <summary>One change seen by a watch: ADDED, MODIFIED or DELETED with the object (for DELETED its last state), or BOOKMARK.</summary>
public sealed record WatchEvent<T>(WatchEventKind Type, T Object);
