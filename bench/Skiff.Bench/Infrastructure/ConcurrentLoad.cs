using System.Diagnostics;

namespace Skiff.Bench.Infrastructure;

/// <summary>Runs a fixed number of operations spread over a fixed number of concurrent clients, and times the whole.</summary>
public static class ConcurrentLoad
{
    /// <summary>Each client takes the next index until all are done; the first failure stops the run.</summary>
    public static async Task<TimeSpan> RunAsync(int operations, int clients, Func<int, CancellationToken, Task> operation, CancellationToken ct = default)
    {
        var next = -1;
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            try
            {
                for (var i = Interlocked.Increment(ref next); i < operations; i = Interlocked.Increment(ref next))
                {
                    await operation(i, failed.Token);
                }
            }
            catch
            {
                await failed.CancelAsync();
                throw;
            }
        }, ct));
        await Task.WhenAll(workers);
        return clock.Elapsed;
    }
}
