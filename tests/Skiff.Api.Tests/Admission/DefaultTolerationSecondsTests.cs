using k8s.Models;
using Skiff.Api.Admission;

namespace Skiff.Api.Tests.Admission;

public class DefaultTolerationSecondsTests
{
    [Fact]
    public void A_pod_without_tolerations_gets_both_with_300_seconds()
    {
        var pod = Pod();

        new DefaultTolerationSeconds().Apply(pod);

        Assert.Equal(
            [
                "node.kubernetes.io/not-ready Exists NoExecute 300",
                "node.kubernetes.io/unreachable Exists NoExecute 300",
            ],
            Describe(pod));
    }

    [Fact]
    public void The_seconds_are_settings()
    {
        var pod = Pod();

        new DefaultTolerationSeconds(NotReadySeconds: 20, UnreachableSeconds: 5).Apply(pod);

        Assert.Equal(
            [
                "node.kubernetes.io/not-ready Exists NoExecute 20",
                "node.kubernetes.io/unreachable Exists NoExecute 5",
            ],
            Describe(pod));
    }

    [Fact]
    public void A_pod_that_tolerates_one_taint_gets_only_the_other()
    {
        var pod = Pod(new V1Toleration { Key = "node.kubernetes.io/unreachable", OperatorProperty = "Exists", Effect = "NoExecute", TolerationSeconds = 6000 });

        new DefaultTolerationSeconds().Apply(pod);

        Assert.Equal(
            [
                "node.kubernetes.io/unreachable Exists NoExecute 6000",
                "node.kubernetes.io/not-ready Exists NoExecute 300",
            ],
            Describe(pod));
    }

    [Theory]
    [InlineData("", "Exists", "")] // tolerates everything
    [InlineData("", "Exists", "NoExecute")] // every NoExecute taint
    [InlineData("node.kubernetes.io/not-ready", "Exists", "")] // any effect of not-ready; unreachable still needs its own
    public void Tolerations_with_an_empty_key_or_effect_count_as_present(string key, string op, string effect)
    {
        var pod = Pod(new V1Toleration { Key = key, OperatorProperty = op, Effect = effect });

        new DefaultTolerationSeconds().Apply(pod);

        var added = Describe(pod).Skip(1).ToList();
        if (key.Length == 0)
        {
            Assert.Empty(added);
        }
        else
        {
            Assert.Equal(["node.kubernetes.io/unreachable Exists NoExecute 300"], added);
        }
    }

    [Fact]
    public void A_toleration_for_another_effect_does_not_count()
    {
        var pod = Pod(new V1Toleration { Key = "node.kubernetes.io/not-ready", OperatorProperty = "Exists", Effect = "NoSchedule" });

        new DefaultTolerationSeconds().Apply(pod);

        Assert.Equal(3, Describe(pod).Count);
    }

    [Fact]
    public void Applying_twice_adds_nothing_more()
    {
        var pod = Pod();
        var admission = new DefaultTolerationSeconds();
        admission.Apply(pod);

        admission.Apply(pod);

        Assert.Equal(2, pod.Spec.Tolerations.Count);
    }

    private static V1Pod Pod(params V1Toleration[] tolerations) => new()
    {
        Metadata = new V1ObjectMeta { Name = "p" },
        Spec = new V1PodSpec
        {
            Containers = [new V1Container { Name = "c", Image = "nginx" }],
            Tolerations = tolerations.Length == 0 ? null : [.. tolerations],
        },
    };

    private static List<string> Describe(V1Pod pod) =>
        [.. (pod.Spec.Tolerations ?? []).Select(t => $"{t.Key} {t.OperatorProperty} {t.Effect} {t.TolerationSeconds}".Trim())];
}
