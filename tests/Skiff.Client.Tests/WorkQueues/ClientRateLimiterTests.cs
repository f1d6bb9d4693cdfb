using Microsoft.Extensions.Time.Testing;
using Skiff.Client.WorkQueues;

namespace Skiff.Client.Tests.WorkQueues;

/// <summary>The API client's QPS limiter on a fake clock.</summary>
public sealed class ClientRateLimiterTests
{
    private readonly FakeTimeProvider clock = new();

    [Fact]
    public async Task TheBurstGoesAtOnce_ThenEachRequestWaitsForItsToken()
    {
        var limiter = new ClientRateLimiter(qps: 5, burst: 2, clock);
        await limiter.WaitAsync(CancellationToken.None).AsTask().WaitAsync(Eventually.Timeout);
        await limiter.WaitAsync(CancellationToken.None).AsTask().WaitAsync(Eventually.Timeout);

        var third = limiter.WaitAsync(CancellationToken.None).AsTask();
        var fourth = limiter.WaitAsync(CancellationToken.None).AsTask();
        clock.Advance(TimeSpan.FromMilliseconds(199));
        Assert.False(third.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await third.WaitAsync(Eventually.Timeout);
        Assert.False(fourth.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(200));
        await fourth.WaitAsync(Eventually.Timeout);
    }

    [Fact]
    public void TryAccept_TakesOnlyAvailableTokens()
    {
        var limiter = new ClientRateLimiter(qps: 10, burst: 1, clock);

        Assert.True(limiter.TryAccept());
        Assert.False(limiter.TryAccept());
        clock.Advance(TimeSpan.FromMilliseconds(100));
        Assert.True(limiter.TryAccept());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task ZeroOrNegativeQps_IsUnlimited(double qps)
    {
        var limiter = new ClientRateLimiter(qps, burst: 0, clock);
        for (var i = 0; i < 1_000; i++)
        {
            var wait = limiter.WaitAsync(CancellationToken.None);
            Assert.True(wait.IsCompletedSuccessfully);
            await wait;
            Assert.True(limiter.TryAccept());
        }
    }

    [Fact]
    public async Task ACancelledWait_GivesItsTokenBack()
    {
        var limiter = new ClientRateLimiter(qps: 10, burst: 1, clock);
        await limiter.WaitAsync(CancellationToken.None);

        using var cancel = new CancellationTokenSource();
        var abandoned = limiter.WaitAsync(cancel.Token).AsTask();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned.WaitAsync(Eventually.Timeout));

        // Had the abandoned wait kept its token, this one would wait 200 ms instead of 100 ms.
        var next = limiter.WaitAsync(CancellationToken.None).AsTask();
        clock.Advance(TimeSpan.FromMilliseconds(100));
        await next.WaitAsync(Eventually.Timeout);
    }

    [Fact]
    public void PositiveQps_NeedsABurst()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ClientRateLimiter(10, 0, clock));
    }
}
