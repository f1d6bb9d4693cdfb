namespace Skiff.Client.WorkQueues;

/// <summary>Per-item exponential backoff: base·2^failures, capped at a maximum (client-go's ItemExponentialFailureRateLimiter).</summary>
public sealed class ItemExponentialFailureRateLimiter<T> : IRateLimiter<T>
    where T : notnull
{
    private readonly Lock gate = new();
    private readonly Dictionary<T, int> failures = [];
    private readonly TimeSpan baseDelay;
    private readonly TimeSpan maxDelay;

    public ItemExponentialFailureRateLimiter(TimeSpan baseDelay, TimeSpan maxDelay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(baseDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDelay, baseDelay);
        this.baseDelay = baseDelay;
        this.maxDelay = maxDelay;
    }

    public TimeSpan When(T item)
    {
        int exponent;
        lock (gate)
        {
            failures.TryGetValue(item, out exponent);
            failures[item] = exponent == int.MaxValue ? exponent : exponent + 1;
        }

        // Doubles instead of longs: 5 ms·2^60 overflows a long of ticks, while in doubles 2^exponent only grows
        // towards infinity, which still compares above the maximum.
        var ticks = baseDelay.Ticks * Math.Pow(2, exponent);
        return ticks >= maxDelay.Ticks ? maxDelay : TimeSpan.FromTicks((long)ticks);
    }

    public void Forget(T item)
    {
        lock (gate)
        {
            failures.Remove(item);
        }
    }

    public int NumRequeues(T item)
    {
        lock (gate)
        {
            return failures.GetValueOrDefault(item);
        }
    }
}
