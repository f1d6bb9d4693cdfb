namespace Skiff.E2E.Tests.Infrastructure;

/// <summary>Polls a condition until it holds or a bounded timeout passes (tests never sleep a fixed time).</summary>
public static class Eventually
{
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
}
