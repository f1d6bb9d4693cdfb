using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Skiff.Bench.Infrastructure;

namespace Skiff.Bench.Measurements;

/// <summary>
/// Watch delivery latency: many watchers follow one namespace's configmaps while a writer creates configmaps at a
/// steady rate; each delivery's latency is the time a watcher read the event minus the time its create was sent.
/// </summary>
public static class WatchLatencyMeasurement
{
    private const string NamePrefix = "wcm-";

    // The event frame starts with the type, and the object's metadata.name is the first "name" carrying our prefix.
    private const string AddedFrame = "{\"type\":\"ADDED\"";
    private const string NameMarker = "\"name\":\"" + NamePrefix;
    private const int NameDigits = 6;
    private static readonly TimeSpan Target = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(15);

    public static async Task<IReadOnlyList<BenchRow>> RunAsync(
        SkiffClient client, string ns, int watchers, int writesPerSecond, TimeSpan duration, CancellationToken ct = default)
    {
        var writes = (int)(writesPerSecond * duration.TotalSeconds);
        var collection = $"/api/v1/namespaces/{ns}/configmaps";
        var resourceVersion = await CurrentResourceVersionAsync(client, collection, ct);

        // Watches are registered on the server before it sends the response headers, so once all are open
        // every later write must reach every watcher.
        var watchPath = $"{collection}?watch=true&resourceVersion={resourceVersion}";
        var streams = await Task.WhenAll(Enumerable.Range(0, watchers).Select(_ => client.OpenStreamAsync(watchPath, ct)));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var receivedAt = new long[watchers][];
        var readers = new Task<int>[watchers];
        for (var w = 0; w < watchers; w++)
        {
            receivedAt[w] = new long[writes];
            var received = receivedAt[w];
            var stream = streams[w];
            readers[w] = Task.Run(() => ReadEventsAsync(stream, received, stop.Token), ct);
        }

        var (sentAt, answeredAt, writeElapsed) = await WriteSteadilyAsync(client, collection, writes, writesPerSecond, ct);
        try
        {
            await Task.WhenAll(readers).WaitAsync(DrainTimeout, ct);
        }
        catch (TimeoutException)
        {
            // Some events never arrived: stop reading and report what was delivered.
            await stop.CancelAsync();
        }

        var delivered = (await Task.WhenAll(readers)).Sum();
        var expected = (long)writes * watchers;
        var latencies = new List<TimeSpan>(delivered);
        foreach (var received in receivedAt)
        {
            for (var i = 0; i < writes; i++)
            {
                if (received[i] != 0)
                {
                    latencies.Add(Stopwatch.GetElapsedTime(sentAt[i], received[i]));
                }
            }
        }

        var summary = LatencySummary.Of(latencies);

        // The create's own round trip is part of every delivery latency; shown apart so a miss can be placed.
        var createLatency = LatencySummary.Of(Enumerable.Range(0, writes).Select(i => Stopwatch.GetElapsedTime(sentAt[i], answeredAt[i])));
        var label = $"Watch delivery, {watchers} watchers, {writes:N0} creates at {writes / writeElapsed.TotalSeconds:F0}/s";
        return
        [
            new BenchRow($"{label}: p50", $"{summary.Median.TotalMilliseconds:F1} ms"),
            new BenchRow($"{label}: p99", $"{summary.P99.TotalMilliseconds:F1} ms", "< 50 ms", summary.Count > 0 && summary.P99 < Target),
            new BenchRow($"{label}: max", $"{summary.Max.TotalMilliseconds:F1} ms"),
            new BenchRow($"{label}: the creates' own latency p50 / p99", $"{createLatency.Median.TotalMilliseconds:F1} / {createLatency.P99.TotalMilliseconds:F1} ms"),
            new BenchRow($"{label}: events delivered / expected", $"{delivered:N0} / {expected:N0}", "all", delivered == expected),
        ];
    }

    private static async Task<string> CurrentResourceVersionAsync(SkiffClient client, string collection, CancellationToken ct)
    {
        using var list = JsonDocument.Parse(await client.GetAsync(collection, ct));
        return list.RootElement.GetProperty("metadata").GetProperty("resourceVersion").GetString()
            ?? throw new InvalidOperationException("LIST " + collection + " has no resourceVersion");
    }

    /// <summary>
    /// Sends creates on a fixed schedule (due times computed from the start, so a late send does not shift the
    /// rest), without waiting for one to finish before the next: the rate does not depend on the server's latency.
    /// </summary>
    private static async Task<(long[] SentAt, long[] AnsweredAt, TimeSpan Elapsed)> WriteSteadilyAsync(
        SkiffClient client, string collection, int writes, int writesPerSecond, CancellationToken ct)
    {
        var bodies = Enumerable.Range(0, writes).Select(ConfigMapJson).ToArray();
        var sentAt = new long[writes];
        var answeredAt = new long[writes];
        var creates = new Task[writes];
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < writes; i++)
        {
            var due = start + (i * Stopwatch.Frequency / writesPerSecond);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, ct);
            }

            sentAt[i] = Stopwatch.GetTimestamp();
            creates[i] = CreateAsync(i);
        }

        await Task.WhenAll(creates);
        return (sentAt, answeredAt, Stopwatch.GetElapsedTime(start));

        async Task CreateAsync(int index)
        {
            await client.PostAsync(collection, bodies[index], ct);
            answeredAt[index] = Stopwatch.GetTimestamp();
        }
    }

    private static byte[] ConfigMapJson(int index) => Encoding.UTF8.GetBytes(
        $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{NamePrefix}}}{{{index.ToString("D" + NameDigits, CultureInfo.InvariantCulture)}}}","labels":{"app":"bench"}},"data":{"settings.yaml":"replicas: 3\nlogLevel: info\n"}}""");

    /// <summary>Reads one watch stream, stamping the first arrival of each bench configmap; returns how many arrived.</summary>
    private static async Task<int> ReadEventsAsync(HttpResponseMessage response, long[] receivedAt, CancellationToken ct)
    {
        var count = 0;
        using (response)
        {
            try
            {
                await using var body = await response.Content.ReadAsStreamAsync(ct);
                using var reader = new StreamReader(body, Encoding.UTF8);
                while (count < receivedAt.Length && await reader.ReadLineAsync(ct) is { } line)
                {
                    var now = Stopwatch.GetTimestamp();
                    var at = line.StartsWith(AddedFrame, StringComparison.Ordinal) ? line.IndexOf(NameMarker, StringComparison.Ordinal) : -1;
                    if (at < 0 || at + NameMarker.Length + NameDigits > line.Length)
                    {
                        continue;
                    }

                    var index = int.Parse(line.AsSpan(at + NameMarker.Length, NameDigits), NumberStyles.None, CultureInfo.InvariantCulture);
                    if (index < receivedAt.Length && receivedAt[index] == 0)
                    {
                        receivedAt[index] = now;
                        count++;
                    }
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Drain timeout: what arrived so far is the result.
            }
        }

        return count;
    }
}
