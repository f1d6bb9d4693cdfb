namespace Skiff.Storage;

/// <summary>One stored key at one revision: its value and the revisions that created and last modified it.</summary>
/// <remarks>
/// The store keeps the <see cref="Value"/> array it was given and hands the same array to every reader (copying would
/// cost more than the rest of a read); nobody may mutate it after passing it in or reading it out.
/// </remarks>
public sealed record KeyValue(string Key, byte[] Value, long CreateRevision, long ModRevision);
