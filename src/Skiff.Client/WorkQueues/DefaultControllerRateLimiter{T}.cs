namespace Skiff.Client.WorkQueues;

/// <summary>
/// The rate limiter controllers use unless told otherwise, as client-go's DefaultControllerRateLimiter: the longer
/// of a per-item exponential backoff (5 ms doubling up to 1000 s) and an overall bucket of 10 qps with a burst of 100.
/// </summary>
public sealed class DefaultControllerRateLimiter<T> : IRateLimiter<T>
    where T : notnull
{
    public static readonly TimeSpan BaseDelay = TimeSpan.FromMilliseconds(5);
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(1000);
    public const double Qps = 10;
    public const int Burst = 100;

    private readonly MaxOfRateLimiter<T> limiter;

    public DefaultControllerRateLimiter(TimeProvider timeProvider)
    {
        limiter = new MaxOfRateLimiter<T>(
            new ItemExponentialFailureRateLimiter<T>(BaseDelay, MaxDelay),
            new BucketRateLimiter<T>(Qps, Burst, timeProvider));
    }

    public TimeSpan When(T item) => limiter.When(item);

    public void Forget(T item) => limiter.Forget(item);

    public int NumRequeues(T item) => limiter.NumRequeues(item);
}
