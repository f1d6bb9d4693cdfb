using Skiff.E2E.Tests.Infrastructure;

namespace Skiff.E2E.Tests;

/// <summary>kubectl apply of the seed's manifests: created, unchanged, configured, server dry-run, invalid input.</summary>
public sealed class KubectlApplyTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static readonly string[] ExampleFiles =
    [
        "nginx-rc.yaml", "nginx-replicaset.yaml", "nginx-replicaset-expressions.yaml", "my-app-deployment.yaml",
        "deployment-rolling-update.yaml", "deployment-recreate.yaml", "statefulset-headless-service.yaml", "statefulset.yaml", "hpa.yaml",
    ];

    [Fact]
    public async Task Applying_every_example_creates_then_leaves_unchanged_then_configures()
    {
        using var kubectl = new Kubectl(fixture.Server);
        var ns = await NewNamespaceAsync(kubectl, "apply");
        foreach (var file in ExampleFiles)
        {
            var output = await kubectl.OkAsync("apply", "-n", ns, "-f", Path.Combine(RepositoryPaths.Examples, file));
            Assert.Contains(" created", output);
        }

        foreach (var file in ExampleFiles)
        {
            var output = await kubectl.OkAsync("apply", "-n", ns, "-f", Path.Combine(RepositoryPaths.Examples, file));
            // volumeClaimTemplates is an atomic list whose entries the server defaults (volumeMode, status.phase), so
            // kubectl's three-way patch replaces it on every apply of a StatefulSet and reports "configured".
            Assert.Contains(file == "statefulset.yaml" ? " configured" : " unchanged", output);
        }

        var changed = File.ReadAllText(Path.Combine(RepositoryPaths.Examples, "my-app-deployment.yaml")).Replace("replicas: 3", "replicas: 4");
        Assert.Contains("replicas: 4", changed);
        var configured = await kubectl.RunWithInputAsync(changed, "apply", "-n", ns, "-f", "-");
        Assert.True(configured.ExitCode == 0, configured.ToString());
        Assert.Contains("deployment.apps/my-app-deployment configured", configured.StdOut);
        var replicas = await kubectl.OkAsync("get", "deployment", "my-app-deployment", "-n", ns, "-o", "jsonpath={.spec.replicas}");
        Assert.Equal("4", replicas);
    }

    [Fact]
    public async Task Server_dry_run_validates_but_stores_nothing()
    {
        using var kubectl = new Kubectl(fixture.Server);
        var ns = await NewNamespaceAsync(kubectl, "dryrun");
        var output = await kubectl.OkAsync("apply", "-n", ns, "--dry-run=server", "-f", Path.Combine(RepositoryPaths.Examples, "my-app-deployment.yaml"));
        Assert.Contains("deployment.apps/my-app-deployment created (server dry run)", output);
        var get = await kubectl.RunAsync("get", "deployment", "my-app-deployment", "-n", ns);
        Assert.NotEqual(0, get.ExitCode);
        Assert.Contains("Error from server (NotFound): deployments.apps \"my-app-deployment\" not found", get.StdErr);
    }

    [Fact]
    public async Task An_invalid_manifest_is_rejected_with_upstreams_message_and_nothing_is_stored()
    {
        using var kubectl = new Kubectl(fixture.Server);
        var ns = await NewNamespaceAsync(kubectl, "invalid");
        const string manifest = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: broken
            spec:
              replicas: 1
              selector:
                matchLabels:
                  app: one
              template:
                metadata:
                  labels:
                    app: two
                spec:
                  containers:
                  - name: web
                    image: nginx
            """;
        var result = await kubectl.RunWithInputAsync(manifest, "apply", "-n", ns, "-f", "-");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("The Deployment \"broken\" is invalid", result.StdErr);
        Assert.Contains("spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"two\"}: `selector` does not match template `labels`", result.StdErr);
        var get = await kubectl.RunAsync("get", "deployment", "broken", "-n", ns);
        Assert.NotEqual(0, get.ExitCode);
    }

    [Fact]
    public async Task Malformed_json_is_a_bad_request()
    {
        using var kubectl = new Kubectl(fixture.Server);
        var result = await kubectl.RunWithInputAsync("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":", "create", "--raw", "/api/v1/namespaces/default/configmaps", "-f", "-");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("BadRequest", result.StdErr);
    }

    internal static async Task<string> NewNamespaceAsync(Kubectl kubectl, string prefix)
    {
        var name = $"{prefix}-{Guid.NewGuid().ToString("N")[..6]}";
        await kubectl.OkAsync("create", "namespace", name, "--dry-run=client", "-o", "yaml");
        var manifest = $"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {name}\n";
        var result = await kubectl.RunWithInputAsync(manifest, "apply", "-f", "-");
        Assert.True(result.ExitCode == 0, result.ToString());
        return name;
    }
}
