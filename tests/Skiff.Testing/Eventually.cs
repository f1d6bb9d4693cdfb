using Xunit;

namespace Skiff.Testing;

/// <summary>Waits for a condition with a bounded timeout, polling; fails the test with a description if it never holds.</summary>
public static class Eventually
{
    // How often a condition is probed: short enough that a wait ends soon after the state arrives.
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    public static async Task HoldsAsync(Func<Task<bool>> condition, string description, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            if (await condition())
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out waiting for: {description}");
            }

            await Task.Delay(PollInterval);
        }
    }

    /// <summary>Probes until the value satisfies the condition and returns it; a timeout names what never happened and the last value.</summary>
    public static async Task<T> ReturnsAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        T last;
        do
        {
            last = await probe();
            if (condition(last))
            {
                return last;
            }

            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);

        throw new TimeoutException($"{what} did not happen within {timeout}; last value: {last}");
    }

    /// <summary>
    /// Probes for the whole period and fails as soon as the condition is false: for "nothing changes while paused",
    /// where waiting for a change that must not come is the point.
    /// </summary>
    public static async Task KeepsHoldingAsync(Func<Task<bool>> condition, string description, TimeSpan period)
    {
        var end = DateTime.UtcNow + period;
        do
        {
            Assert.True(await condition(), $"no longer holds: {description}");
            await Task.Delay(PollInterval);
        }
        while (DateTime.UtcNow < end);
    }
}
