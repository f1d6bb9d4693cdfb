using Skiff.E2E.Tests.Infrastructure;

namespace Skiff.E2E.Tests;

/// <summary>kubectl's --validate=strict|warn|false against the server's fieldValidation, with upstream's messages.</summary>
public sealed class KubectlFieldValidationTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string StrictError =
        "Deployment in version \"v1\" cannot be handled as a Deployment: strict decoding error: unknown field \"spec.foo\", unknown field \"spec.template.spec.containers[0].bar\"";

    private static string Manifest(string name, bool unknownFields = true) => $"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {name}
        spec:
          {(unknownFields ? "foo: 1" : "paused: false")}
          replicas: 1
          selector:
            matchLabels:
              app: {name}
          template:
            metadata:
              labels:
                app: {name}
            spec:
              containers:
              - name: web
                image: nginx:1.27
                {(unknownFields ? "bar: true" : "imagePullPolicy: IfNotPresent")}
        """;

    [Fact]
    public async Task Apply_create_and_replace_fail_under_strict_with_upstreams_message()
    {
        using var kubectl = new Kubectl(fixture.Server);
        var ns = await KubectlApplyTests.NewNamespaceAsync(kubectl, "fv-strict");

        var applied = await kubectl.RunWithInputAsync(Manifest("strict"), "apply", "-n", ns, "-f", "-");
        Assert.NotEqual(0, applied.ExitCode);
        Assert.Contains($"Error from server (BadRequest): error when creating \"STDIN\": {StrictError}", applied.StdErr);

        var created = await kubectl.RunWithInputAsync(Manifest("strict"), "create", "-n", ns, "-f", "-");
        Assert.NotEqual(0, created.ExitCode);
        Assert.Contains($"Error from server (BadRequest): error when creating \"STDIN\": {StrictError}", created.StdErr);

        var valid = await kubectl.RunWithInputAsync(Manifest("strict", unknownFields: false), "create", "-n", ns, "-f", "-");
        Assert.True(valid.ExitCode == 0, valid.ToString());
        var replaced = await kubectl.RunWithInputAsync(Manifest("strict"), "replace", "-n", ns, "-f", "-");
        Assert.NotEqual(0, replaced.ExitCode);
        Assert.Contains($"Error from server (BadRequest): error when replacing \"STDIN\": {StrictError}", replaced.StdErr);
    }

    [Fact]
    public async Task Apply_to_an_existing_object_fails_on_the_strategic_merge_patch_it_sends()
    {
        using var kubectl = new Kubectl(fixture.Server);
        var ns = await KubectlApplyTests.NewNamespaceAsync(kubectl, "fv-apply");
        Assert.Equal(0, (await kubectl.RunWithInputAsync(Manifest("existing", unknownFields: false), "apply", "-n", ns, "-f", "-")).ExitCode);

        var result = await kubectl.RunWithInputAsync(Manifest("existing"), "apply", "-n", ns, "-f", "-");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("The request is invalid: patch: Invalid value: \"map[", result.StdErr);
        Assert.Contains("strict decoding error: unknown field", result.StdErr);
        Assert.Contains("unknown field \"spec.foo\"", result.StdErr);
        Assert.Contains("unknown field \"spec.template.spec.containers[0].bar\"", result.StdErr);
        Assert.Equal("IfNotPresent", await kubectl.OkAsync("get", "deploy", "existing", "-n", ns, "-o", "jsonpath={.spec.template.spec.containers[0].imagePullPolicy}"));
    }

    [Fact]
    public async Task Validate_warn_succeeds_and_prints_each_warning_and_validate_false_is_silent()
    {
        using var kubectl = new Kubectl(fixture.Server);
        var ns = await KubectlApplyTests.NewNamespaceAsync(kubectl, "fv-warn");

        var warned = await kubectl.RunWithInputAsync(Manifest("warned"), "apply", "-n", ns, "--validate=warn", "-f", "-");
        Assert.True(warned.ExitCode == 0, warned.ToString());
        Assert.Contains("deployment.apps/warned created", warned.StdOut);
        Assert.Contains("Warning: unknown field \"spec.foo\"", warned.StdErr);
        Assert.Contains("Warning: unknown field \"spec.template.spec.containers[0].bar\"", warned.StdErr);

        var ignored = await kubectl.RunWithInputAsync(Manifest("ignored"), "apply", "-n", ns, "--validate=false", "-f", "-");
        Assert.True(ignored.ExitCode == 0, ignored.ToString());
        Assert.Contains("deployment.apps/ignored created", ignored.StdOut);
        Assert.DoesNotContain("Warning", ignored.StdErr);
    }

    [Theory]
    [InlineData("merge", """{"spec":{"zzz":1}}""", "Warning: unknown field \"spec.zzz\"")]
    [InlineData("strategic", """{"spec":{"template":{"spec":{"containers":[{"name":"web","qq":1}]}}}}""",
        "Warning: unknown field \"spec.template.spec.containers[0].qq\"")]
    [InlineData("json", """[{"op":"add","path":"/spec/zzz","value":1,"extra":2}]""", "Warning: json patch unknown field \"[0].extra\"")]
    [InlineData("merge", """{"metadata":{"labels":{"a":"1","a":"2"}}}""", "Warning: duplicate field \"metadata.labels.a\"")]
    public async Task Patch_warns_by_default_as_kubectl_sends_no_field_validation(string type, string patch, string warning)
    {
        using var kubectl = new Kubectl(fixture.Server);
        var ns = await KubectlApplyTests.NewNamespaceAsync(kubectl, "fv-patch");
        Assert.Equal(0, (await kubectl.RunWithInputAsync(Manifest("patched", unknownFields: false), "apply", "-n", ns, "-f", "-")).ExitCode);

        var result = await kubectl.RunAsync("patch", "deployment", "patched", "-n", ns, "--type", type, "-p", patch);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(warning, result.StdErr);
    }

    [Fact]
    public async Task A_duplicate_field_sent_as_is_fails_under_strict()
    {
        using var kubectl = new Kubectl(fixture.Server);
        var ns = await KubectlApplyTests.NewNamespaceAsync(kubectl, "fv-dup");
        const string body = """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"dup"},"data":{"a":"1","a":"2"}}""";

        var result = await kubectl.RunWithInputAsync(body, "create", "--raw", $"/api/v1/namespaces/{ns}/configmaps?fieldValidation=Strict", "-f", "-");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Error from server (BadRequest): ConfigMap in version \"v1\" cannot be handled as a ConfigMap: strict decoding error: duplicate field \"data.a\"",
            result.StdErr);
    }
}
