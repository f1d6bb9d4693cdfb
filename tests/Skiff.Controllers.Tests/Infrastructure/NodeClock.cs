using Microsoft.Extensions.Time.Testing;
using Skiff.Client;
using Skiff.Controllers.NodeLifecycle;
using Skiff.Testing;

namespace Skiff.Controllers.Tests.Infrastructure;

/// <summary>
/// Moves a fake clock in steps the way time passes for the node lifecycle controller: before each step the nodes
/// that are alive renew their Leases, after it the test waits for the health pass that the step made due.
/// </summary>
public sealed class NodeClock(FakeTimeProvider clock, IKubeClient client, NodeLifecycleController controller)
{
    /// <summary>Nodes whose kubelet is running: their Leases are renewed at every step.</summary>
    public HashSet<string> Alive { get; } = new(StringComparer.Ordinal);

    public DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Waits for the first health pass (it runs as soon as the caches are filled).</summary>
    public Task StartedAsync() => Eventually.HoldsAsync(() => Task.FromResult(controller.HealthPasses > 0), "the first health pass");

    /// <summary>Renews the live nodes' Leases, advances the clock and waits until the health pass it triggered is over.</summary>
    public async Task StepAsync(TimeSpan step)
    {
        foreach (var node in Alive)
        {
            await Nodes.RenewAsync(client, node, Now);
        }

        var before = controller.HealthPasses;
        clock.Advance(step);
        await Eventually.HoldsAsync(() => Task.FromResult(controller.HealthPasses > before), $"a health pass at {Now:HH:mm:ss}");
    }

    /// <summary>Steps until the condition holds, failing after <paramref name="maxSteps"/> steps.</summary>
    public async Task StepUntilAsync(Func<Task<bool>> condition, string description, TimeSpan step, int maxSteps = 200)
    {
        for (var i = 0; i < maxSteps; i++)
        {
            if (await condition())
            {
                return;
            }

            await StepAsync(step);
        }

        Assert.True(await condition(), $"{description} did not happen within {maxSteps} steps of {step} (clock at {Now:HH:mm:ss})");
    }
}
