using k8s.Models;
using Microsoft.Extensions.Time.Testing;
using Skiff.Client.Events;

namespace Skiff.Client.Tests.Events;

public sealed class EventCorrelatorTests
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void A_repeated_event_counts_on_the_first_one()
    {
        var correlator = new EventCorrelator(clock);
        var first = correlator.Correlate(Event("web.1", "Created pod: web-abcde"))!;
        clock.Advance(TimeSpan.FromSeconds(3));
        var again = correlator.Correlate(Event("web.2", "Created pod: web-abcde"))!;

        Assert.Equal(1, first.Count);
        Assert.Equal(("web.1", 2), (again.Metadata.Name, again.Count));
    }

    [Fact]
    public void The_tenth_similar_message_is_combined()
    {
        var correlator = new EventCorrelator(clock);
        for (var i = 0; i < 9; i++)
        {
            Assert.DoesNotContain("combined", correlator.Correlate(Event($"web.{i}", $"Created pod: web-{i}"))!.Message, StringComparison.Ordinal);
        }

        var tenth = correlator.Correlate(Event("web.9", "Created pod: web-9"))!;
        var eleventh = correlator.Correlate(Event("web.10", "Created pod: web-10"))!;
        Assert.Equal("(combined from similar events): Created pod: web-9", tenth.Message);
        Assert.Equal(("web.9", 2), (eleventh.Metadata.Name, eleventh.Count));
    }

    [Fact]
    public void The_spam_filter_allows_25_then_one_per_five_minutes()
    {
        var correlator = new EventCorrelator(clock);
        var passed = Enumerable.Range(0, 30).Count(i => correlator.Correlate(Event($"web.{i}", "same")) is not null);
        Assert.Equal(25, passed);

        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.NotNull(correlator.Correlate(Event("web.later", "same")));
        Assert.Null(correlator.Correlate(Event("web.later2", "same")));
    }

    private static Corev1Event Event(string name, string message) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default" },
        InvolvedObject = new V1ObjectReference { Kind = "ReplicaSet", Name = "web", NamespaceProperty = "default", Uid = "u1", ApiVersion = "apps/v1" },
        Reason = "SuccessfulCreate",
        Message = message,
        Type = "Normal",
        Source = new V1EventSource { Component = "replicaset-controller" },
        Count = 1,
        FirstTimestamp = DateTime.UtcNow,
    };
}
