using Skiff.E2E.Tests.Infrastructure;

namespace Skiff.E2E.Tests;

/// <summary>kubectl scale, replace, set image, label, annotate, patch and delete against the real binary.</summary>
public sealed class KubectlWriteTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static string DeploymentFile => Path.Combine(RepositoryPaths.Examples, "my-app-deployment.yaml");

    [Fact]
    public async Task Scale_sets_replicas_and_checks_current_replicas()
    {
        using var kubectl = new Kubectl(fixture.Server);
        var ns = await KubectlApplyTests.NewNamespaceAsync(kubectl, "scale");
        await kubectl.OkAsync("apply", "-n", ns, "-f", DeploymentFile);

        var scaled = await kubectl.OkAsync("scale", "deployment", "my-app-deployment", "-n", ns, "--replicas=5");
        Assert.Contains("deployment.apps/my-app-deployment scaled", scaled);
        Assert.Equal("5", await kubectl.OkAsync("get", "deployment", "my-app-deployment", "-n", ns, "-o", "jsonpath={.spec.replicas}"));

        var mismatch = await kubectl.RunAsync("scale", "deployment", "my-app-deployment", "-n", ns, "--current-replicas=3", "--replicas=2");
        Assert.NotEqual(0, mismatch.ExitCode);
        Assert.Contains("Expected replicas to be 3, was 5", mismatch.StdErr);

        var matching = await kubectl.OkAsync("scale", "deployment", "my-app-deployment", "-n", ns, "--current-replicas=5", "--replicas=2");
        Assert.Contains("scaled", matching);
        Assert.Equal("2", await kubectl.OkAsync("get", "deployment", "my-app-deployment", "-n", ns, "-o", "jsonpath={.spec.replicas}"));
        var scale = System.Text.Json.JsonDocument.Parse(await kubectl.OkAsync("get", "--raw", $"/apis/apps/v1/namespaces/{ns}/deployments/my-app-deployment/scale")).RootElement;
        Assert.Equal("Scale", scale.GetProperty("kind").GetString());
        Assert.Equal(2, scale.GetProperty("spec").GetProperty("replicas").GetInt32());
        Assert.Equal("app=my-app", scale.GetProperty("status").GetProperty("selector").GetString());
    }

    [Fact]
    public async Task Replace_with_a_stale_resource_version_is_a_conflict()
    {
        using var kubectl = new Kubectl(fixture.Server);
        var ns = await KubectlApplyTests.NewNamespaceAsync(kubectl, "replace");
        await kubectl.OkAsync("apply", "-n", ns, "-f", DeploymentFile);
        var stale = await kubectl.OkAsync("get", "deployment", "my-app-deployment", "-n", ns, "-o", "yaml");
        await kubectl.OkAsync("label", "deployment", "my-app-deployment", "-n", ns, "touched=yes");

        var result = await kubectl.RunWithInputAsync(stale, "replace", "-f", "-");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Operation cannot be fulfilled on deployments.apps \"my-app-deployment\": the object has been modified; please apply your changes to the latest version and try again", result.StdErr);
    }

    [Fact]
    public async Task Set_image_label_annotate_and_every_patch_type_change_the_object()
    {
        using var kubectl = new Kubectl(fixture.Server);
        var ns = await KubectlApplyTests.NewNamespaceAsync(kubectl, "patch");
        await kubectl.OkAsync("apply", "-n", ns, "-f", DeploymentFile);
        const string name = "my-app-deployment";

        Assert.Contains("image updated", await kubectl.OkAsync("set", "image", $"deployment/{name}", "-n", ns, "my-app-container=nginx:1.18"));
        Assert.Equal("nginx:1.18", await kubectl.OkAsync("get", "deploy", name, "-n", ns, "-o", "jsonpath={.spec.template.spec.containers[0].image}"));
        Assert.Equal("2", await kubectl.OkAsync("get", "deploy", name, "-n", ns, "-o", "jsonpath={.metadata.generation}"));

        Assert.Contains("labeled", await kubectl.OkAsync("label", "deploy", name, "-n", ns, "tier=frontend"));
        Assert.Contains("annotated", await kubectl.OkAsync("annotate", "deploy", name, "-n", ns, "owner=team-a"));
        Assert.Equal("frontend", await kubectl.OkAsync("get", "deploy", name, "-n", ns, "-o", "jsonpath={.metadata.labels.tier}"));
        Assert.Equal("team-a", await kubectl.OkAsync("get", "deploy", name, "-n", ns, "-o", "jsonpath={.metadata.annotations.owner}"));

        await kubectl.OkAsync("patch", "deploy", name, "-n", ns, "--type=json", "-p", "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":6}]");
        Assert.Equal("6", await kubectl.OkAsync("get", "deploy", name, "-n", ns, "-o", "jsonpath={.spec.replicas}"));

        await kubectl.OkAsync("patch", "deploy", name, "-n", ns, "--type=merge", "-p", "{\"spec\":{\"minReadySeconds\":5}}");
        Assert.Equal("5", await kubectl.OkAsync("get", "deploy", name, "-n", ns, "-o", "jsonpath={.spec.minReadySeconds}"));

        // Strategic merge adds a container by name instead of replacing the list; upstream puts the new one first.
        await kubectl.OkAsync("patch", "deploy", name, "-n", ns, "-p", "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"sidecar\",\"image\":\"busybox\"}]}}}}");
        Assert.Equal("sidecar my-app-container", await kubectl.OkAsync("get", "deploy", name, "-n", ns, "-o", "jsonpath={.spec.template.spec.containers[*].name}"));

        var bad = await kubectl.RunAsync("patch", "deploy", name, "-n", ns, "--type=merge", "-p", "{\"spec\":{\"replicas\":-1}}");
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("spec.replicas: Invalid value: -1: must be greater than or equal to 0", bad.StdErr);
    }

    [Fact]
    public async Task Delete_waits_until_the_object_is_gone()
    {
        using var kubectl = new Kubectl(fixture.Server);
        var ns = await KubectlApplyTests.NewNamespaceAsync(kubectl, "delete");
        await kubectl.OkAsync("apply", "-n", ns, "-f", DeploymentFile);
        var output = await kubectl.OkAsync("delete", "deployment", "my-app-deployment", "-n", ns, "--wait=true", "--timeout=30s");
        Assert.Contains("deployment.apps \"my-app-deployment\" deleted", output);
        var get = await kubectl.RunAsync("get", "deployment", "my-app-deployment", "-n", ns);
        Assert.Contains("NotFound", get.StdErr);

        var missing = await kubectl.RunAsync("delete", "deployment", "nope", "-n", ns);
        Assert.Contains("Error from server (NotFound): deployments.apps \"nope\" not found", missing.StdErr);
    }

    [Theory]
    [InlineData("Orphan", "orphan")]
    [InlineData("Foreground", "foregroundDeletion")]
    public async Task Orphan_and_foreground_deletion_keep_the_object_with_their_finalizer(string policy, string finalizer)
    {
        using var kubectl = new Kubectl(fixture.Server);
        var ns = await KubectlApplyTests.NewNamespaceAsync(kubectl, "cascade");
        await kubectl.OkAsync("apply", "-n", ns, "-f", Path.Combine(RepositoryPaths.Examples, "nginx-replicaset.yaml"));
        var body = Path.Combine(Path.GetTempPath(), $"skiff-e2e-{Guid.NewGuid():N}.json");
        File.WriteAllText(body, $"{{\"propagationPolicy\":\"{policy}\"}}");
        try
        {
            // The DELETE's own answer shows the object as the deletion left it; the garbage collector, which acts on
            // the finalizer a moment later (see KubectlCascadeTests), cannot have changed it yet.
            var answer = await kubectl.OkAsync("delete", "--raw", $"/apis/apps/v1/namespaces/{ns}/replicasets/nginx-replicaset", "-f", body);
            using var document = System.Text.Json.JsonDocument.Parse(answer);
            var metadata = document.RootElement.GetProperty("metadata");
            Assert.Equal(new string?[] { finalizer }, metadata.GetProperty("finalizers").EnumerateArray().Select(f => f.GetString()));
            Assert.Matches("\\d{4}-\\d\\d-\\d\\dT", metadata.GetProperty("deletionTimestamp").GetString());
        }
        finally
        {
            File.Delete(body);
        }
    }

    [Fact]
    public async Task Namespaced_objects_need_an_existing_namespace()
    {
        using var kubectl = new Kubectl(fixture.Server);
        var result = await kubectl.RunWithInputAsync("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n", "create", "-n", "does-not-exist", "-f", "-");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("namespaces \"does-not-exist\" not found", result.StdErr);
    }
}
