using System.Globalization;
using Skiff.Bench.Infrastructure;

namespace Skiff.Bench.Measurements;

/// <summary>Start-up time: process start until the ready line, median of several cold starts on fresh data dirs.</summary>
public static class StartupMeasurement
{
    public static async Task<BenchRow> RunAsync(string skiffDll, int starts)
    {
        var times = new List<TimeSpan>();
        for (var i = 0; i < starts; i++)
        {
            await using var skiff = await SkiffProcess.StartAsync(skiffDll);
            times.Add(skiff.TimeToReady);
        }

        var median = LatencySummary.Of(times).Median;
        var all = string.Join(", ", times.Select(t => t.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture)));
        return new BenchRow(
            $"Start-up to ready (median of {starts}; all: {all} ms)",
            $"{median.TotalMilliseconds:F0} ms",
            "< 1 s",
            median < TimeSpan.FromSeconds(1));
    }
}
