namespace Skiff.Controllers.GarbageCollector;

/// <summary>
/// Owners the API has said do not exist (upstream's absentOwnerCache), least recently used first out. A uid never
/// comes back, so an entry never goes stale; the bound only caps memory. It saves one GET of the same vanished
/// owner per dependent when a large owner is deleted.
/// </summary>
internal sealed class AbsentOwnerCache(int capacity)
{
    private readonly Lock gate = new();
    private readonly LinkedList<ObjectIdentity> recency = new();
    private readonly Dictionary<ObjectIdentity, LinkedListNode<ObjectIdentity>> entries = [];

    public void Add(ObjectIdentity owner)
    {
        lock (gate)
        {
            if (entries.TryGetValue(owner, out var node))
            {
                recency.Remove(node);
                recency.AddFirst(node);
                return;
            }

            entries[owner] = recency.AddFirst(owner);
            if (entries.Count > capacity)
            {
                var oldest = recency.Last!;
                recency.RemoveLast();
                entries.Remove(oldest.Value);
            }
        }
    }

    public bool Contains(ObjectIdentity owner)
    {
        lock (gate)
        {
            if (!entries.TryGetValue(owner, out var node))
            {
                return false;
            }

            recency.Remove(node);
            recency.AddFirst(node);
            return true;
        }
    }
}
