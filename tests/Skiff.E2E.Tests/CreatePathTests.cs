using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Skiff.E2E.Tests.Infrastructure;

namespace Skiff.E2E.Tests;

/// <summary>
/// What a create answers, through raw HTTP where the body must be exactly as written: the answer is the stored object,
/// bodies are checked as upstream checks them, and a namespace that starts terminating refuses new content at once.
/// </summary>
public sealed class CreatePathTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private Kubernetes NewClient() => new(KubernetesClientConfiguration.BuildConfigFromConfigFile(fixture.Server.Kubeconfig));

    [Fact]
    public async Task Create_answers_the_same_bytes_a_get_then_returns_with_quantities_in_canonical_form()
    {
        using var client = NewClient();
        var ns = await CreateNamespaceAsync(client, "answer");
        // Quantities as a person writes them, not as the server stores them; no apiVersion/kind (taken from the path).
        // No scheduler serves "bound-by-hand", so nothing writes the pod between the create and the GET.
        var body = """
            {"metadata":{"name":"p","labels":{"app":"web"}},
             "spec":{"schedulerName":"bound-by-hand","containers":[{"name":"c","image":"nginx:1.17",
               "resources":{"requests":{"cpu":"0.5","memory":"1024Mi"},"limits":{"cpu":0.75,"memory":"1.5Gi"}}}]}}
            """;

        var (createStatus, created) = await SendAsync(client, HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods", body);
        var (getStatus, fetched) = await SendAsync(client, HttpMethod.Get, $"/api/v1/namespaces/{ns}/pods/p", null);

        Assert.Equal(HttpStatusCode.Created, createStatus);
        Assert.Equal(HttpStatusCode.OK, getStatus);
        Assert.Equal(fetched, created);
        var pod = JsonNode.Parse(created)!;
        var resources = pod["spec"]!["containers"]![0]!["resources"]!;
        Assert.Equal("500m", (string?)resources["requests"]!["cpu"]);
        Assert.Equal("1Gi", (string?)resources["requests"]!["memory"]);
        Assert.Equal("750m", (string?)resources["limits"]!["cpu"]);
        Assert.Equal("1536Mi", (string?)resources["limits"]!["memory"]);
        Assert.Equal("Burstable", (string?)pod["status"]!["qosClass"]);
        Assert.Equal("Pod", (string?)pod["kind"]);
        Assert.False(string.IsNullOrEmpty((string?)pod["metadata"]!["resourceVersion"]));
    }

    [Fact]
    public async Task List_holds_each_object_as_its_get_answers_it_with_the_list_revision()
    {
        using var client = NewClient();
        var ns = await CreateNamespaceAsync(client, "list");
        foreach (var name in new[] { "a", "b", "c" })
        {
            await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name }, Data = new Dictionary<string, string> { ["k"] = name } }, ns);
        }

        var (status, listBody) = await SendAsync(client, HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps", null);

        Assert.Equal(HttpStatusCode.OK, status);
        var list = JsonNode.Parse(listBody)!;
        Assert.Equal("ConfigMapList", (string?)list["kind"]);
        Assert.Equal("v1", (string?)list["apiVersion"]);
        var items = list["items"]!.AsArray();
        Assert.Equal(["a", "b", "c"], items.Select(i => (string?)i!["metadata"]!["name"]));
        foreach (var item in items)
        {
            var (_, single) = await SendAsync(client, HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps/{item!["metadata"]!["name"]}", null);
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(single), item), $"list item {item.ToJsonString()} differs from its get {single}");
        }

        var listRevision = long.Parse((string)list["metadata"]!["resourceVersion"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.All(items, i => Assert.InRange(long.Parse((string)i!["metadata"]!["resourceVersion"]!, System.Globalization.CultureInfo.InvariantCulture), 1, listRevision));
    }

    [Theory]
    [InlineData("""{"apiVersion":"v1","kind":"Service","metadata":{"name":"x"}}""", "Service in version \"v1\" cannot be handled as a Pod: the object provided is unrecognized")]
    [InlineData("""{"apiVersion":"apps/v1","kind":"Pod","metadata":{"name":"x"}}""", "the API version in the data (apps/v1) does not match the expected API version (v1)")]
    [InlineData("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":5}}""", "Pod in version \"v1\" cannot be handled as a Pod: ")]
    [InlineData("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"x"}""", "error decoding request body: ")]
    [InlineData("""{"apiVersion":"v1","kind":"Pod"} {}""", "error decoding request body: ")]
    [InlineData("""["not","an","object"]""", "Object 'Kind' is missing in '[\"not\",\"an\",\"object\"]'")]
    public async Task Create_rejects_a_body_of_another_kind_or_version_or_not_json_as_before(string body, string messageStart)
    {
        using var client = NewClient();
        var ns = await CreateNamespaceAsync(client, "reject");

        var (status, answer) = await SendAsync(client, HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods", body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var statusObject = JsonNode.Parse(answer)!;
        Assert.Equal("Status", (string?)statusObject["kind"]);
        Assert.StartsWith(messageStart, (string?)statusObject["message"]);
        Assert.Empty((await client.CoreV1.ListNamespacedPodAsync(ns)).Items);
    }

    [Fact]
    public async Task Create_in_a_namespace_that_started_terminating_after_earlier_creates_is_forbidden()
    {
        using var client = NewClient();
        var name = $"ending-{Guid.NewGuid().ToString("N")[..6]}";
        // The finalizer keeps the namespace in Terminating: no namespace controller runs beside this server.
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name }, Spec = new V1NamespaceSpec { Finalizers = ["kubernetes"] } });
        await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "before" } }, name);

        await client.CoreV1.DeleteNamespaceAsync(name);
        var refused = await Assert.ThrowsAsync<HttpOperationException>(() =>
            client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "after" } }, name));

        Assert.Equal(HttpStatusCode.Forbidden, refused.Response.StatusCode);
        Assert.Contains($"unable to create new content in namespace {name} because it is being terminated", refused.Response.Content);
        Assert.Equal(["before"], (await client.CoreV1.ListNamespacedConfigMapAsync(name)).Items.Select(c => c.Metadata.Name));
    }

    private async Task<(HttpStatusCode Status, string Body)> SendAsync(Kubernetes client, HttpMethod method, string path, string? json)
    {
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(fixture.Server.Kubeconfig);
        using var request = new HttpRequestMessage(method, new Uri(client.BaseUri, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", config.AccessToken);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await client.HttpClient.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<string> CreateNamespaceAsync(Kubernetes client, string prefix)
    {
        var name = $"{prefix}-{Guid.NewGuid().ToString("N")[..6]}";
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });
        return name;
    }
}
