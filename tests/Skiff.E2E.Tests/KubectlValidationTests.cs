using Skiff.E2E.Tests.Infrastructure;

namespace Skiff.E2E.Tests;

/// <summary>
/// Validation as kubectl users see it: immutable fields refused on apply with upstream's text, and invalid objects
/// refused on create with each cause on its own "* " line, as kubectl prints a 422 with several causes.
/// </summary>
public sealed class KubectlValidationTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Label1123 =
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          replicas: 1
          selector:
            matchLabels:
              app: web
          template:
            metadata:
              labels:
                app: web
            spec:
              containers:
              - name: web
                image: nginx:1.25
        """;

    private const string StatefulSet = """
        apiVersion: apps/v1
        kind: StatefulSet
        metadata:
          name: db
        spec:
          serviceName: db
          replicas: 1
          selector:
            matchLabels:
              app: db
          template:
            metadata:
              labels:
                app: db
            spec:
              containers:
              - name: postgres
                image: postgres:16
        """;

    private const string Pod = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: tool
        spec:
          containers:
          - name: tool
            image: busybox:1.36
            command: ["sleep", "3600"]
            ports:
            - containerPort: 80
        """;

    [Fact]
    public async Task Changing_a_deployment_selector_is_refused_as_immutable()
    {
        using var kubectl = new Kubectl(fixture.Server);
        var ns = await KubectlApplyTests.NewNamespaceAsync(kubectl, "selector");
        await ApplyOkAsync(kubectl, ns, Deployment);

        var result = await kubectl.RunWithInputAsync(Deployment.Replace("app: web", "app: api"), "apply", "-n", ns, "-f", "-");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(
            "The Deployment \"web\" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"api\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable",
            result.StdErr);
        var selector = await kubectl.OkAsync("get", "deployment", "web", "-n", ns, "-o", "jsonpath={.spec.selector.matchLabels.app}");
        Assert.Equal("web", selector);
    }

    [Fact]
    public async Task Changing_a_statefulset_service_name_is_forbidden_but_replicas_may_change()
    {
        using var kubectl = new Kubectl(fixture.Server);
        var ns = await KubectlApplyTests.NewNamespaceAsync(kubectl, "sts");
        await ApplyOkAsync(kubectl, ns, StatefulSet);

        var result = await kubectl.RunWithInputAsync(StatefulSet.Replace("serviceName: db", "serviceName: db-headless"), "apply", "-n", ns, "-f", "-");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(
            "The StatefulSet \"db\" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
            result.StdErr);
        var scaled = await kubectl.RunWithInputAsync(StatefulSet.Replace("replicas: 1", "replicas: 2"), "apply", "-n", ns, "-f", "-");
        Assert.True(scaled.ExitCode == 0, scaled.ToString());
        Assert.Contains("statefulset.apps/db configured", scaled.StdOut);
    }

    [Fact]
    public async Task A_pod_image_may_change_but_not_its_ports()
    {
        using var kubectl = new Kubectl(fixture.Server);
        var ns = await KubectlApplyTests.NewNamespaceAsync(kubectl, "pod");
        await ApplyOkAsync(kubectl, ns, Pod);

        var image = await kubectl.RunWithInputAsync(Pod.Replace("busybox:1.36", "busybox:1.37"), "apply", "-n", ns, "-f", "-");
        Assert.True(image.ExitCode == 0, image.ToString());
        Assert.Contains("pod/tool configured", image.StdOut);
        Assert.Equal("busybox:1.37", await kubectl.OkAsync("get", "pod", "tool", "-n", ns, "-o", "jsonpath={.spec.containers[0].image}"));

        var port = await kubectl.RunWithInputAsync(Pod.Replace("busybox:1.36", "busybox:1.37").Replace("containerPort: 80", "containerPort: 8080"), "apply", "-n", ns, "-f", "-");

        Assert.NotEqual(0, port.ExitCode);
        Assert.Contains(
            "The Pod \"tool\" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)",
            port.StdErr);
        Assert.Contains("ContainerPort: 80,", port.StdErr);
        Assert.Contains("ContainerPort: 8080,", port.StdErr);
    }

    [Fact]
    public async Task Creating_invalid_objects_prints_each_cause_as_kubectl_does()
    {
        using var kubectl = new Kubectl(fixture.Server);
        var ns = await KubectlApplyTests.NewNamespaceAsync(kubectl, "create");
        const string manifests = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: two-causes
            spec:
              replicas: -1
              selector:
                matchLabels:
                  app: web
              template:
                metadata:
                  labels:
                    app: web
                spec:
                  containers:
                  - name: Web
                    image: nginx
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: web
            spec:
              selector:
                app: web
              ports:
              - port: 80
                targetPort: web_port
            ---
            apiVersion: v1
            kind: Pod
            metadata:
              name: tolerant
            spec:
              tolerations:
              - key: dedicated
                operator: Exists
                value: gpu
              containers:
              - name: tool
                image: busybox
            """;

        var result = await kubectl.RunWithInputAsync(manifests, "create", "-n", ns, "-f", "-");

        // Several objects: kubectl prints each failure with its source and the Status message, causes in brackets.
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(
            "Error from server (Invalid): error when creating \"STDIN\": Deployment.apps \"two-causes\" is invalid: [" +
            "spec.replicas: Invalid value: -1: must be greater than or equal to 0, " +
            $"spec.template.spec.containers[0].name: Invalid value: \"Web\": {Label1123}]",
            result.StdErr);
        Assert.Contains(
            "Error from server (Invalid): error when creating \"STDIN\": Service \"web\" is invalid: spec.ports[0].targetPort: Invalid value: \"web_port\": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
            result.StdErr);
        Assert.Contains(
            "Error from server (Invalid): error when creating \"STDIN\": Pod \"tolerant\" is invalid: spec.tolerations[0].operator: Invalid value: \"gpu\": value must be empty when `operator` is 'Exists'",
            result.StdErr);

        // One object: kubectl prints upstream's "is invalid" line from the causes, one "* " line per cause.
        var single = await kubectl.RunWithInputAsync(manifests[..manifests.IndexOf("---", StringComparison.Ordinal)], "create", "-n", ns, "-f", "-");
        Assert.NotEqual(0, single.ExitCode);
        Assert.Contains(
            "The Deployment \"two-causes\" is invalid: \n" +
            "* spec.replicas: Invalid value: -1: must be greater than or equal to 0\n" +
            $"* spec.template.spec.containers[0].name: Invalid value: \"Web\": {Label1123}\n",
            single.StdErr);

        var get = await kubectl.RunAsync("get", "deployments,services,pods", "-n", ns, "-o", "name");
        Assert.True(get.ExitCode == 0, get.ToString());
        Assert.Equal("", get.StdOut.Trim());
    }

    private static async Task ApplyOkAsync(Kubectl kubectl, string ns, string manifest)
    {
        var result = await kubectl.RunWithInputAsync(manifest, "apply", "-n", ns, "-f", "-");
        Assert.True(result.ExitCode == 0, result.ToString());
    }
}
