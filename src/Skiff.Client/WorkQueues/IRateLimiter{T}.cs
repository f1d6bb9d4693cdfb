namespace Skiff.Client.WorkQueues;

/// <summary>Decides how long an item waits before it is re-queued, and tracks its failures until it is forgotten.</summary>
public interface IRateLimiter<in T>
    where T : notnull
{
    /// <summary>How long the item should wait; counts as one more requeue of it.</summary>
    TimeSpan When(T item);

    /// <summary>Stops tracking the item: its next <see cref="When"/> starts from scratch (success or given up).</summary>
    void Forget(T item);

    /// <summary>How many times the item has been requeued since it was last forgotten.</summary>
    int NumRequeues(T item);
}
