using Skiff.E2E.Tests.Infrastructure;
using Skiff.Testing;

namespace Skiff.E2E.Tests;

/// <summary>The controllers as a separate process (`skiff controller-manager`) against `skiff up --no-controllers`.</summary>
public sealed class ControllerManagerTests
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_separate_controller_manager_keeps_a_replication_controllers_pods()
    {
        await using var server = await SkiffServer.StartAsync("memory", null, "--no-controllers");
        using var kubectl = new Kubectl(server);
        await kubectl.OkAsync("apply", "-f", Path.Combine(RepositoryPaths.Examples, "nginx-rc.yaml"));

        // Without controllers nothing makes pods.
        Assert.Equal("", (await kubectl.OkAsync("get", "pods", "-o", "name")).Trim());

        await using var manager = await SkiffComponentProcess.StartAsync(server, "controller-manager", "controller manager is running");
        var pods = await WaitForPodsAsync(kubectl, 3);
        await kubectl.OkAsync("delete", "pod", pods[0]);
        var replaced = await WaitForPodsAsync(kubectl, 3);
        Assert.DoesNotContain(pods[0], replaced);

        await kubectl.OkAsync("scale", "rc", "nginx-rc", "--replicas=1");
        await WaitForPodsAsync(kubectl, 1);
        var described = await Eventually.ReturnsAsync(() => kubectl.OkAsync("describe", "rc", "nginx-rc"),
            output => output.Contains("SuccessfulDelete", StringComparison.Ordinal), Settle, "the controller manager's events");
        Assert.Contains("replication-controller", described);
    }

    private static async Task<string[]> WaitForPodsAsync(Kubectl kubectl, int count)
    {
        var output = await Eventually.ReturnsAsync(() => kubectl.OkAsync("get", "pods", "-l", "app=nginx", "-o", "name"),
            text => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length == count, Settle, $"{count} nginx pods");
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(n => n.Replace("pod/", "", StringComparison.Ordinal))];
    }
}
