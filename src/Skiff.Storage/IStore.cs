namespace Skiff.Storage;

/// <summary>
/// A revisioned key-value store with etcd v3 semantics, holding every Kubernetes object as bytes under its key.
/// </summary>
/// <remarks>
/// <para>
/// One global revision counter numbers every committed write: each create, update or delete advances it by exactly
/// one and stamps the key with it (<see cref="KeyValue.ModRevision"/>), so the revision is the objects'
/// resourceVersion. An empty store is at revision 1, so the first write gets revision 2 (as in etcd).
/// Writes are durable when their task completes; writes that fail their check (exists, not found, conflict) consume
/// no revision.
/// </para>
/// <para>
/// Updates and deletes are compare-and-swap on the key's current <see cref="KeyValue.ModRevision"/>
/// (0 means unconditional). Reads can be served at an older revision and watches can replay every event after a
/// revision, until <see cref="CompactAsync"/> forgets the history at and below a revision; asking for forgotten
/// history throws <see cref="CompactedException"/>. Compaction never happens on its own: the caller decides when.
/// </para>
/// <para>
/// Keys are compared ordinally (UTF-16 code units); prefixes select key ranges, e.g. <c>/registry/pods/default/</c>.
/// </para>
/// </remarks>
public interface IStore : IAsyncDisposable
{
    /// <summary>The highest committed revision; 1 for an empty store that was never written.</summary>
    long CurrentRevision { get; }

    /// <summary>History at and below this revision is forgotten (a reopened durable store starts with its loaded revision); 0 when none was.</summary>
    long CompactedRevision { get; }

    /// <summary>Creates a key that must not exist yet.</summary>
    /// <exception cref="KeyExistsException">The key exists.</exception>
    Task<KeyValue> CreateAsync(string key, byte[] value, CancellationToken ct);

    /// <summary>Replaces the value of an existing key, if its ModRevision is <paramref name="expectedModRevision"/> (0: any).</summary>
    /// <exception cref="KeyNotFoundInStoreException">The key does not exist.</exception>
    /// <exception cref="RevisionConflictException">The key was modified at another revision.</exception>
    Task<KeyValue> UpdateAsync(string key, byte[] value, long expectedModRevision, CancellationToken ct);

    /// <summary>
    /// Deletes an existing key, if its ModRevision is <paramref name="expectedModRevision"/> (0: any); returns the deleted
    /// value with <see cref="KeyValue.ModRevision"/> set to the delete's revision.
    /// </summary>
    /// <exception cref="KeyNotFoundInStoreException">The key does not exist.</exception>
    /// <exception cref="RevisionConflictException">The key was modified at another revision.</exception>
    Task<KeyValue> DeleteAsync(string key, long expectedModRevision, CancellationToken ct);

    /// <summary>The current value of a key, or null.</summary>
    Task<KeyValue?> GetAsync(string key, CancellationToken ct);

    /// <summary>
    /// Keys starting with <paramref name="prefix"/> in ascending ordinal order, strictly after
    /// <paramref name="startAfterKey"/> when given, at most <paramref name="limit"/> of them (0: no limit), as they were
    /// at <paramref name="atRevision"/> (0: now).
    /// </summary>
    /// <exception cref="CompactedException"><paramref name="atRevision"/> is below <see cref="CompactedRevision"/>.</exception>
    /// <exception cref="FutureRevisionException"><paramref name="atRevision"/> is above <see cref="CurrentRevision"/>.</exception>
    Task<RangeResult> RangeAsync(string prefix, string? startAfterKey, int limit, long atRevision, CancellationToken ct);

    /// <summary>
    /// Every event on keys starting with <paramref name="prefix"/> with a revision above <paramref name="afterRevision"/>,
    /// in revision order without gaps or duplicates: first those replayed from history, then live ones. To watch from
    /// now, pass <see cref="CurrentRevision"/> (0 is not special: it means "from the beginning").
    /// </summary>
    /// <remarks>
    /// The compaction check is made when this method is called, so the exception surfaces before any enumeration.
    /// The stream ends normally when the store is disposed, and with <see cref="WatchOverflowException"/> when the
    /// consumer falls too far behind.
    /// </remarks>
    /// <exception cref="CompactedException"><paramref name="afterRevision"/> is below <see cref="CompactedRevision"/>.</exception>
    IAsyncEnumerable<StoreEvent> WatchAsync(string prefix, long afterRevision, CancellationToken ct);

    /// <summary>Forgets the history at and below <paramref name="revision"/>; a revision already compacted is a no-op.</summary>
    /// <exception cref="FutureRevisionException"><paramref name="revision"/> is above <see cref="CurrentRevision"/>.</exception>
    Task CompactAsync(long revision, CancellationToken ct);
}
