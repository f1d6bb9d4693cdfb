using k8s;
using k8s.Models;

namespace Skiff.Client.Informers;

/// <summary>
/// An informer's local copy of one resource: objects by key plus secondary indexes (namespace, owner uid, ...).
/// Objects in it are shared by every reader: copy one before changing it.
/// </summary>
public sealed class ObjectCache<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    /// <summary>Index of every object by its namespace (always present).</summary>
    public const string NamespaceIndex = "namespace";

    /// <summary>Index of every object by the uid of each of its owners.</summary>
    public const string OwnerUidIndex = "owner-uid";

    /// <summary>Index of every object by each of its labels, as "key=value" (see <see cref="LabelKey"/>).</summary>
    public const string LabelIndex = "label";

    private readonly Lock gate = new();
    private readonly Dictionary<string, T> items = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<T, IEnumerable<string>>> indexers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, HashSet<string>>> indexes = new(StringComparer.Ordinal);

    public ObjectCache()
    {
        AddIndex(NamespaceIndex, obj => [obj.Metadata?.NamespaceProperty ?? ""]);
        AddIndex(OwnerUidIndex, obj => obj.Metadata?.OwnerReferences?.Select(o => o.Uid) ?? []);
        AddIndex(LabelIndex, obj => obj.Metadata?.Labels?.Select(l => LabelKey(l.Key, l.Value)) ?? []);
    }

    /// <summary>The <see cref="LabelIndex"/> value of one label.</summary>
    public static string LabelKey(string key, string value) => $"{key}={value}";

    public int Count
    {
        get
        {
            lock (gate)
            {
                return items.Count;
            }
        }
    }

    /// <summary>Adds an index computed from each object (an object may have several values); existing objects are indexed too.</summary>
    public void AddIndex(string name, Func<T, IEnumerable<string>> valuesOf)
    {
        if (!TryAddIndex(name, valuesOf))
        {
            throw new InvalidOperationException($"index \"{name}\" already exists");
        }
    }

    /// <summary>Adds an index unless one of that name exists (for indexes several controllers share); false if it existed.</summary>
    public bool TryAddIndex(string name, Func<T, IEnumerable<string>> valuesOf)
    {
        lock (gate)
        {
            if (!indexers.TryAdd(name, valuesOf))
            {
                return false;
            }

            var index = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            indexes[name] = index;
            foreach (var (key, obj) in items)
            {
                AddToIndex(index, valuesOf(obj), key);
            }

            return true;
        }
    }

    public T? Get(string key)
    {
        lock (gate)
        {
            return items.GetValueOrDefault(key);
        }
    }

    public T? Get(string? ns, string name) => Get(ObjectKey.For(ns, name));

    public IReadOnlyList<T> List()
    {
        lock (gate)
        {
            return [.. items.Values];
        }
    }

    /// <summary>The objects whose index function yields <paramref name="value"/>.</summary>
    public IReadOnlyList<T> ByIndex(string indexName, string value)
    {
        lock (gate)
        {
            if (!indexes.TryGetValue(indexName, out var index))
            {
                throw new InvalidOperationException($"no index \"{indexName}\"");
            }

            return index.TryGetValue(value, out var keys) ? [.. keys.Select(k => items[k])] : [];
        }
    }

    public IReadOnlyList<T> InNamespace(string? ns) => ByIndex(NamespaceIndex, ns ?? "");

    /// <summary>Stores an object, returning the one it replaced (null if new).</summary>
    internal T? Upsert(T obj)
    {
        var key = ObjectKey.Of(obj);
        lock (gate)
        {
            items.TryGetValue(key, out var old);
            foreach (var (name, valuesOf) in indexers)
            {
                if (old is not null)
                {
                    RemoveFromIndex(indexes[name], valuesOf(old), key);
                }

                AddToIndex(indexes[name], valuesOf(obj), key);
            }

            items[key] = obj;
            return old;
        }
    }

    /// <summary>Removes an object by key, returning the one removed (null if it was not there).</summary>
    internal T? Remove(string key)
    {
        lock (gate)
        {
            if (!items.Remove(key, out var old))
            {
                return null;
            }

            foreach (var (name, valuesOf) in indexers)
            {
                RemoveFromIndex(indexes[name], valuesOf(old), key);
            }

            return old;
        }
    }

    internal IReadOnlyList<string> Keys()
    {
        lock (gate)
        {
            return [.. items.Keys];
        }
    }

    private static void AddToIndex(Dictionary<string, HashSet<string>> index, IEnumerable<string> values, string key)
    {
        foreach (var value in values)
        {
            if (!index.TryGetValue(value, out var keys))
            {
                keys = new HashSet<string>(StringComparer.Ordinal);
                index[value] = keys;
            }

            keys.Add(key);
        }
    }

    private static void RemoveFromIndex(Dictionary<string, HashSet<string>> index, IEnumerable<string> values, string key)
    {
        foreach (var value in values)
        {
            if (index.TryGetValue(value, out var keys) && keys.Remove(key) && keys.Count == 0)
            {
                index.Remove(value);
            }
        }
    }
}
