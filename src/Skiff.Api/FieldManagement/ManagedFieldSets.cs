using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;

namespace Skiff.Api.FieldManagement;

/// <summary>
/// metadata.managedFields decoded: one <see cref="VersionedFieldSet"/> per manager identity. Decoding checks what
/// upstream's DecodeManagedFields checks; encoding sorts the entries as upstream does (Apply before Update, then by
/// time, manager, apiVersion and subresource).
/// </summary>
public sealed class ManagedFieldSets
{
    private readonly Dictionary<ManagerIdentity, VersionedFieldSet> entries = [];

    public int Count => entries.Count;

    public IEnumerable<KeyValuePair<ManagerIdentity, VersionedFieldSet>> Entries => entries;

    public VersionedFieldSet? this[ManagerIdentity id]
    {
        get => entries.GetValueOrDefault(id);
        set
        {
            if (value is null || value.Set.IsEmpty)
            {
                entries.Remove(id);
            }
            else
            {
                entries[id] = value;
            }
        }
    }

    public ManagedFieldSets Copy()
    {
        var copy = new ManagedFieldSets();
        foreach (var (id, set) in entries)
        {
            copy.entries[id] = set;
        }

        return copy;
    }

    /// <summary>Whether both hold the same managers with the same fields and versions (times aside).</summary>
    public bool SameFieldsAs(ManagedFieldSets other) =>
        entries.Count == other.entries.Count
        && entries.All(e => other.entries.TryGetValue(e.Key, out var o) && o.ApiVersion == e.Value.ApiVersion && FieldSet.SetEquals(o.Set, e.Value.Set));

    /// <summary>
    /// True for an explicit reset: an empty list, or a list of one empty entry (upstream's isResetManagedFields).
    /// </summary>
    public static bool IsReset(IList<V1ManagedFieldsEntry>? list) =>
        list is { Count: 0 } || (list is { Count: 1 } && list[0] is { Manager: null, Operation: null, ApiVersion: null, FieldsType: null, FieldsV1: null, Subresource: null, Time: null });

    /// <summary>Decodes managedFields; a <see cref="FormatException"/> carries upstream's reason.</summary>
    public static ManagedFieldSets Decode(IList<V1ManagedFieldsEntry>? list)
    {
        var result = new ManagedFieldSets();
        if (list is null)
        {
            return result;
        }

        for (var i = 0; i < list.Count; i++)
        {
            var entry = list[i];
            if (entry.Operation is not (ManagerIdentity.Apply or ManagerIdentity.Update))
            {
                throw new FormatException("operation must be `Apply` or `Update`");
            }

            if (string.IsNullOrEmpty(entry.ApiVersion))
            {
                throw new FormatException("apiVersion must not be empty");
            }

            if (entry.FieldsType != "FieldsV1")
            {
                throw new FormatException(string.IsNullOrEmpty(entry.FieldsType)
                    ? $"missing fieldsType in managed fields entry {i}"
                    : $"invalid fieldsType \"{entry.FieldsType}\" in managed fields entry {i}");
            }

            var id = entry.Operation == ManagerIdentity.Apply
                ? ManagerIdentity.ForApply(entry.Manager ?? "", entry.Subresource)
                : ManagerIdentity.ForUpdate(entry.Manager ?? "", entry.ApiVersion, entry.Subresource);
            if (entry.FieldsV1 is RawFieldsV1 raw)
            {
                var decoded = FieldsV1Cache.Parse(raw.Json);
                result.entries[id] = new VersionedFieldSet(decoded, entry.ApiVersion, entry.Time) { Decoded = (decoded, raw.Json) };
                continue;
            }

            var set = entry.FieldsV1 is null ? new FieldSet() : FieldSet.FromFieldsV1(AsElement(entry.FieldsV1));
            result.entries[id] = new VersionedFieldSet(set, entry.ApiVersion, entry.Time);
        }

        return result;
    }

    /// <summary>
    /// The entries as metadata.managedFields, sorted as upstream; null when there is none. fieldsV1 is written once,
    /// escaped as upstream writes it (<c>k:{\"name\":\"nginx\"}</c>, not <c>\u0022</c>, which also keeps objects
    /// small), and carried as <see cref="RawFieldsV1"/> so that the serializer copies it as it is.
    /// </summary>
    public List<V1ManagedFieldsEntry>? Encode()
    {
        if (entries.Count == 0)
        {
            return null;
        }

        var list = new List<V1ManagedFieldsEntry>(entries.Count);
        foreach (var (id, set) in entries)
        {
            list.Add(new V1ManagedFieldsEntry
            {
                Manager = id.Manager,
                Operation = id.Operation,
                ApiVersion = set.ApiVersion,
                Time = set.Time,
                FieldsType = "FieldsV1",
                FieldsV1 = new RawFieldsV1(set.Decoded is { } decoded && ReferenceEquals(decoded.Set, set.Set) ? decoded.Json : set.Set.ToFieldsV1Bytes()),
                Subresource = id.Subresource.Length == 0 ? null : id.Subresource,
            });
        }

        list.Sort(static (p, q) =>
        {
            var c = string.CompareOrdinal(p.Operation, q.Operation);
            if (c != 0)
            {
                return c;
            }

            c = Seconds(p.Time).CompareTo(Seconds(q.Time));
            if (c != 0)
            {
                return c;
            }

            c = string.CompareOrdinal(p.Manager, q.Manager);
            if (c != 0)
            {
                return c;
            }

            c = string.CompareOrdinal(p.ApiVersion, q.ApiVersion);
            return c != 0 ? c : string.CompareOrdinal(p.Subresource ?? "", q.Subresource ?? "");
        });
        return list;
    }

    private static long Seconds(DateTime? time) => time is { } t ? t.Ticks / TimeSpan.TicksPerSecond : 0;

    private static JsonElement AsElement(object fields) => fields switch
    {
        JsonElement element => element,
        RawFieldsV1 raw => raw.ToElement(),
        JsonNode node => JsonSerializer.SerializeToElement(node),
        string text => JsonDocument.Parse(text).RootElement.Clone(),
        _ => JsonSerializer.SerializeToElement(fields),
    };
}
