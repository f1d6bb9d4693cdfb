using k8s.Models;
using Skiff.Client;
using Skiff.Testing;

namespace Skiff.ApiServer.Tests.Registry;

/// <summary>The DefaultTolerationSeconds admission in the registry: on create and on updates of the pod itself.</summary>
public sealed class DefaultTolerationsAdmissionTests
{
    [Fact]
    public async Task A_created_pod_gets_the_two_tolerations_and_a_replace_without_them_keeps_them()
    {
        await using var cluster = await TestCluster.StartAsync();
        await cluster.Client.CreateAsync(new V1Namespace { ApiVersion = "v1", Kind = "Namespace", Metadata = new V1ObjectMeta { Name = "adm" } });

        var created = await cluster.Client.CreateAsync(Pod());
        Assert.Equal(
            ["node.kubernetes.io/not-ready Exists NoExecute 300", "node.kubernetes.io/unreachable Exists NoExecute 300"],
            Describe(created));

        // kubectl replace with the original manifest: upstream's admission runs on updates too, so the update is
        // not refused for removing tolerations.
        var replacement = Pod();
        replacement.Metadata.ResourceVersion = created.Metadata.ResourceVersion;
        replacement.Metadata.Labels = new Dictionary<string, string> { ["replaced"] = "yes" };
        var replaced = await cluster.Client.UpdateAsync(replacement);
        Assert.Equal(Describe(created), Describe(replaced));
        Assert.Equal("yes", replaced.Metadata.Labels["replaced"]);
    }

    [Fact]
    public async Task A_pod_that_tolerates_every_taint_gets_nothing()
    {
        await using var cluster = await TestCluster.StartAsync();
        await cluster.Client.CreateAsync(new V1Namespace { ApiVersion = "v1", Kind = "Namespace", Metadata = new V1ObjectMeta { Name = "adm" } });
        var pod = Pod();
        pod.Spec.Tolerations = [new V1Toleration { OperatorProperty = "Exists" }];

        var created = await cluster.Client.CreateAsync(pod);

        Assert.Equal(["Exists"], Describe(created));
    }

    private static V1Pod Pod() => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = new V1ObjectMeta { Name = "p", NamespaceProperty = "adm" },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "nginx" }] },
    };

    private static List<string> Describe(V1Pod pod) =>
        [.. (pod.Spec.Tolerations ?? []).Select(t => $"{t.Key} {t.OperatorProperty} {t.Effect} {t.TolerationSeconds}".Trim())];
}
