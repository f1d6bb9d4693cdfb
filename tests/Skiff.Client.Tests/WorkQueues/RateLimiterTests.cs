using Microsoft.Extensions.Time.Testing;
using Skiff.Client.WorkQueues;

namespace Skiff.Client.Tests.WorkQueues;

/// <summary>The rate limiters' arithmetic: exponential backoff, the shared bucket, their combination.</summary>
public sealed class RateLimiterTests
{
    private readonly FakeTimeProvider clock = new();

    private static TimeSpan Ms(double milliseconds) => TimeSpan.FromMilliseconds(milliseconds);

    [Fact]
    public void Exponential_DoublesFromTheBase_PerItem()
    {
        var limiter = new ItemExponentialFailureRateLimiter<string>(Ms(5), TimeSpan.FromSeconds(1000));

        Assert.Equal(Ms(5), limiter.When("ns/a"));
        Assert.Equal(Ms(10), limiter.When("ns/a"));
        Assert.Equal(Ms(20), limiter.When("ns/a"));
        Assert.Equal(Ms(40), limiter.When("ns/a"));
        Assert.Equal(Ms(5), limiter.When("ns/b"));
        Assert.Equal(4, limiter.NumRequeues("ns/a"));
        Assert.Equal(1, limiter.NumRequeues("ns/b"));
        Assert.Equal(0, limiter.NumRequeues("ns/c"));
    }

    [Fact]
    public void Exponential_IsCappedAtTheMaximum_EvenAfterVeryManyFailures()
    {
        var limiter = new ItemExponentialFailureRateLimiter<string>(Ms(5), TimeSpan.FromSeconds(1000));
        var waits = Enumerable.Range(0, 2_000).Select(_ => limiter.When("ns/a")).ToList();

        // 5 ms·2^17 = 655.36 s is the last step below the cap; 5 ms·2^18 = 1310.72 s is capped.
        Assert.Equal(TimeSpan.FromSeconds(655.36), waits[17]);
        Assert.Equal(TimeSpan.FromSeconds(1000), waits[18]);
        Assert.All(waits.Skip(18), wait => Assert.Equal(TimeSpan.FromSeconds(1000), wait));
        Assert.Equal(2_000, limiter.NumRequeues("ns/a"));
    }

    [Fact]
    public void Exponential_Forget_StartsTheItemOver()
    {
        var limiter = new ItemExponentialFailureRateLimiter<string>(Ms(5), TimeSpan.FromSeconds(1000));
        limiter.When("ns/a");
        limiter.When("ns/a");
        limiter.When("ns/b");

        limiter.Forget("ns/a");

        Assert.Equal(0, limiter.NumRequeues("ns/a"));
        Assert.Equal(Ms(5), limiter.When("ns/a"));
        Assert.Equal(Ms(10), limiter.When("ns/b"));
    }

    [Fact]
    public void Bucket_AllowsTheBurst_ThenSpacesRequestsAtTheRate_AndRefillsWithTime()
    {
        var limiter = new BucketRateLimiter<string>(10, 100, clock);

        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(TimeSpan.Zero, limiter.When($"ns/item-{i}"));
        }

        Assert.Equal(Ms(100), limiter.When("ns/x"));
        Assert.Equal(Ms(200), limiter.When("ns/y"));

        // One second earns 10 tokens; 2 pay the debt, 8 are free.
        clock.Advance(TimeSpan.FromSeconds(1));
        for (var i = 0; i < 8; i++)
        {
            Assert.Equal(TimeSpan.Zero, limiter.When("ns/z"));
        }

        Assert.Equal(Ms(100), limiter.When("ns/z"));
        Assert.Equal(0, limiter.NumRequeues("ns/z"));
    }

    [Fact]
    public void Bucket_NeverHoldsMoreThanTheBurst()
    {
        var limiter = new BucketRateLimiter<string>(10, 5, clock);
        clock.Advance(TimeSpan.FromHours(1));

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(TimeSpan.Zero, limiter.When("ns/a"));
        }

        Assert.Equal(Ms(100), limiter.When("ns/a"));
    }

    [Fact]
    public void MaxOf_TakesTheLongestWait_AndTheHighestCount_AndForgetsInAll()
    {
        var fast = new ItemExponentialFailureRateLimiter<string>(Ms(1), TimeSpan.FromSeconds(1));
        var slow = new ItemExponentialFailureRateLimiter<string>(Ms(3), Ms(4));
        var limiter = new MaxOfRateLimiter<string>(fast, slow);

        Assert.Equal(Ms(3), limiter.When("ns/a"));
        Assert.Equal(Ms(4), limiter.When("ns/a"));
        Assert.Equal(Ms(4), limiter.When("ns/a"));
        Assert.Equal(Ms(8), limiter.When("ns/a"));
        Assert.Equal(4, limiter.NumRequeues("ns/a"));

        limiter.Forget("ns/a");
        Assert.Equal(0, fast.NumRequeues("ns/a"));
        Assert.Equal(0, slow.NumRequeues("ns/a"));
    }

    [Fact]
    public void DefaultController_IsExponentialPerItem_UntilTheSharedBucketRunsDry()
    {
        var limiter = new DefaultControllerRateLimiter<string>(clock);

        Assert.Equal(Ms(5), limiter.When("ns/a"));
        Assert.Equal(Ms(10), limiter.When("ns/a"));
        Assert.Equal(Ms(20), limiter.When("ns/a"));

        // 97 more distinct items use up the burst of 100 at 5 ms each; after that the bucket's 10 qps dominates.
        for (var i = 0; i < 97; i++)
        {
            Assert.Equal(Ms(5), limiter.When($"ns/item-{i}"));
        }

        Assert.Equal(Ms(100), limiter.When("ns/b"));
        Assert.Equal(Ms(200), limiter.When("ns/c"));
        Assert.Equal(3, limiter.NumRequeues("ns/a"));

        limiter.Forget("ns/a");
        Assert.Equal(0, limiter.NumRequeues("ns/a"));
    }

    [Fact]
    public void Constructors_RejectSettingsThatCannotWork()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ItemExponentialFailureRateLimiter<string>(TimeSpan.Zero, Ms(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ItemExponentialFailureRateLimiter<string>(Ms(5), Ms(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BucketRateLimiter<string>(0, 10, clock));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BucketRateLimiter<string>(10, 0, clock));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MaxOfRateLimiter<string>());
    }
}
