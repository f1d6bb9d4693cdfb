using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Skiff.Bench.Infrastructure;

/// <summary>Renders the bench results as a markdown table under a header naming the machine and the date.</summary>
public static class ResultTable
{
    public static string Render(IEnumerable<BenchRow> rows, TimeSpan totalRunTime, string protocol)
    {
        var text = new StringBuilder();
        text.AppendLine("## Skiff bench (SQLite storage)");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Machine: {Environment.MachineName}, {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription.Trim()}, "
            + $"{RuntimeInformation.ProcessArchitecture}, .NET {Environment.Version}; date: {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC; "
            + $"bench run time: {totalRunTime.TotalSeconds:F0} s");
        text.AppendLine();
        var connections = protocol == "HTTP/2"
            ? "requests multiplexed on one connection, another opened at the server's stream limit, as client-go does"
            : "one connection per concurrent request";
        text.AppendLine(CultureInfo.InvariantCulture, $"Client: {protocol} over TLS ({connections}); the load generator shares the server's cores.");
        text.AppendLine();
        text.AppendLine("| Figure | Value | Target | Met |");
        text.AppendLine("|---|---:|---|---|");
        foreach (var row in rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {row.Figure} | {row.Value} | {row.Target} | {row.Verdict} |");
        }

        return text.ToString();
    }
}
