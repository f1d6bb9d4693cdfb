namespace Skiff.Client.WorkQueues;

/// <summary>Combines rate limiters by taking the longest wait and the highest requeue count (client-go's MaxOfRateLimiter).</summary>
public sealed class MaxOfRateLimiter<T> : IRateLimiter<T>
    where T : notnull
{
    private readonly IRateLimiter<T>[] limiters;

    public MaxOfRateLimiter(params IRateLimiter<T>[] limiters)
    {
        ArgumentOutOfRangeException.ThrowIfZero(limiters.Length);
        this.limiters = [.. limiters];
    }

    public TimeSpan When(T item)
    {
        // Every limiter is asked, not just until the largest answer: each one records the request (a failure, a token).
        var longest = TimeSpan.Zero;
        foreach (var limiter in limiters)
        {
            var wait = limiter.When(item);
            if (wait > longest)
            {
                longest = wait;
            }
        }

        return longest;
    }

    public void Forget(T item)
    {
        foreach (var limiter in limiters)
        {
            limiter.Forget(item);
        }
    }

    public int NumRequeues(T item) => limiters.Max(limiter => limiter.NumRequeues(item));
}
