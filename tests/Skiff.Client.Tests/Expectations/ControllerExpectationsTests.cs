using Microsoft.Extensions.Time.Testing;
using Skiff.Client.Expectations;

namespace Skiff.Client.Tests.Expectations;

/// <summary>Expectations block a controller's sync until its own writes are observed, or until they expire.</summary>
public sealed class ControllerExpectationsTests
{
    private const string Key = "default/web";

    private readonly FakeTimeProvider clock = new();

    [Fact]
    public void AControllerWithoutExpectations_IsSatisfied()
    {
        var expectations = new ControllerExpectations(clock);

        Assert.True(expectations.SatisfiedExpectations(Key));
        Assert.False(expectations.TryGetExpectations(Key, out _, out _));
    }

    [Fact]
    public void ExpectedCreations_AreSatisfiedOnceAllAreObserved()
    {
        var expectations = new ControllerExpectations(clock);
        expectations.ExpectCreations(Key, 2);

        Assert.False(expectations.SatisfiedExpectations(Key));
        expectations.CreationObserved(Key);
        Assert.False(expectations.SatisfiedExpectations(Key));
        expectations.CreationObserved(Key);
        Assert.True(expectations.SatisfiedExpectations(Key));

        // Observing more than expected (someone else's pod) keeps it satisfied.
        expectations.CreationObserved(Key);
        Assert.True(expectations.SatisfiedExpectations(Key));
        Assert.True(expectations.TryGetExpectations(Key, out var adds, out var deletes));
        Assert.Equal(-1, adds);
        Assert.Equal(0, deletes);
    }

    [Fact]
    public void ExpectedDeletions_AreSatisfiedOnceAllAreObserved()
    {
        var expectations = new ControllerExpectations(clock);
        expectations.ExpectDeletions(Key, 1);

        Assert.False(expectations.SatisfiedExpectations(Key));
        expectations.CreationObserved(Key);
        Assert.False(expectations.SatisfiedExpectations(Key));
        expectations.DeletionObserved(Key);
        Assert.True(expectations.SatisfiedExpectations(Key));
    }

    [Fact]
    public void BothCountsMustBeMet()
    {
        var expectations = new ControllerExpectations(clock);
        expectations.SetExpectations(Key, 1, 1);

        expectations.CreationObserved(Key);
        Assert.False(expectations.SatisfiedExpectations(Key));
        expectations.DeletionObserved(Key);
        Assert.True(expectations.SatisfiedExpectations(Key));
    }

    [Fact]
    public void UnmetExpectations_ExpireAfterFiveMinutes()
    {
        var expectations = new ControllerExpectations(clock);
        expectations.ExpectCreations(Key, 3);

        clock.Advance(ControllerExpectations.ExpectationsTimeout);
        Assert.False(expectations.SatisfiedExpectations(Key));
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(expectations.SatisfiedExpectations(Key));
        Assert.Equal(TimeSpan.FromMinutes(5), ControllerExpectations.ExpectationsTimeout);
    }

    [Fact]
    public void SettingExpectationsAgain_RestartsTheTimeout_ButRaisingDoesNot()
    {
        var expectations = new ControllerExpectations(clock);
        expectations.ExpectCreations(Key, 1);
        clock.Advance(TimeSpan.FromMinutes(4));
        expectations.ExpectCreations(Key, 1);
        clock.Advance(TimeSpan.FromMinutes(4));
        Assert.False(expectations.SatisfiedExpectations(Key));

        expectations.RaiseExpectations(Key, 1, 0);
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.True(expectations.SatisfiedExpectations(Key));
    }

    [Fact]
    public void LowerAndRaise_ChangeExistingCounts_AndIgnoreUnknownControllers()
    {
        var expectations = new ControllerExpectations(clock);
        expectations.RaiseExpectations(Key, 5, 5);
        expectations.LowerExpectations(Key, 1, 1);
        Assert.False(expectations.TryGetExpectations(Key, out _, out _));
        Assert.True(expectations.SatisfiedExpectations(Key));

        expectations.SetExpectations(Key, 2, 3);
        expectations.RaiseExpectations(Key, 1, 0);
        expectations.LowerExpectations(Key, 0, 2);
        Assert.True(expectations.TryGetExpectations(Key, out var adds, out var deletes));
        Assert.Equal(3, adds);
        Assert.Equal(1, deletes);

        // A create that failed will never be observed, so the controller lowers instead.
        expectations.LowerExpectations(Key, 3, 1);
        Assert.True(expectations.SatisfiedExpectations(Key));
    }

    [Fact]
    public void DeleteExpectations_ForgetsTheController()
    {
        var expectations = new ControllerExpectations(clock);
        expectations.ExpectCreations(Key, 2);
        expectations.ExpectCreations("default/other", 1);

        expectations.DeleteExpectations(Key);

        Assert.True(expectations.SatisfiedExpectations(Key));
        Assert.False(expectations.TryGetExpectations(Key, out _, out _));
        Assert.False(expectations.SatisfiedExpectations("default/other"));
    }

    [Fact]
    public async Task ConcurrentObservations_AreAllCounted()
    {
        const int Pods = 10_000;
        var expectations = new ControllerExpectations(clock);
        expectations.SetExpectations(Key, Pods, Pods);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(() =>
        {
            for (var i = worker; i < Pods; i += 8)
            {
                expectations.CreationObserved(Key);
                expectations.DeletionObserved(Key);
            }
        }))).WaitAsync(Eventually.Timeout);

        Assert.True(expectations.TryGetExpectations(Key, out var adds, out var deletes));
        Assert.Equal(0, adds);
        Assert.Equal(0, deletes);
    }
}
