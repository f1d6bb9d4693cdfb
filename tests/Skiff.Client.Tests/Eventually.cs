namespace Skiff.Client.Tests;

/// <summary>Waits for a condition with a bounded timeout, polling; tests never sleep for a fixed time.</summary>
internal static class Eventually
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static async Task TrueAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{what} did not happen within {Timeout}");
            }

            await Task.Delay(1);
        }
    }
}
