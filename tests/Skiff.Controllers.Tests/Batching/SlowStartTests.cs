using Skiff.Controllers.Batching;

namespace Skiff.Controllers.Tests.Batching;

public sealed class SlowStartTests
{
    [Fact]
    public async Task Runs_every_call_when_all_succeed()
    {
        var calls = 0;
        var succeeded = await SlowStart.RunAsync(10, _ => Task.FromResult(Interlocked.Increment(ref calls) > 0), CancellationToken.None);

        Assert.Equal(10, succeeded);
        Assert.Equal(10, calls);
    }

    [Fact]
    public async Task Stops_after_the_first_batch_with_a_failure()
    {
        var calls = 0;
        // Batches 1, 2, 4: the 5th call (inside the batch of 4) fails, so the batch of 3 after it never runs.
        var succeeded = await SlowStart.RunAsync(10, _ => Task.FromResult(Interlocked.Increment(ref calls) != 5), CancellationToken.None);

        Assert.Equal(7, calls);
        Assert.Equal(6, succeeded);
    }

    [Fact]
    public async Task A_first_failure_costs_one_call()
    {
        var calls = 0;
        var succeeded = await SlowStart.RunAsync(500, _ =>
        {
            Interlocked.Increment(ref calls);
            return Task.FromResult(false);
        }, CancellationToken.None);

        Assert.Equal(1, calls);
        Assert.Equal(0, succeeded);
    }
}
