namespace Skiff.Client.WorkQueues;

/// <summary>
/// Paces an API client's requests to a QPS with a burst, like client-go's token bucket behind --kube-api-qps and
/// --kube-api-burst; a QPS of zero or less means unlimited.
/// </summary>
public sealed class ClientRateLimiter
{
    private readonly TokenBucket? bucket;
    private readonly TimeProvider timeProvider;

    public ClientRateLimiter(double qps, int burst, TimeProvider timeProvider)
    {
        if (qps > 0)
        {
            // As client-go: a positive QPS with no burst could never send anything.
            ArgumentOutOfRangeException.ThrowIfLessThan(burst, 1);
            bucket = new TokenBucket(qps, burst, timeProvider);
        }

        Qps = qps;
        Burst = burst;
        this.timeProvider = timeProvider;
    }

    public double Qps { get; }

    public int Burst { get; }

    /// <summary>Takes a token if one is available now, without waiting.</summary>
    public bool TryAccept() => bucket?.TryTake() ?? true;

    /// <summary>Waits until the next request may go out.</summary>
    public async ValueTask WaitAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (bucket is null)
        {
            return;
        }

        var delay = bucket.Reserve();
        if (delay <= TimeSpan.Zero)
        {
            return;
        }

        try
        {
            await Task.Delay(delay, timeProvider, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The request will not be sent, so its token should not delay the ones that will.
            bucket.Return();
            throw;
        }
    }
}
