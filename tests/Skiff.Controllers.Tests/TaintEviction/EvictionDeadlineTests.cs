using k8s.Models;
using Skiff.Controllers.TaintEviction;

namespace Skiff.Controllers.Tests.TaintEviction;

public class EvictionDeadlineTests
{
    private static readonly DateTimeOffset Ten = new(2025, 6, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly V1Taint Unreachable = new() { Key = "node.kubernetes.io/unreachable", Effect = "NoExecute", TimeAdded = Ten.UtcDateTime };
    private static readonly V1Taint Maintenance = new() { Key = "example.com/maintenance", Effect = "NoExecute", TimeAdded = Ten.AddMinutes(2).UtcDateTime };

    [Fact]
    public void A_taint_the_pod_does_not_tolerate_means_at_once() =>
        Assert.Equal(EvictionDeadline.Immediately, EvictionDeadline.Of([Unreachable, Maintenance], [Toleration("node.kubernetes.io/unreachable", 300)], Added));

    [Fact]
    public void The_toleration_counts_from_when_its_taint_was_added() =>
        Assert.Equal(Ten.AddSeconds(300), EvictionDeadline.Of([Unreachable], [Toleration("node.kubernetes.io/unreachable", 300)], Added));

    [Fact]
    public void The_earliest_end_of_all_taints_wins()
    {
        // 10:00:00 + 300 s = 10:05:00 for unreachable, 10:02:00 + 60 s = 10:03:00 for maintenance.
        var deadline = EvictionDeadline.Of([Unreachable, Maintenance],
            [Toleration("node.kubernetes.io/unreachable", 300), Toleration("example.com/maintenance", 60)], Added);

        Assert.Equal(Ten.AddMinutes(3), deadline);
    }

    [Fact]
    public void Tolerations_without_seconds_mean_forever_unless_another_taint_ends_sooner()
    {
        Assert.Null(EvictionDeadline.Of([Unreachable], [Toleration("node.kubernetes.io/unreachable", null)], Added));
        Assert.Equal(Ten.AddMinutes(3), EvictionDeadline.Of([Unreachable, Maintenance],
            [Toleration("node.kubernetes.io/unreachable", null), Toleration("example.com/maintenance", 60)], Added));
    }

    [Fact]
    public void The_first_matching_toleration_decides_as_upstream()
    {
        // An Exists-everything toleration listed first tolerates forever, even with a 300 s one after it.
        var deadline = EvictionDeadline.Of([Unreachable], [new V1Toleration { OperatorProperty = "Exists" }, Toleration("node.kubernetes.io/unreachable", 300)], Added);

        Assert.Null(deadline);
    }

    [Fact]
    public void Zero_or_negative_seconds_end_when_the_taint_was_added() =>
        Assert.Equal(Ten, EvictionDeadline.Of([Unreachable], [Toleration("node.kubernetes.io/unreachable", -5)], Added));

    private static DateTimeOffset Added(V1Taint taint) => new(DateTime.SpecifyKind(taint.TimeAdded!.Value, DateTimeKind.Utc));

    private static V1Toleration Toleration(string key, long? seconds) =>
        new() { Key = key, OperatorProperty = "Exists", Effect = "NoExecute", TolerationSeconds = seconds };
}
