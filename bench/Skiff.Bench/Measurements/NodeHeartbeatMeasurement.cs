using System.Diagnostics;
using System.Net;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Skiff.ApiServer.Hosting;
using Skiff.Bench.Infrastructure;
using Skiff.Node;
using Skiff.Storage;

namespace Skiff.Bench.Measurements;

/// <summary>
/// Simulated nodes in process, as `skiff up` runs them (API server on SQLite, in-process client): the time from
/// starting the simulator until the API lists every node Ready, and the CPU the process spends while thousands of
/// idle nodes renew their leases every 10 s (nothing else runs), as a share of one core.
/// </summary>
public static class NodeHeartbeatMeasurement
{
    public static async Task<IReadOnlyList<BenchRow>> RunAsync(int readyNodes, int idleNodes, TimeSpan idleWindow, CancellationToken ct = default)
    {
        var rows = new List<BenchRow>();
        rows.Add(await TimeToReadyAsync(readyNodes, ct));
        rows.AddRange(await IdleCostAsync(idleNodes, idleWindow, ct));
        return rows;
    }

    private static async Task<BenchRow> TimeToReadyAsync(int count, CancellationToken ct)
    {
        await using var server = await InProcessServer.StartAsync(ct);
        var clock = Stopwatch.StartNew();
        await using var nodes = await NodeSimulator.StartAsync(server.Host.InProcessClient, NodeSimulatorOptions.ForNodes(count), TimeProvider.System, server.Loggers, ct);
        var ready = 0;
        while (ready < count)
        {
            var listed = await server.Host.InProcessClient.ListAsync<V1Node>(null, null, ct);
            ready = listed.Items.Count(n => n.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true);
        }

        var elapsed = clock.Elapsed;
        return new BenchRow($"{count:N0} simulated nodes, in process: start until all are Ready (Node and Lease written)", $"{elapsed.TotalSeconds:F2} s", "< 5 s", elapsed < TimeSpan.FromSeconds(5));
    }

    private static async Task<IReadOnlyList<BenchRow>> IdleCostAsync(int count, TimeSpan window, CancellationToken ct)
    {
        await using var server = await InProcessServer.StartAsync(ct);
        await using var nodes = await NodeSimulator.StartAsync(server.Host.InProcessClient, NodeSimulatorOptions.ForNodes(count), TimeProvider.System, server.Loggers, ct);

        // Let registration's garbage and the first renewals settle, then measure whole renewal cycles.
        await Task.Delay(TimeSpan.FromSeconds(10), ct);
        using var self = Process.GetCurrentProcess();
        var cpuBefore = self.TotalProcessorTime;
        var renewalsBefore = nodes.Heartbeats.Renewals;
        var clock = Stopwatch.StartNew();
        await Task.Delay(window, ct);
        self.Refresh();
        var cpu = self.TotalProcessorTime - cpuBefore;
        var share = cpu / clock.Elapsed;
        var renewals = nodes.Heartbeats.Renewals - renewalsBefore;
        var label = $"{count:N0} idle simulated nodes, in process with the API server on SQLite, over {window.TotalSeconds:F0} s";
        return
        [
            new BenchRow($"{label}: CPU (share of one core)", $"{share * 100:F1} %", "< 5 %", share < 0.05),
            new BenchRow($"{label}: lease renewals/s", $"{renewals / clock.Elapsed.TotalSeconds:N0}/s"),
        ];
    }

    /// <summary>The API server as `skiff up` starts it, on a temporary SQLite file, with warnings-only logging.</summary>
    private sealed class InProcessServer : IAsyncDisposable
    {
        private readonly string directory;
        private readonly IStore store;

        private InProcessServer(string directory, IStore store, ApiServerHost host, ILoggerFactory loggers)
        {
            this.directory = directory;
            this.store = store;
            Host = host;
            Loggers = loggers;
        }

        public ApiServerHost Host { get; }

        public ILoggerFactory Loggers { get; }

        public static async Task<InProcessServer> StartAsync(CancellationToken ct)
        {
            var directory = Directory.CreateTempSubdirectory("skiff-bench-nodes-").FullName;
            var loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Warning));
            var store = await SqliteStore.OpenAsync(Path.Combine(directory, "skiff.db"), ct);
            var host = await ApiServerHost.StartAsync(new ApiServerOptions(new IPEndPoint(IPAddress.Loopback, 0), directory), store, loggers, ct);
            return new InProcessServer(directory, store, host, loggers);
        }

        public async ValueTask DisposeAsync()
        {
            await Host.DisposeAsync();
            await store.DisposeAsync();
            Loggers.Dispose();
            Directory.Delete(directory, recursive: true);
        }
    }
}
