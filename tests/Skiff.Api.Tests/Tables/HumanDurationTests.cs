using Skiff.Api.Tables;

namespace Skiff.Api.Tests.Tables;

public class HumanDurationTests
{
    public static TheoryData<TimeSpan, string> Boundaries => new()
    {
        { TimeSpan.FromSeconds(-3), "<invalid>" },
        { TimeSpan.FromSeconds(-2), "<invalid>" },
        { TimeSpan.FromMilliseconds(-1999), "0s" },
        { TimeSpan.FromSeconds(-1), "0s" },
        { TimeSpan.Zero, "0s" },
        { TimeSpan.FromMilliseconds(999), "0s" },
        { TimeSpan.FromSeconds(1), "1s" },
        { TimeSpan.FromSeconds(60), "60s" },
        { TimeSpan.FromSeconds(119), "119s" },
        { TimeSpan.FromSeconds(120), "2m" },
        { TimeSpan.FromSeconds(121), "2m1s" },
        { TimeSpan.FromSeconds(599), "9m59s" },
        { TimeSpan.FromMinutes(10), "10m" },
        { TimeSpan.FromSeconds(630), "10m" },
        { TimeSpan.FromMinutes(179), "179m" },
        { TimeSpan.FromHours(3), "3h" },
        { TimeSpan.FromMinutes(181), "3h1m" },
        { new TimeSpan(7, 59, 59), "7h59m" },
        { TimeSpan.FromHours(8), "8h" },
        { new TimeSpan(8, 30, 0), "8h" },
        { new TimeSpan(47, 59, 59), "47h" },
        { TimeSpan.FromHours(48), "2d" },
        { TimeSpan.FromHours(49), "2d1h" },
        { TimeSpan.FromHours(24 * 8 - 1), "7d23h" },
        { TimeSpan.FromDays(8), "8d" },
        { TimeSpan.FromDays(729), "729d" },
        { TimeSpan.FromDays(730), "2y" },
        { TimeSpan.FromDays(731), "2y1d" },
        { TimeSpan.FromDays(365 * 8 - 1), "7y364d" },
        { TimeSpan.FromDays(365 * 8), "8y" },
        { TimeSpan.FromDays(365 * 100), "100y" },
    };

    [Theory]
    [MemberData(nameof(Boundaries))]
    public void Formats_like_apimachinery(TimeSpan duration, string expected) =>
        Assert.Equal(expected, HumanDuration.Format(duration));
}
