using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Skiff.E2E.Tests.Infrastructure;

namespace Skiff.E2E.Tests.ClientConformance;

/// <summary>
/// Every verb of every served resource through the KubernetesClient library's typed calls, against the API server
/// alone: create, get, list (namespace and all namespaces), watch, update, merge/strategic/JSON patch, delete,
/// deletecollection, and the status, scale, binding, eviction and finalize subresources.
/// </summary>
public sealed class ClientConformanceTests(ApiOnlyServerFixture fixture) : IClassFixture<ApiOnlyServerFixture>
{
    private static readonly Dictionary<string, ConformanceCase> Cases = CoreCases.All().Concat(GroupCases.All()).ToDictionary(c => c.Key);

    public static TheoryData<string> Resources => [.. Cases.Keys];

    public static TheoryData<string> StatusResources => [.. Cases.Values.Where(c => c.HasStatus).Select(c => c.Key)];

    public static TheoryData<string> ScaleResources => [.. Cases.Values.Where(c => c.HasScale).Select(c => c.Key)];

    private Kubernetes NewClient() => new(KubernetesClientConfiguration.BuildConfigFromConfigFile(fixture.Server.Kubeconfig));

    private static async Task<string> NewNamespaceAsync(Kubernetes client, string key)
    {
        var name = $"cc-{new string([.. key.Split('/')[^1].Take(12)])}-{Guid.NewGuid().ToString("N")[..6]}";
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });
        return name;
    }

    [Theory]
    [MemberData(nameof(Resources))]
    public async Task Every_verb_works_through_the_typed_client(string resource)
    {
        using var client = NewClient();
        await Cases[resource].RunVerbsAsync(client, await NewNamespaceAsync(client, resource));
    }

    [Theory]
    [MemberData(nameof(StatusResources))]
    public async Task The_status_subresource_reads_replaces_and_patches_only_the_status(string resource)
    {
        using var client = NewClient();
        await Cases[resource].RunStatusAsync(client, await NewNamespaceAsync(client, resource));
    }

    [Theory]
    [MemberData(nameof(ScaleResources))]
    public async Task The_scale_subresource_reads_replaces_and_patches_the_replicas(string resource)
    {
        using var client = NewClient();
        await Cases[resource].RunScaleAsync(client, await NewNamespaceAsync(client, resource));
    }

    [Fact]
    public async Task Pods_are_bound_and_evicted_through_their_subresources()
    {
        using var client = NewClient();
        var ns = await NewNamespaceAsync(client, "pods");
        foreach (var name in new[] { "bound", "evicted" })
        {
            await client.CoreV1.CreateNamespacedPodAsync(new V1Pod { Metadata = CoreCases.Meta(name), Spec = CoreCases.PodSpec() }, ns);
        }

        await client.CoreV1.CreateNamespacedPodBindingAsync(new V1Binding
        {
            Metadata = CoreCases.Meta("bound"),
            Target = new V1ObjectReference { Kind = "Node", Name = "node-a" },
        }, "bound", ns);
        Assert.Equal("node-a", (await client.CoreV1.ReadNamespacedPodAsync("bound", ns)).Spec.NodeName);

        // An unbound pod has no kubelet to wait for: the eviction deletes it at once.
        await client.CoreV1.CreateNamespacedPodEvictionAsync(new V1Eviction { Metadata = CoreCases.Meta("evicted") }, "evicted", ns);
        var gone = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ReadNamespacedPodAsync("evicted", ns));
        Assert.Equal(HttpStatusCode.NotFound, gone.Response.StatusCode);
    }

    [Fact]
    public async Task The_table_covers_every_resource_discovery_serves()
    {
        using var client = NewClient();
        var served = new List<string>();
        served.AddRange(Names("v1", await client.CoreV1.GetAPIResourcesAsync()));
        served.AddRange(Names("apps/v1", await client.AppsV1.GetAPIResourcesAsync()));
        served.AddRange(Names("autoscaling/v1", await client.AutoscalingV1.GetAPIResourcesAsync()));
        served.AddRange(Names("autoscaling/v2", await client.AutoscalingV2.GetAPIResourcesAsync()));
        served.AddRange(Names("coordination.k8s.io/v1", await client.CoordinationV1.GetAPIResourcesAsync()));
        served.AddRange(Names("discovery.k8s.io/v1", await client.DiscoveryV1.GetAPIResourcesAsync()));
        Assert.Equal(served.Order(), Cases.Keys.Order());

        var groups = await client.Apis.GetAPIVersionsAsync();
        Assert.Equal(["apps", "autoscaling", "coordination.k8s.io", "discovery.k8s.io"], groups.Groups.Select(g => g.Name).Order());
    }

    private static IEnumerable<string> Names(string groupVersion, V1APIResourceList list) =>
        list.Resources.Where(r => !r.Name.Contains('/')).Select(r => $"{groupVersion}/{r.Name}");
}
