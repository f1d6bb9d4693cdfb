using Microsoft.Extensions.Time.Testing;
using Skiff.Client.Expectations;

namespace Skiff.Client.Tests.Expectations;

/// <summary>Deletions tracked by pod key count once per pod, however often the pod's deletion is observed.</summary>
public sealed class UidTrackingExpectationsTests
{
    private const string Key = "default/web";

    private readonly FakeTimeProvider clock = new();

    [Fact]
    public void EachExpectedPodCountsOnce_AndOtherPodsNotAtAll()
    {
        var expectations = new UidTrackingExpectations(clock);
        expectations.ExpectDeletions(Key, ["default/web-1", "default/web-2"]);
        Assert.False(expectations.SatisfiedExpectations(Key));

        // First the update that sets deletionTimestamp, then the delete itself.
        expectations.DeletionObserved(Key, "default/web-1");
        expectations.DeletionObserved(Key, "default/web-1");
        expectations.DeletionObserved(Key, "default/web-9");
        Assert.False(expectations.SatisfiedExpectations(Key));
        Assert.True(expectations.TryGetExpectations(Key, out _, out var deletes));
        Assert.Equal(1, deletes);
        Assert.Equal(["default/web-2"], expectations.ExpectedDeletions(Key));

        expectations.DeletionObserved(Key, "default/web-2");
        Assert.True(expectations.SatisfiedExpectations(Key));
        Assert.Empty(expectations.ExpectedDeletions(Key));
    }

    [Fact]
    public void DuplicatePodKeys_AreExpectedOnce()
    {
        var expectations = new UidTrackingExpectations(clock);
        expectations.ExpectDeletions(Key, ["default/web-1", "default/web-1"]);

        expectations.DeletionObserved(Key, "default/web-1");
        Assert.True(expectations.SatisfiedExpectations(Key));
    }

    [Fact]
    public void ExpectDeletions_ReplacesTheEarlierSet()
    {
        var expectations = new UidTrackingExpectations(clock);
        expectations.ExpectDeletions(Key, ["default/web-1"]);
        expectations.ExpectDeletions(Key, ["default/web-2"]);

        expectations.DeletionObserved(Key, "default/web-1");
        Assert.False(expectations.SatisfiedExpectations(Key));
        expectations.DeletionObserved(Key, "default/web-2");
        Assert.True(expectations.SatisfiedExpectations(Key));
    }

    [Fact]
    public void DeleteExpectations_ForgetsCountsAndPods()
    {
        var expectations = new UidTrackingExpectations(clock);
        expectations.ExpectDeletions(Key, ["default/web-1"]);

        expectations.DeleteExpectations(Key);

        Assert.True(expectations.SatisfiedExpectations(Key));
        Assert.Empty(expectations.ExpectedDeletions(Key));
        expectations.DeletionObserved(Key, "default/web-1");
        Assert.False(expectations.TryGetExpectations(Key, out _, out _));
    }

    [Fact]
    public void Creations_PassThrough_AndExpireLikeDeletions()
    {
        var expectations = new UidTrackingExpectations(clock);
        expectations.ExpectCreations(Key, 2);
        expectations.CreationObserved(Key);
        expectations.LowerExpectations(Key, 1, 0);
        Assert.True(expectations.SatisfiedExpectations(Key));

        expectations.ExpectDeletions(Key, ["default/web-1"]);
        expectations.RaiseExpectations(Key, 1, 0);
        clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        Assert.True(expectations.SatisfiedExpectations(Key));
    }
}
