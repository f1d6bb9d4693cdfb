using k8s;
using k8s.Models;
using Skiff.E2E.Tests.Infrastructure;
using Skiff.Testing;

namespace Skiff.E2E.Tests;

/// <summary>Objects survive a clean restart and a kill -9 in the middle of a burst of writes.</summary>
public sealed class DurabilityTests
{
    [Fact]
    public async Task Objects_and_resource_versions_survive_a_restart()
    {
        // Without controllers: the deployment controller would otherwise write the deployment's status after the
        // restart, and the resourceVersion compared here is the one stored, not one a controller moved on.
        await using var server = await SkiffServer.StartAsync("sqlite", null, "--no-controllers");
        using var kubectl = new Kubectl(server);
        var ns = await KubectlApplyTests.NewNamespaceAsync(kubectl, "restart");
        await kubectl.OkAsync("apply", "-n", ns, "-f", Path.Combine(RepositoryPaths.Examples, "my-app-deployment.yaml"));
        var before = long.Parse(await kubectl.OkAsync("get", "deployment", "my-app-deployment", "-n", ns, "-o", "jsonpath={.metadata.resourceVersion}"));

        Assert.Equal(0, await server.StopAsync());
        await server.RestartAsync();

        var after = await kubectl.OkAsync("get", "deployment", "my-app-deployment", "-n", ns, "-o", "jsonpath={.metadata.resourceVersion}");
        Assert.Equal(before.ToString(), after);
        await kubectl.OkAsync("label", "deployment", "my-app-deployment", "-n", ns, "restarted=true");
        var next = long.Parse(await kubectl.OkAsync("get", "deployment", "my-app-deployment", "-n", ns, "-o", "jsonpath={.metadata.resourceVersion}"));
        Assert.True(next > before, $"resourceVersion went from {before} to {next}");
    }

    [Fact]
    public async Task Every_acknowledged_create_survives_kill_9_during_a_burst()
    {
        await using var server = await SkiffServer.StartAsync();
        var acknowledged = new System.Collections.Concurrent.ConcurrentBag<string>();
        using (var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(server.Kubeconfig)))
        {
            using var stop = new CancellationTokenSource();
            var writers = Enumerable.Range(0, 16).Select(worker => Task.Run(async () =>
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    var name = $"burst-{worker}-{i}";
                    try
                    {
                        await client.CoreV1.CreateNamespacedConfigMapAsync(
                            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name }, Data = new Dictionary<string, string> { ["i"] = $"{i}" } },
                            "default");
                        acknowledged.Add(name);
                    }
                    catch (Exception) when (stop.IsCancellationRequested || acknowledged.Count >= 200)
                    {
                        return;
                    }
                    catch (HttpRequestException)
                    {
                        return; // The server was killed under this request: it was never acknowledged.
                    }
                }
            })).ToArray();

            await Eventually.ReturnsAsync(() => Task.FromResult(acknowledged.Count), count => count >= 200, TimeSpan.FromSeconds(60), "200 acknowledged creates");
            await server.KillAsync();
            await stop.CancelAsync();
            await Task.WhenAll(writers);
        }

        await server.RestartAsync();
        using var restarted = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(server.Kubeconfig));
        var stored = (await restarted.CoreV1.ListNamespacedConfigMapAsync("default")).Items.Select(c => c.Metadata.Name).ToHashSet();
        var lost = acknowledged.Where(name => !stored.Contains(name)).ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} acknowledged objects were lost, e.g. {string.Join(", ", lost.Take(5))}");
    }
}
