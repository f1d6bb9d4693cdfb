namespace Skiff.Client.WorkQueues;

/// <summary>
/// A token bucket refilled at a fixed rate up to its burst, shaped after Go's rate.Limiter: a reservation always
/// takes a token, letting the balance go negative, and the debt says how long the caller must wait.
/// </summary>
internal sealed class TokenBucket
{
    private readonly Lock gate = new();
    private readonly TimeProvider timeProvider;
    private readonly double tokensPerSecond;
    private readonly double burst;
    private double tokens;
    private long refilledAt;

    public TokenBucket(double tokensPerSecond, int burst, TimeProvider timeProvider)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tokensPerSecond);
        ArgumentOutOfRangeException.ThrowIfLessThan(burst, 1);
        this.tokensPerSecond = tokensPerSecond;
        this.burst = burst;
        this.timeProvider = timeProvider;
        tokens = burst;
        refilledAt = timeProvider.GetTimestamp();
    }

    /// <summary>Takes a token now and returns how long to wait until it is actually earned (zero when one was there).</summary>
    public TimeSpan Reserve()
    {
        lock (gate)
        {
            Refill();
            tokens -= 1;

            // Example at 10 qps: a balance of -2 after this reservation means the bucket owes two tokens, earned
            // one per 100 ms, so this caller waits 2 / 10 = 200 ms.
            return tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-tokens / tokensPerSecond);
        }
    }

    /// <summary>Takes a token only if one is available now.</summary>
    public bool TryTake()
    {
        lock (gate)
        {
            Refill();
            if (tokens < 1)
            {
                return false;
            }

            tokens -= 1;
            return true;
        }
    }

    /// <summary>Gives back the token of a reservation whose caller stopped waiting, so it does not slow later callers.</summary>
    public void Return()
    {
        lock (gate)
        {
            Refill();
            tokens = Math.Min(burst, tokens + 1);
        }
    }

    private void Refill()
    {
        var now = timeProvider.GetTimestamp();
        var elapsed = timeProvider.GetElapsedTime(refilledAt, now);
        refilledAt = now;
        tokens = Math.Min(burst, tokens + (elapsed.TotalSeconds * tokensPerSecond));
    }
}
