using Skiff.E2E.Tests.Infrastructure;

namespace Skiff.E2E.Tests;

/// <summary>kubectl apply --server-side with the real kubectl: examples, conflicts, client-side apply migration, pruning.</summary>
public sealed class KubectlServerSideApplyTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static readonly string[] ExampleFiles =
    [
        "nginx-rc.yaml", "nginx-replicaset.yaml", "nginx-replicaset-expressions.yaml", "my-app-deployment.yaml",
        "deployment-rolling-update.yaml", "deployment-recreate.yaml", "statefulset-headless-service.yaml", "statefulset.yaml", "hpa.yaml",
    ];

    private static string Example(string file) => Path.Combine(RepositoryPaths.Examples, file);

    [Fact]
    public async Task Every_example_applies_server_side_and_a_second_apply_changes_nothing()
    {
        using var kubectl = new Kubectl(fixture.Server);
        var ns = await KubectlApplyTests.NewNamespaceAsync(kubectl, "ssa");
        foreach (var file in ExampleFiles)
        {
            var output = await kubectl.OkAsync("apply", "--server-side", "-n", ns, "-f", Example(file));
            Assert.Contains(" serverside-applied", output);
        }

        // Kinds no controller of Skiff writes to: their resourceVersion moves only if the apply wrote.
        string[] quiet = ["service/my-app-service", "statefulset/my-app", "hpa/my-app-hpa"];
        var before = await ResourceVersionsAsync(kubectl, ns, quiet);
        foreach (var file in ExampleFiles)
        {
            var output = await kubectl.OkAsync("apply", "--server-side", "-n", ns, "-f", Example(file));
            Assert.Contains(" serverside-applied", output);
        }

        Assert.Equal(before, await ResourceVersionsAsync(kubectl, ns, quiet));
        var managers = await kubectl.OkAsync("get", "deployment", "my-app-deployment", "-n", ns, "--show-managed-fields",
            "-o", "jsonpath={range .metadata.managedFields[*]}{.manager}/{.operation};{end}");
        Assert.Contains("kubectl/Apply;", managers);
    }

    [Fact]
    public async Task An_undeclared_field_fails_the_apply_with_upstreams_message_and_creates_nothing()
    {
        using var kubectl = new Kubectl(fixture.Server);
        var ns = await KubectlApplyTests.NewNamespaceAsync(kubectl, "ssa-undeclared");
        const string ConfigMap = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: settings
            data:
              mode: fast
            extra: true
            """;

        var result = await kubectl.RunWithInputAsync(ConfigMap, "apply", "--server-side", "-n", ns, "-f", "-");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"failed to create typed patch object ({ns}/settings; /v1, Kind=ConfigMap): .extra: field not declared in schema", result.StdErr);
        Assert.NotEqual(0, (await kubectl.RunAsync("get", "configmap", "settings", "-n", ns)).ExitCode);
    }

    [Fact]
    public async Task An_apply_after_kubectl_scale_conflicts_until_forced()
    {
        using var kubectl = new Kubectl(fixture.Server);
        var ns = await KubectlApplyTests.NewNamespaceAsync(kubectl, "ssa-scale");
        await kubectl.OkAsync("apply", "--server-side", "-n", ns, "-f", Example("my-app-deployment.yaml"));
        await kubectl.OkAsync("scale", "deployment", "my-app-deployment", "-n", ns, "--replicas=5");

        var conflict = await kubectl.RunAsync("apply", "--server-side", "-n", ns, "-f", Example("my-app-deployment.yaml"));
        Assert.NotEqual(0, conflict.ExitCode);
        Assert.Contains("Apply failed with 1 conflict: conflict with \"kubectl\" with subresource \"scale\" using apps/v1: .spec.replicas", conflict.StdErr);

        await kubectl.OkAsync("apply", "--server-side", "--force-conflicts", "-n", ns, "-f", Example("my-app-deployment.yaml"));
        Assert.Equal("3", await kubectl.OkAsync("get", "deployment", "my-app-deployment", "-n", ns, "-o", "jsonpath={.spec.replicas}"));
        var managers = await kubectl.OkAsync("get", "deployment", "my-app-deployment", "-n", ns, "--show-managed-fields",
            "-o", "jsonpath={range .metadata.managedFields[*]}{.manager}/{.operation}/{.subresource};{end}");
        Assert.DoesNotContain("scale", managers);
    }

    [Fact]
    public async Task Server_side_apply_takes_over_from_client_side_apply_and_prunes_a_removed_label()
    {
        using var kubectl = new Kubectl(fixture.Server);
        var ns = await KubectlApplyTests.NewNamespaceAsync(kubectl, "ssa-csa");
        const string manifest = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: settings
              labels: {tier: web, team: blue}
            data: {mode: fast}
            """;
        await kubectl.RunWithInputAsync(manifest, "apply", "-n", ns, "-f", "-");
        var csa = await kubectl.OkAsync("get", "configmap", "settings", "-n", ns, "--show-managed-fields", "-o", "yaml");
        Assert.Contains("manager: kubectl-client-side-apply", csa);

        var migrated = await kubectl.RunWithInputAsync(manifest, "apply", "--server-side", "-n", ns, "-f", "-");
        Assert.True(migrated.ExitCode == 0, migrated.ToString());
        Assert.Contains("configmap/settings serverside-applied", migrated.StdOut);
        var managed = await kubectl.OkAsync("get", "configmap", "settings", "-n", ns, "--show-managed-fields", "-o", "yaml");
        Assert.DoesNotContain("manager: kubectl-client-side-apply", managed);
        Assert.Contains("manager: kubectl\n", managed);
        Assert.Contains("operation: Apply", managed);

        var version = await kubectl.OkAsync("get", "configmap", "settings", "-n", ns, "-o", "jsonpath={.metadata.resourceVersion}");
        var again = await kubectl.RunWithInputAsync(manifest, "apply", "--server-side", "-n", ns, "-f", "-");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(version, await kubectl.OkAsync("get", "configmap", "settings", "-n", ns, "-o", "jsonpath={.metadata.resourceVersion}"));

        var withoutTeam = manifest.Replace("{tier: web, team: blue}", "{tier: web}", StringComparison.Ordinal);
        var pruned = await kubectl.RunWithInputAsync(withoutTeam, "apply", "--server-side", "-n", ns, "-f", "-");
        Assert.True(pruned.ExitCode == 0, pruned.ToString());
        Assert.Equal("{\"tier\":\"web\"}", await kubectl.OkAsync("get", "configmap", "settings", "-n", ns, "-o", "jsonpath={.metadata.labels}"));
    }

    [Fact]
    public async Task Show_managed_fields_prints_the_entries_of_kubectl_create()
    {
        using var kubectl = new Kubectl(fixture.Server);
        var ns = await KubectlApplyTests.NewNamespaceAsync(kubectl, "ssa-show");
        await kubectl.OkAsync("create", "configmap", "plain", "-n", ns, "--from-literal=a=1");

        var hidden = await kubectl.OkAsync("get", "configmap", "plain", "-n", ns, "-o", "yaml");
        Assert.DoesNotContain("managedFields", hidden);
        var shown = await kubectl.OkAsync("get", "configmap", "plain", "-n", ns, "-o", "yaml", "--show-managed-fields");
        Assert.Contains("""
              managedFields:
              - apiVersion: v1
                fieldsType: FieldsV1
                fieldsV1:
                  f:data:
                    .: {}
                    f:a: {}
                manager: kubectl-create
                operation: Update
            """.Replace("\r", "", StringComparison.Ordinal), shown);
    }

    private static async Task<string[]> ResourceVersionsAsync(Kubectl kubectl, string ns, string[] objects)
    {
        var versions = new string[objects.Length];
        for (var i = 0; i < objects.Length; i++)
        {
            versions[i] = await kubectl.OkAsync("get", objects[i], "-n", ns, "-o", "jsonpath={.metadata.resourceVersion}");
        }

        return versions;
    }
}
