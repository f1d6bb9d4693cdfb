using Skiff.E2E.Tests.Infrastructure;
using Skiff.Testing;

namespace Skiff.E2E.Tests;

/// <summary>kubectl get (columns, -o yaml defaults, -w), api-resources and discovery against the real binary.</summary>
public sealed class KubectlReadTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Get_prints_upstreams_columns_for_each_kind()
    {
        using var kubectl = new Kubectl(fixture.Server);
        var ns = await KubectlApplyTests.NewNamespaceAsync(kubectl, "columns");
        foreach (var file in new[] { "my-app-deployment.yaml", "nginx-replicaset.yaml", "nginx-rc.yaml", "statefulset-headless-service.yaml", "statefulset.yaml", "hpa.yaml" })
        {
            await kubectl.OkAsync("apply", "-n", ns, "-f", Path.Combine(RepositoryPaths.Examples, file));
        }

        var expectations = new Dictionary<string, string>
        {
            ["deploy"] = "NAME                READY   UP-TO-DATE   AVAILABLE   AGE",
            ["rs"] = "NAME               DESIRED   CURRENT   READY   AGE",
            ["rc"] = "NAME       DESIRED   CURRENT   READY   AGE",
            ["sts"] = "NAME     READY   AGE",
            ["svc"] = "NAME             TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE",
            ["hpa"] = "NAME         REFERENCE                      TARGETS              MINPODS   MAXPODS   REPLICAS   AGE",
        };
        foreach (var (resource, header) in expectations)
        {
            var output = await kubectl.OkAsync("get", resource, "-n", ns);
            Assert.StartsWith(Columns(header), Columns(output.Split('\n')[0]));
        }

        var deployments = await kubectl.OkAsync("get", "deploy", "-n", ns, "-o", "wide");
        Assert.Contains("CONTAINERS", deployments);
        Assert.Contains("SELECTOR", deployments);
        Assert.Contains("app=my-app", deployments);

        var services = await kubectl.OkAsync("get", "svc", "-n", ns);
        Assert.Contains("ClusterIP   None", services);

        // The ReplicaSet and ReplicationController controllers have made pods, the scheduler placed them on the
        // simulated nodes, which run them.
        var pods = await Eventually.ReturnsAsync(() => kubectl.OkAsync("get", "pods", "-n", ns),
            output => output.Contains("Running", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "pods made by the controllers, running");
        Assert.StartsWith(Columns("NAME READY STATUS RESTARTS AGE"), Columns(pods.Split('\n')[0]));

        var nodes = await kubectl.RunAsync("get", "nodes");
        Assert.Equal(0, nodes.ExitCode);
    }

    [Fact]
    public async Task Get_yaml_shows_the_defaults()
    {
        using var kubectl = new Kubectl(fixture.Server);
        var ns = await KubectlApplyTests.NewNamespaceAsync(kubectl, "defaults");
        await kubectl.OkAsync("apply", "-n", ns, "-f", Path.Combine(RepositoryPaths.Examples, "my-app-deployment.yaml"));
        var yaml = await kubectl.OkAsync("get", "deployment", "my-app-deployment", "-n", ns, "-o", "yaml");
        Assert.Contains("progressDeadlineSeconds: 600", yaml);
        Assert.Contains("revisionHistoryLimit: 10", yaml);
        Assert.Contains("maxSurge: 25%", yaml);
        Assert.Contains("maxUnavailable: 25%", yaml);
        Assert.Contains("type: RollingUpdate", yaml);
        Assert.Contains("restartPolicy: Always", yaml);
        Assert.Contains("terminationGracePeriodSeconds: 30", yaml);
        Assert.Contains("dnsPolicy: ClusterFirst", yaml);
        Assert.Contains("schedulerName: default-scheduler", yaml);
        Assert.Contains("protocol: TCP", yaml);
        Assert.Contains("generation: 1", yaml);
        Assert.Matches("uid: [0-9a-f-]{36}", yaml);
        Assert.Matches("resourceVersion: \"[0-9]+\"", yaml);
    }

    [Fact]
    public async Task Get_watch_prints_an_event_made_by_another_client()
    {
        using var kubectl = new Kubectl(fixture.Server);
        var ns = await KubectlApplyTests.NewNamespaceAsync(kubectl, "watch");
        // -v=6 logs each request, so the test knows when the watch request has been answered.
        using var watch = kubectl.Start(["get", "configmaps", "-n", ns, "-w", "--field-selector=metadata.name=watched", "-v=6"]);
        var listed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var watched = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        watch.ErrorDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("watch=true", StringComparison.Ordinal) == true && e.Data.Contains("200 OK", StringComparison.Ordinal))
            {
                listed.TrySetResult();
            }
        };
        watch.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.StartsWith("watched ", StringComparison.Ordinal) == true)
            {
                watched.TrySetResult(e.Data);
            }
        };
        watch.BeginOutputReadLine();
        watch.BeginErrorReadLine();
        try
        {
            // The list has returned empty and the watch is open, so the object created now can only arrive through the watch.
            await listed.Task.WaitAsync(TimeSpan.FromSeconds(30));
            var created = await kubectl.RunWithInputAsync("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: watched\ndata:\n  a: b\n", "create", "-n", ns, "-f", "-");
            Assert.True(created.ExitCode == 0, created.ToString());
            var line = await watched.Task.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Matches("^watched\\s+1\\s+", line);
        }
        finally
        {
            watch.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task Api_resources_lists_short_names_and_groups()
    {
        using var kubectl = new Kubectl(fixture.Server);
        var output = await kubectl.OkAsync("api-resources");
        Assert.Matches("deployments\\s+deploy\\s+apps/v1\\s+true\\s+Deployment", output);
        Assert.Matches("pods\\s+po\\s+v1\\s+true\\s+Pod", output);
        Assert.Matches("horizontalpodautoscalers\\s+hpa\\s+autoscaling/v2\\s+true\\s+HorizontalPodAutoscaler", output);
        Assert.Matches("replicationcontrollers\\s+rc\\s+v1\\s+true\\s+ReplicationController", output);
        Assert.Matches("statefulsets\\s+sts\\s+apps/v1\\s+true\\s+StatefulSet", output);
        Assert.Matches("namespaces\\s+ns\\s+v1\\s+false\\s+Namespace", output);
        Assert.Matches("leases\\s+coordination.k8s.io/v1\\s+true\\s+Lease", output);
        Assert.Matches("endpointslices\\s+discovery.k8s.io/v1\\s+true\\s+EndpointSlice", output);

        var version = await kubectl.OkAsync("version");
        Assert.Contains("Server Version: v1.32", version);
    }

    [Fact]
    public async Task The_system_namespaces_and_the_kubernetes_service_exist_from_the_start()
    {
        using var kubectl = new Kubectl(fixture.Server);
        var namespaces = await kubectl.OkAsync("get", "namespaces", "-o", "name");
        foreach (var ns in new[] { "default", "kube-system", "kube-public", "kube-node-lease" })
        {
            Assert.Contains($"namespace/{ns}", namespaces);
        }

        var service = await kubectl.OkAsync("get", "service", "kubernetes", "-n", "default");
        Assert.Contains("10.96.0.1", service);
    }

    /// <summary>Column headers with the padding collapsed, so the assertion is about names and order.</summary>
    private static string Columns(string header) => string.Join(' ', header.Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
