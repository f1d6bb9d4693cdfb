using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Skiff.E2E.Tests.Infrastructure;

namespace Skiff.E2E.Tests;

/// <summary>The same flows through the official C# client (KubernetesClient), its watch included.</summary>
public sealed class ClientLibraryTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private Kubernetes NewClient() => new(KubernetesClientConfiguration.BuildConfigFromConfigFile(fixture.Server.Kubeconfig));

    [Fact]
    public async Task Create_get_list_update_patch_delete_a_deployment()
    {
        using var client = NewClient();
        var ns = await CreateNamespaceAsync(client, "client");
        var created = await client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web", 2), ns);
        Assert.Equal(1, created.Metadata.Generation);
        Assert.Equal(600, created.Spec.ProgressDeadlineSeconds);

        var fetched = await client.AppsV1.ReadNamespacedDeploymentAsync("web", ns);
        Assert.Equal(created.Metadata.Uid, fetched.Metadata.Uid);

        var list = await client.AppsV1.ListNamespacedDeploymentAsync(ns, labelSelector: "app=web");
        Assert.Single(list.Items);
        Assert.Empty((await client.AppsV1.ListNamespacedDeploymentAsync(ns, labelSelector: "app=other")).Items);

        var updated = await ReplaceRetryingConflictsAsync(client, ns, "web", d => d.Spec.Replicas = 4);
        Assert.Equal(2, updated.Metadata.Generation);

        // The old resourceVersion is now stale.
        var conflict = await Assert.ThrowsAsync<HttpOperationException>(() => client.AppsV1.ReplaceNamespacedDeploymentAsync(fetched, "web", ns));
        Assert.Equal(HttpStatusCode.Conflict, conflict.Response.StatusCode);

        var patched = await client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("{\"metadata\":{\"labels\":{\"patched\":\"yes\"}}}", V1Patch.PatchType.MergePatch), "web", ns);
        Assert.Equal("yes", patched.Metadata.Labels["patched"]);
        Assert.Equal(2, patched.Metadata.Generation);

        await client.AppsV1.DeleteNamespacedDeploymentAsync("web", ns);
        var missing = await Assert.ThrowsAsync<HttpOperationException>(() => client.AppsV1.ReadNamespacedDeploymentAsync("web", ns));
        Assert.Equal(HttpStatusCode.NotFound, missing.Response.StatusCode);
    }

    /// <summary>
    /// Read, change, replace, and start over on 409 as client-go's RetryOnConflict: the Deployment controller writes
    /// the object's status between any read and replace of this test.
    /// </summary>
    private static async Task<V1Deployment> ReplaceRetryingConflictsAsync(Kubernetes client, string ns, string name, Action<V1Deployment> change)
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = await client.AppsV1.ReadNamespacedDeploymentAsync(name, ns);
            change(current);
            try
            {
                return await client.AppsV1.ReplaceNamespacedDeploymentAsync(current, name, ns);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict && attempt < 5)
            {
                // Written meanwhile: read again.
            }
        }
    }

    [Fact]
    public async Task Concurrent_patches_without_a_resource_version_all_apply()
    {
        using var client = NewClient();
        var ns = await CreateNamespaceAsync(client, "patches");
        await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "shared" } }, ns);

        // Each patch races the others; the server re-applies a patch to the fresh object instead of answering 409.
        await Task.WhenAll(Enumerable.Range(0, 16).Select(i => client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("{\"metadata\":{\"labels\":{\"writer-" + i + "\":\"yes\"}}}", V1Patch.PatchType.MergePatch), "shared", ns)));

        var result = await client.CoreV1.ReadNamespacedConfigMapAsync("shared", ns);
        Assert.Equal(16, result.Metadata.Labels.Count);
    }

    [Fact]
    public async Task A_binding_assigns_a_pod_to_a_node_once()
    {
        using var client = NewClient();
        var ns = await CreateNamespaceAsync(client, "binding");
        var pod = await client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "p" },
            // Another scheduler's pod: the default scheduler leaves it to this test.
            Spec = new V1PodSpec { SchedulerName = "bound-by-hand", Containers = [new V1Container { Name = "c", Image = "nginx:1.17" }] },
        }, ns);

        await client.CoreV1.CreateNamespacedPodBindingAsync(new V1Binding
        {
            Metadata = new V1ObjectMeta { Name = "p", Uid = pod.Metadata.Uid },
            Target = new V1ObjectReference { Kind = "Node", Name = "skiff-node-1" },
        }, "p", ns);

        var bound = await client.CoreV1.ReadNamespacedPodAsync("p", ns);
        Assert.Equal("skiff-node-1", bound.Spec.NodeName);
        Assert.Contains(bound.Status.Conditions, c => c is { Type: "PodScheduled", Status: "True" });
        var again = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.CreateNamespacedPodBindingAsync(new V1Binding
        {
            Metadata = new V1ObjectMeta { Name = "p" },
            Target = new V1ObjectReference { Kind = "Node", Name = "node-2" },
        }, "p", ns));
        Assert.Equal(HttpStatusCode.Conflict, again.Response.StatusCode);
        Assert.Equal("Operation cannot be fulfilled on pods \"p\": pod p is already assigned to node \"skiff-node-1\"",
            KubernetesJson.Deserialize<V1Status>(again.Response.Content).Message);
    }

    [Fact]
    public async Task Watch_delivers_added_modified_and_deleted_in_order()
    {
        using var client = NewClient();
        var ns = await CreateNamespaceAsync(client, "clientwatch");
        var list = await client.CoreV1.ListNamespacedConfigMapAsync(ns);
        var events = System.Threading.Channels.Channel.CreateUnbounded<(WatchEventType Type, V1ConfigMap Object)>();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var watching = Task.Run(async () =>
        {
            await foreach (var (type, item) in client.CoreV1.WatchListNamespacedConfigMapAsync(ns, resourceVersion: list.Metadata.ResourceVersion, cancellationToken: cancel.Token))
            {
                await events.Writer.WriteAsync((type, item));
            }
        }, cancel.Token);

        await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c1" }, Data = new Dictionary<string, string> { ["k"] = "1" } }, ns);
        await client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("{\"data\":{\"k\":\"2\"}}", V1Patch.PatchType.MergePatch), "c1", ns);
        await client.CoreV1.DeleteNamespacedConfigMapAsync("c1", ns);

        var seen = new List<(WatchEventType, string)>();
        while (seen.Count < 3)
        {
            var (type, item) = await events.Reader.ReadAsync(cancel.Token);
            seen.Add((type, item.Data["k"]));
        }

        Assert.Equal([(WatchEventType.Added, "1"), (WatchEventType.Modified, "2"), (WatchEventType.Deleted, "2")], seen);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => watching);
    }

    private static async Task<string> CreateNamespaceAsync(Kubernetes client, string prefix)
    {
        var name = $"{prefix}-{Guid.NewGuid().ToString("N")[..6]}";
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });
        return name;
    }

    private static V1Deployment Deployment(string name, int replicas) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["app"] = name } },
        Spec = new V1DeploymentSpec
        {
            Replicas = replicas,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name } },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = "web", Image = "nginx:1.17" }] },
            },
        },
    };
}
