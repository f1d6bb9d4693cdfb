namespace Skiff.Storage;

/// <summary>Point reads and ranges, served from the in-memory index under the read lock.</summary>
public partial class RevisionedStore
{
    /// <inheritdoc />
    public Task<KeyValue?> GetAsync(string key, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(key);
        ct.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        _lock.EnterReadLock();
        try
        {
            return Task.FromResult(_keys.TryGetValue(key, out var history) ? history.Latest : null);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <inheritdoc />
    public Task<RangeResult> RangeAsync(string prefix, string? startAfterKey, int limit, long atRevision, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        ArgumentOutOfRangeException.ThrowIfNegative(atRevision);
        ct.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        _lock.EnterReadLock();
        try
        {
            var revision = atRevision == 0 ? _currentRevision : atRevision;
            if (atRevision != 0)
            {
                // etcd's rule: the compacted revision itself is still readable, only what lies below it is gone.
                if (atRevision < _compactedRevision)
                {
                    throw new CompactedException(atRevision, _compactedRevision);
                }

                if (atRevision > _currentRevision)
                {
                    throw new FutureRevisionException(atRevision, _currentRevision);
                }
            }

            var items = new List<KeyValue>(limit is > 0 and <= 4096 ? limit : 64);
            long remaining = 0;
            foreach (var history in KeysInRange(prefix, startAfterKey))
            {
                if (!history.Key.StartsWith(prefix, StringComparison.Ordinal))
                {
                    continue;
                }

                var value = history.At(revision);
                if (value is null)
                {
                    continue;
                }

                // Past the limit we only count, as etcd does, so callers can report remainingItemCount.
                if (limit == 0 || items.Count < limit)
                {
                    items.Add(value);
                }
                else
                {
                    remaining++;
                }
            }

            return Task.FromResult(new RangeResult(items, revision, remaining > 0, remaining));
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>
    /// The keys from the first one after <paramref name="startAfterKey"/> (or the prefix) up to the prefix's upper bound.
    /// Every key returned starts with the prefix except possibly the upper bound itself, which callers filter out.
    /// </summary>
    private IEnumerable<KeyHistory> KeysInRange(string prefix, string? startAfterKey)
    {
        if (_order.Count == 0)
        {
            return [];
        }

        // "key" + '\0' is the smallest string ordinally greater than "key", so it makes the bound exclusive.
        var lower = startAfterKey is not null && string.CompareOrdinal(startAfterKey, prefix) >= 0
            ? startAfterKey + '\0'
            : prefix;
        var upper = PrefixUpperBound(prefix) ?? _order.Max!.Key;
        if (string.CompareOrdinal(lower, upper) > 0)
        {
            return [];
        }

        return _order.GetViewBetween(new KeyHistory(lower), new KeyHistory(upper));
    }

    /// <summary>
    /// The smallest string greater than every string starting with <paramref name="prefix"/>, or null if there is none.
    /// </summary>
    /// <remarks>
    /// Example: "/registry/pods/" becomes "/registry/pods0" ('/' + 1 = '0'); every key under the prefix sorts below it.
    /// Trailing U+FFFF characters cannot be incremented, so they are dropped first: "a\uFFFF" becomes "b".
    /// </remarks>
    private static string? PrefixUpperBound(string prefix)
    {
        var end = prefix.Length;
        while (end > 0 && prefix[end - 1] == char.MaxValue)
        {
            end--;
        }

        if (end == 0)
        {
            return null;
        }

        return string.Concat(prefix.AsSpan(0, end - 1), [(char)(prefix[end - 1] + 1)]);
    }
}
