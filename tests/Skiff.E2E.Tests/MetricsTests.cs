using Skiff.E2E.Tests.Infrastructure;
using Skiff.Testing;

namespace Skiff.E2E.Tests;

/// <summary>
/// `kubectl get --raw /metrics` shows kube-apiserver's request and storage metrics for what was just done, and
/// `skiff up --audit-log` prints one line per write.
/// </summary>
public sealed class MetricsTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Kubectl_sees_its_own_requests_in_the_metrics()
    {
        using var kubectl = new Kubectl(fixture.Server);
        var before = await kubectl.OkAsync("get", "--raw", "/metrics");
        var ns = await KubectlApplyTests.NewNamespaceAsync(kubectl, "metrics");
        await kubectl.OkAsync("create", "configmap", "one", "-n", ns, "--from-literal=k=v");
        await kubectl.OkAsync("create", "configmap", "two", "-n", ns, "--from-literal=k=v");
        await kubectl.OkAsync("get", "configmap", "one", "-n", ns);
        await kubectl.OkAsync("get", "configmaps", "-n", ns);
        await kubectl.OkAsync("delete", "configmap", "two", "-n", ns, "--wait=false");
        Assert.NotEqual(0, (await kubectl.RunAsync("get", "configmap", "two", "-n", ns)).ExitCode);

        var after = await kubectl.OkAsync("get", "--raw", "/metrics");

        double Delta(params (string, string)[] labels) =>
            (PrometheusText.Value(after, "apiserver_request_total", labels) ?? 0) - (PrometheusText.Value(before, "apiserver_request_total", labels) ?? 0);
        (string, string)[] Core(string verb, string scope, string code) =>
            [("verb", verb), ("dry_run", ""), ("group", ""), ("version", "v1"), ("resource", "configmaps"), ("subresource", ""),
             ("scope", scope), ("component", "apiserver"), ("code", code)];
        Assert.Equal(2, Delta(Core("POST", "resource", "201")));
        Assert.Equal(1, Delta(Core("GET", "resource", "200")));
        Assert.Equal(1, Delta(Core("GET", "resource", "404")));
        Assert.Equal(1, Delta(Core("LIST", "namespace", "200")));
        Assert.Equal(1, Delta(Core("DELETE", "resource", "200")));

        Assert.True(PrometheusText.Value(after, "apiserver_storage_objects", ("resource", "configmaps")) >= 1);
        Assert.True(PrometheusText.Value(after, "apiserver_storage_objects", ("resource", "namespaces")) >= 5);
        Assert.True(PrometheusText.Value(after, "etcd_request_duration_seconds_count", ("operation", "create"), ("type", "configmaps")) >= 2);
        Assert.Contains("# TYPE apiserver_request_duration_seconds histogram", after);
        Assert.NotNull(PrometheusText.Value(after, "process_cpu_seconds_total"));
    }

    [Fact]
    public async Task Metrics_need_the_clusters_token()
    {
        using var kubectl = new Kubectl(fixture.Server);
        var result = await kubectl.RunAsync("get", "--raw", "/metrics", "--token", "not-the-token");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Unauthorized", result.StdErr);
    }

    [Fact]
    public async Task The_audit_log_prints_a_line_for_each_write_and_none_for_reads()
    {
        await using var server = await SkiffServer.StartAsync("memory", null, "--audit-log", "--nodes", "0", "--no-scheduler", "--no-controllers");
        using var kubectl = new Kubectl(server);
        await kubectl.OkAsync("create", "configmap", "audited", "--from-literal=k=v");
        await kubectl.OkAsync("get", "configmap", "audited");
        await kubectl.OkAsync("label", "configmap", "audited", "seen=yes");
        await kubectl.OkAsync("delete", "configmap", "audited", "--wait=false");

        var lines = await Eventually.ReturnsAsync(
            () => Task.FromResult(server.Log.Split('\n').Where(l => l.Contains("audit user=", StringComparison.Ordinal)).ToList()),
            l => l.Count >= 3, TimeSpan.FromSeconds(20), "three audit lines");
        Assert.Collection(lines,
            l => Assert.Contains("audit user=skiff-admin verb=create group= resource=configmaps subresource= namespace=default name=audited code=201 latency=", l),
            l => Assert.Contains("verb=patch group= resource=configmaps subresource= namespace=default name=audited code=200", l),
            l => Assert.Contains("verb=delete group= resource=configmaps subresource= namespace=default name=audited code=200", l));
    }
}
