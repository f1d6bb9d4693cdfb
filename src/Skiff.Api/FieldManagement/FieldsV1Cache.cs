using System.Collections.Concurrent;

namespace Skiff.Api.FieldManagement;

/// <summary>
/// Parsed FieldsV1 documents by their bytes. Every tracked update decodes the stored entries, and the entries of
/// objects made from one template are identical (the creator's entry of every pod of a ReplicaSet), so a parse is
/// mostly a lookup. Sets are immutable once built, so one instance serves every caller. Bounded: when full it
/// starts over.
/// </summary>
public static class FieldsV1Cache
{
    private const int Capacity = 4096;

    private static readonly ConcurrentDictionary<int, (byte[] Json, FieldSet Set)> Entries = new();

    public static FieldSet Parse(byte[] json)
    {
        var hash = new HashCode();
        hash.AddBytes(json);
        var key = hash.ToHashCode();
        if (Entries.TryGetValue(key, out var known) && known.Json.AsSpan().SequenceEqual(json))
        {
            return known.Set;
        }

        using var document = System.Text.Json.JsonDocument.Parse(json);
        var set = FieldSet.FromFieldsV1(document.RootElement);
        if (Entries.Count >= Capacity)
        {
            Entries.Clear();
        }

        Entries[key] = (json, set);
        return set;
    }
}
