namespace Skiff.Client.WorkQueues;

/// <summary>
/// One token bucket shared by all items (client-go's BucketRateLimiter): it bounds the overall retry rate, not
/// any single item's, and never counts requeues.
/// </summary>
public sealed class BucketRateLimiter<T> : IRateLimiter<T>
    where T : notnull
{
    private readonly TokenBucket bucket;

    public BucketRateLimiter(double qps, int burst, TimeProvider timeProvider)
    {
        bucket = new TokenBucket(qps, burst, timeProvider);
    }

    public TimeSpan When(T item) => bucket.Reserve();

    public void Forget(T item)
    {
        // Nothing per item to forget: the bucket's debt belongs to everyone.
    }

    public int NumRequeues(T item) => 0;
}
