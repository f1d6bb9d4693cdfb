namespace Skiff.Storage;

/// <summary>
/// The versions of one key that the store still needs, oldest first: the current one plus older ones that ranges at an
/// older revision may read, until compaction drops them. A version without a value marks a deletion (a tombstone).
/// </summary>
internal sealed class KeyHistory(string key)
{
    // Most keys have a single version once compacted, so start small.
    private readonly List<Version> _versions = new(1);

    public string Key { get; } = key;

    /// <summary>The current value, or null when the key is deleted.</summary>
    public KeyValue? Latest => _versions.Count == 0 ? null : _versions[^1].Value;

    /// <summary>The value as of <paramref name="revision"/>, or null when the key did not exist then.</summary>
    public KeyValue? At(long revision)
    {
        // Scanning from the newest is O(1) for reads at the current revision, the common case.
        for (var i = _versions.Count - 1; i >= 0; i--)
        {
            if (_versions[i].Revision <= revision)
            {
                return _versions[i].Value;
            }
        }

        return null;
    }

    /// <summary>Records a new version; <paramref name="value"/> null records a deletion.</summary>
    public void Add(long revision, KeyValue? value) => _versions.Add(new Version(revision, value));

    /// <summary>
    /// Drops the versions no read at or above <paramref name="revision"/> can see; returns true when nothing is left, so
    /// the key can be forgotten.
    /// </summary>
    /// <remarks>
    /// Example: versions at 5 (put), 8 (put), 12 (delete), 15 (put); compacting at 12 keeps only 15, because a read at
    /// 12 or later sees the key deleted until 15. Compacting at 10 keeps 8, 12 and 15: a read at 10 must still see 8.
    /// </remarks>
    public bool Compact(long revision)
    {
        var visible = -1;
        for (var i = _versions.Count - 1; i >= 0; i--)
        {
            if (_versions[i].Revision <= revision)
            {
                visible = i;
                break;
            }
        }

        if (visible < 0)
        {
            return _versions.Count == 0;
        }

        // The version visible at the compaction revision is only worth keeping if it holds a value.
        var drop = _versions[visible].Value is null ? visible + 1 : visible;
        _versions.RemoveRange(0, drop);
        return _versions.Count == 0;
    }

    private readonly record struct Version(long Revision, KeyValue? Value);
}
