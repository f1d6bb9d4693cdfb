using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using Skiff.ApiServer.Observability;
using Skiff.ApiServer.Tests.Infrastructure;
using Skiff.Testing;

namespace Skiff.ApiServer.Tests.Observability;

public class AuditLogTests
{
    private static async Task<HttpStatusCode> SendAsync(InProcessServer server, HttpMethod method, string path, string? json = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, contentType);
        }

        using var response = await server.Http.SendAsync(request);
        return response.StatusCode;
    }

    private static List<RecordingLoggerFactory.LogEntry> AuditLines(RecordingLoggerFactory logs) =>
        [.. logs.Entries.Where(e => e.Category == RequestRecorder.AuditCategory)];

    [Fact]
    public async Task Every_write_logs_user_verb_resource_object_code_and_latency_at_debug()
    {
        var logs = new RecordingLoggerFactory(LogLevel.Debug);
        await using var server = await InProcessServer.StartAsync(logs);
        await server.CreateNamespaceAsync("audit");
        Assert.Equal(HttpStatusCode.Created, await SendAsync(server, HttpMethod.Post, "/api/v1/namespaces/audit/configmaps",
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"generateName":"gen-"}}"""));
        await server.CreateConfigMapAsync("audit", "c");
        Assert.Equal(HttpStatusCode.OK, await SendAsync(server, HttpMethod.Get, "/api/v1/namespaces/audit/configmaps/c"));
        Assert.Equal(HttpStatusCode.OK, await SendAsync(server, HttpMethod.Patch, "/api/v1/namespaces/audit/configmaps/c", """{"data":{"k":"v"}}""", "application/merge-patch+json"));
        Assert.Equal(HttpStatusCode.OK, await SendAsync(server, HttpMethod.Delete, "/api/v1/namespaces/audit/configmaps/c"));
        Assert.Equal(HttpStatusCode.NotFound, await SendAsync(server, HttpMethod.Delete, "/api/v1/namespaces/audit/configmaps/c"));
        Assert.Equal(HttpStatusCode.OK, await SendAsync(server, HttpMethod.Delete, "/api/v1/namespaces/audit/configmaps"));

        var lines = AuditLines(logs);
        Assert.All(lines, l => Assert.Equal(LogLevel.Debug, l.Level));
        Assert.All(lines, l => Assert.Equal("skiff-admin", l.Values["User"]));
        var summary = lines.Select(l => $"{l.Values["Verb"]} {l.Values["Resource"]} {l.Values["ObjectNamespace"]}/{l.Values["Name"]} {l.Values["Code"]}").ToList();
        var generated = Assert.Single(lines, l => l.Values["Name"] is string n && n.StartsWith("gen-", StringComparison.Ordinal));
        Assert.Equal(
        [
            "create namespaces /audit 201",
            $"create configmaps audit/{generated.Values["Name"]} 201",
            "create configmaps audit/c 201",
            "patch configmaps audit/c 200",
            "delete configmaps audit/c 200",
            "delete configmaps audit/c 404",
            "deletecollection configmaps audit/ 200",
        ], summary);

        var patch = lines[3];
        Assert.Equal("", patch.Values["Group"]);
        Assert.Equal("", patch.Values["Subresource"]);
        Assert.IsType<double>(patch.Values["LatencyMilliseconds"]);
        Assert.Equal("audit user=skiff-admin verb=patch group= resource=configmaps subresource= namespace=audit name=c code=200 latency=0.000ms", patch.Message);
    }

    [Fact]
    public async Task Subresource_writes_are_audited_with_their_subresource()
    {
        var logs = new RecordingLoggerFactory(LogLevel.Debug);
        await using var server = await InProcessServer.StartAsync(logs);
        await server.CreateNamespaceAsync("sub");
        Assert.Equal(HttpStatusCode.Created, await SendAsync(server, HttpMethod.Post, "/apis/apps/v1/namespaces/sub/deployments",
            """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},"spec":{"selector":{"matchLabels":{"a":"b"}},"template":{"metadata":{"labels":{"a":"b"}},"spec":{"containers":[{"name":"c","image":"nginx"}]}}}}"""));
        Assert.Equal(HttpStatusCode.OK, await SendAsync(server, HttpMethod.Patch, "/apis/apps/v1/namespaces/sub/deployments/d/scale",
            """{"spec":{"replicas":3}}""", "application/merge-patch+json"));

        var scale = AuditLines(logs).Last();
        Assert.Equal(("patch", "apps", "deployments", "scale", "d", 200),
            (scale.Values["Verb"], scale.Values["Group"], scale.Values["Resource"], scale.Values["Subresource"], scale.Values["Name"], scale.Values["Code"]));
    }

    [Fact]
    public async Task Nothing_is_audited_when_debug_is_off()
    {
        var logs = new RecordingLoggerFactory(LogLevel.Information);
        await using var server = await InProcessServer.StartAsync(logs);
        await server.CreateNamespaceAsync("quiet");
        await server.CreateConfigMapAsync("quiet", "c");

        Assert.Empty(AuditLines(logs));
    }
}
