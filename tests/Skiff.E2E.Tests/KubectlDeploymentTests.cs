using Skiff.E2E.Tests.Infrastructure;

namespace Skiff.E2E.Tests;

/// <summary>
/// The seed's Deployment walk-through with the real kubectl against a default `skiff up`, whose simulated nodes
/// run the pods: create, inspect, update the image, watch the rollout, read the history and undo.
/// </summary>
public sealed class KubectlDeploymentTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Create_update_inspect_and_undo_a_deployment()
    {
        using var kubectl = new Kubectl(fixture.Server);
        var ns = await KubectlApplyTests.NewNamespaceAsync(kubectl, "deploy");

        Assert.Contains("deployment.apps/nginx created",
            await kubectl.OkAsync("create", "deployment", "nginx", "--image=nginx:1.17", "--replicas=3", "-n", ns));
        Assert.Contains("deployment \"nginx\" successfully rolled out", await RolloutStatusAsync(kubectl, ns));

        var deployments = await kubectl.OkAsync("get", "deployments", "-n", ns);
        Assert.Matches(@"^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\n", deployments);
        Assert.Matches(@"\nnginx\s+3/3\s+3\s+3\s+\S+\n", deployments);
        var pods = await kubectl.OkAsync("get", "pods", "-n", ns, "-o", "name");
        Assert.Equal(3, pods.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(line => System.Text.RegularExpressions.Regex.IsMatch(line, "^pod/nginx-[a-z0-9]{1,10}-[a-z0-9]{5}$")));

        Assert.Contains("deployment.apps/nginx image updated", await kubectl.OkAsync("set", "image", "deployment/nginx", "nginx=nginx:1.18", "-n", ns));
        Assert.Contains("deployment \"nginx\" successfully rolled out", await RolloutStatusAsync(kubectl, ns));

        // Both ReplicaSets: the new one with the 3 pods, the old one scaled to 0 and kept for rollbacks.
        var replicaSets = await kubectl.OkAsync("get", "rs", "-n", ns);
        Assert.Matches(@"^NAME\s+DESIRED\s+CURRENT\s+READY\s+AGE\n", replicaSets);
        Assert.Matches(@"\nnginx-[a-z0-9]+\s+3\s+3\s+3\s+\S+\n", replicaSets);
        Assert.Matches(@"\nnginx-[a-z0-9]+\s+0\s+0\s+0\s+\S+\n", replicaSets);

        var history = await kubectl.OkAsync("rollout", "history", "deployment/nginx", "-n", ns);
        Assert.Matches(@"REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>\n", history);

        Assert.Contains("deployment.apps/nginx rolled back", await kubectl.OkAsync("rollout", "undo", "deployment/nginx", "-n", ns));
        Assert.Contains("deployment \"nginx\" successfully rolled out", await RolloutStatusAsync(kubectl, ns));
        Assert.Equal("nginx:1.17", await kubectl.OkAsync("get", "deployment", "nginx", "-n", ns, "-o", "jsonpath={.spec.template.spec.containers[0].image}"));
        Assert.Equal("3", await kubectl.OkAsync("get", "deployment", "nginx", "-n", ns, "-o",
            "jsonpath={.metadata.annotations.deployment\\.kubernetes\\.io/revision}"));

        // Revision 1's ReplicaSet came back as revision 3: the history now lists 2 and 3.
        history = await kubectl.OkAsync("rollout", "history", "deployment/nginx", "-n", ns);
        Assert.Matches(@"REVISION\s+CHANGE-CAUSE\n2\s+<none>\n3\s+<none>\n", history);
        Assert.Contains("nginx:1.17", await kubectl.OkAsync("rollout", "history", "deployment/nginx", "-n", ns, "--revision=3"));
    }

    private static async Task<string> RolloutStatusAsync(Kubectl kubectl, string ns) =>
        await kubectl.OkAsync("rollout", "status", "deployment/nginx", "-n", ns, "--timeout=50s");
}
