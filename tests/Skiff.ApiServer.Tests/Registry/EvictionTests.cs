using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using k8s.Models;
using Skiff.ApiServer.Tests.Infrastructure;
using Skiff.Client;
using Skiff.Testing;

namespace Skiff.ApiServer.Tests.Registry;

/// <summary>pods/eviction over HTTPS and through the in-process client: a deletion with the eviction's options, answered 201.</summary>
public sealed class EvictionTests
{
    [Fact]
    public async Task Discovery_lists_pods_eviction_as_a_policy_v1_Eviction()
    {
        await using var server = await InProcessServer.StartAsync();

        var resources = JsonNode.Parse(await server.Http.GetStringAsync("/api/v1"))!["resources"]!.AsArray();

        var eviction = Assert.Single(resources, r => r!["name"]!.GetValue<string>() == "pods/eviction")!;
        Assert.Equal("""{"name":"pods/eviction","singularName":"","namespaced":true,"group":"policy","version":"v1","kind":"Eviction","verbs":["create"]}""",
            eviction.ToJsonString());
    }

    [Fact]
    public async Task Evicting_a_pod_that_is_not_on_a_node_deletes_it_and_answers_201_Success()
    {
        await using var server = await InProcessServer.StartAsync();
        await server.CreateNamespaceAsync("ev");
        await server.CreateAsync("/api/v1/namespaces/ev/pods", Pod("pending", nodeName: null));

        var (status, body) = await EvictAsync(server, "ev", "pending", """{"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"pending","namespace":"ev"}}""");

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("""{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Success","code":201}""", body);
        Assert.Equal(HttpStatusCode.NotFound, (await server.Http.GetAsync("/api/v1/namespaces/ev/pods/pending")).StatusCode);
    }

    [Fact]
    public async Task A_pod_on_a_node_is_marked_as_a_disruption_target_and_deleted_gracefully_unless_the_eviction_says_otherwise()
    {
        await using var server = await InProcessServer.StartAsync();
        await server.CreateNamespaceAsync("ev");
        await server.CreateAsync("/api/v1/namespaces/ev/pods", Pod("graceful", "node-a"));
        await server.CreateAsync("/api/v1/namespaces/ev/pods", Pod("at-once", "node-a"));

        var (graceful, _) = await EvictAsync(server, "ev", "graceful", """{"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"graceful"}}""");
        var (atOnce, _) = await EvictAsync(server, "ev", "at-once",
            """{"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"at-once"},"deleteOptions":{"gracePeriodSeconds":0}}""");

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (graceful, atOnce));
        var pod = JsonNode.Parse(await server.Http.GetStringAsync("/api/v1/namespaces/ev/pods/graceful"))!;
        Assert.Equal("2025-06-01T12:00:30Z", pod["metadata"]!["deletionTimestamp"]!.GetValue<string>());
        var condition = pod["status"]!["conditions"]!.AsArray().Single(c => c!["type"]!.GetValue<string>() == "DisruptionTarget")!;
        Assert.Equal("""{"lastTransitionTime":"2025-06-01T12:00:00Z","message":"Eviction API: evicting","reason":"EvictionByEvictionAPI","status":"True","type":"DisruptionTarget"}""",
            condition.ToJsonString());
        Assert.Equal(HttpStatusCode.NotFound, (await server.Http.GetAsync("/api/v1/namespaces/ev/pods/at-once")).StatusCode);
    }

    [Fact]
    public async Task Upstreams_errors_for_a_wrong_name_a_missing_pod_and_a_stale_precondition()
    {
        await using var server = await InProcessServer.StartAsync();
        await server.CreateNamespaceAsync("ev");
        await server.CreateAsync("/api/v1/namespaces/ev/pods", Pod("kept", "node-a"));

        var (wrongName, wrongNameBody) = await EvictAsync(server, "ev", "kept", """{"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"other"}}""");
        var (missing, missingBody) = await EvictAsync(server, "ev", "ghost", """{"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"ghost"}}""");
        var (stale, staleBody) = await EvictAsync(server, "ev", "kept",
            """{"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"kept"},"deleteOptions":{"preconditions":{"uid":"not-the-uid"}}}""");

        Assert.Equal(HttpStatusCode.BadRequest, wrongName);
        Assert.Equal("name in URL does not match name in Eviction object", JsonNode.Parse(wrongNameBody)!["message"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, missing);
        Assert.Equal("pods \"ghost\" not found", JsonNode.Parse(missingBody)!["message"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Conflict, stale);
        Assert.Contains("Precondition failed: UID in precondition: not-the-uid", JsonNode.Parse(staleBody)!["message"]!.GetValue<string>());
        var pod = JsonNode.Parse(await server.Http.GetStringAsync("/api/v1/namespaces/ev/pods/kept"))!;
        Assert.Null(pod["metadata"]!["deletionTimestamp"]);
    }

    [Fact]
    public async Task A_dry_run_eviction_changes_nothing()
    {
        await using var server = await InProcessServer.StartAsync();
        await server.CreateNamespaceAsync("ev");
        var created = await server.CreateAsync("/api/v1/namespaces/ev/pods", Pod("kept", "node-a"));

        var (status, _) = await EvictAsync(server, "ev", "kept",
            """{"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"kept"},"deleteOptions":{"dryRun":["All"]}}""");

        Assert.Equal(HttpStatusCode.Created, status);
        var pod = JsonNode.Parse(await server.Http.GetStringAsync("/api/v1/namespaces/ev/pods/kept"))!;
        Assert.Equal(created, WatchStream.ResourceVersionOf(pod));
    }

    [Fact]
    public async Task Controllers_evict_through_the_in_process_client()
    {
        await using var cluster = await TestCluster.StartAsync();
        await cluster.Client.CreateAsync(new V1Namespace { ApiVersion = "v1", Kind = "Namespace", Metadata = new V1ObjectMeta { Name = "ev" } });
        await cluster.Client.CreateAsync(new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta { Name = "p", NamespaceProperty = "ev" },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "nginx" }] },
        });

        await cluster.Client.CreateSubresourceAsync<V1Pod>("ev", "p", "eviction",
            new V1Eviction { Metadata = new V1ObjectMeta { Name = "p", NamespaceProperty = "ev" } });

        var gone = await Assert.ThrowsAsync<KubeApiException>(() => cluster.Client.GetAsync<V1Pod>("ev", "p"));
        Assert.True(gone.IsNotFound);
    }

    private static string Pod(string name, string? nodeName)
    {
        var node = nodeName is null ? "" : $"\"nodeName\":\"{nodeName}\",";
        return $$$"""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{name}}}"},"spec":{{{{node}}}"containers":[{"name":"c","image":"nginx"}]}}""";
    }

    private static async Task<(HttpStatusCode Status, string Body)> EvictAsync(InProcessServer server, string ns, string name, string eviction)
    {
        using var content = new StringContent(eviction, Encoding.UTF8, "application/json");
        using var response = await server.Http.PostAsync($"/api/v1/namespaces/{ns}/pods/{name}/eviction", content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
