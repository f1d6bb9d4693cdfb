using Xunit;
namespace Skiff.Testing;

/// <summary>Waits for a condition with a bounded timeout, polling; fails the test with a description if it never holds.</summary>
public static class Eventually
{
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

            await Task.Delay(20);
        }
    }
}
