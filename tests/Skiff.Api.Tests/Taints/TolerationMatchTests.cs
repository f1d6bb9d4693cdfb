using k8s.Models;
using Skiff.Api.Taints;

namespace Skiff.Api.Tests.Taints;

public class TolerationMatchTests
{
    private static readonly V1Taint Unreachable = new() { Key = "node.kubernetes.io/unreachable", Effect = "NoExecute" };
    private static readonly V1Taint Gpu = new() { Key = "gpu", Value = "a100", Effect = "NoSchedule" };

    [Theory]
    [InlineData("node.kubernetes.io/unreachable", "Exists", null, "NoExecute", true)]
    [InlineData("node.kubernetes.io/unreachable", "Exists", null, null, true)] // empty effect: every effect
    [InlineData(null, "Exists", null, null, true)] // empty key with Exists: every taint
    [InlineData("node.kubernetes.io/unreachable", "Exists", null, "NoSchedule", false)]
    [InlineData("node.kubernetes.io/not-ready", "Exists", null, "NoExecute", false)]
    [InlineData("node.kubernetes.io/unreachable", null, null, "NoExecute", true)] // empty operator is Equal, empty value equals empty value
    [InlineData("node.kubernetes.io/unreachable", "Equal", "x", "NoExecute", false)]
    [InlineData("node.kubernetes.io/unreachable", "Lt", null, "NoExecute", false)] // unknown operator
    public void Matches_the_unreachable_taint(string? key, string? op, string? value, string? effect, bool tolerated) =>
        Assert.Equal(tolerated, TolerationMatch.Tolerates(new V1Toleration { Key = key, OperatorProperty = op, Value = value, Effect = effect }, Unreachable));

    [Theory]
    [InlineData("Equal", "a100", true)]
    [InlineData("Equal", "h100", false)]
    [InlineData("Exists", null, true)]
    public void Equal_compares_values_and_Exists_ignores_them(string op, string? value, bool tolerated) =>
        Assert.Equal(tolerated, TolerationMatch.Tolerates(new V1Toleration { Key = "gpu", OperatorProperty = op, Value = value }, Gpu));

    [Fact]
    public void The_first_matching_toleration_is_the_one_that_counts()
    {
        V1Toleration[] tolerations =
        [
            new() { Key = "gpu", OperatorProperty = "Exists" },
            new() { Key = "node.kubernetes.io/unreachable", OperatorProperty = "Exists", TolerationSeconds = 10 },
            new() { OperatorProperty = "Exists", TolerationSeconds = 99 },
        ];

        Assert.Equal(10, TolerationMatch.FirstTolerating(tolerations, Unreachable)?.TolerationSeconds);
        Assert.Null(TolerationMatch.FirstTolerating(null, Unreachable));
    }
}
