using System.Diagnostics;
using System.Net;
using Skiff.Bench.Infrastructure;
using Skiff.Bench.Measurements;

// Whole-system load generator: starts its own skiff (SQLite storage) on loopback, measures, prints a markdown table.
// Usage: dotnet run --project bench/Skiff.Bench -c Release -- [--out FILE] [--http1] [--controllers-only | --nodes-only | --scheduler-only | --deployments-only]
// The client speaks HTTP/2 over TLS as client-go (kubectl, controllers) does; --http1 measures with HTTP/1.1 instead.
const int CreateClients = 64;
const int ListPods = 10_000;
string? outPath = null;
var protocol = HttpVersion.Version20;
var controllersOnly = false;
var nodesOnly = false;
var schedulerOnly = false;
var deploymentsOnly = false;
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--out" && i + 1 < args.Length)
    {
        outPath = args[++i];
    }
    else if (args[i] == "--controllers-only")
    {
        controllersOnly = true;
    }
    else if (args[i] == "--nodes-only")
    {
        nodesOnly = true;
    }
    else if (args[i] == "--scheduler-only")
    {
        schedulerOnly = true;
    }
    else if (args[i] == "--deployments-only")
    {
        deploymentsOnly = true;
    }
    else if (args[i] == "--http1")
    {
        protocol = HttpVersion.Version11;
    }
    else
    {
        await Console.Error.WriteLineAsync($"unknown argument \"{args[i]}\"; usage: Skiff.Bench [--out FILE] [--http1] [--controllers-only | --nodes-only | --scheduler-only | --deployments-only]");
        return 2;
    }
}

var total = Stopwatch.StartNew();
var skiffDll = RepositoryLayout.SkiffDll;
var rows = new List<BenchRow>();

var everything = !controllersOnly && !nodesOnly && !schedulerOnly && !deploymentsOnly;
string[] ApiServerOnly = ["--nodes", "0", "--no-scheduler"];
if (everything)
{
    await RunApiMeasurementsAsync();
    await using var defaultCluster = await SkiffProcess.StartAsync(skiffDll);
    rows.Add(MemoryMeasurement.Idle(defaultCluster, "default `skiff up`: 3 simulated nodes, scheduler, controllers"));
}

// Simulated nodes run in this process, as inside `skiff up`; each figure on a fresh server.
if (everything || nodesOnly)
{
    Progress("nodes: 1,000 to Ready, then 5,000 idle for 60 s");
    rows.AddRange(await NodeHeartbeatMeasurement.RunAsync(readyNodes: 1_000, idleNodes: 5_000, idleWindow: TimeSpan.FromSeconds(60)));
}

// The scheduler in-process (API pipeline without HTTP), 5,000 nodes: upstream's scheduler_perf scale.
if (everything || schedulerOnly)
{
    rows.AddRange(await SchedulerThroughputMeasurement.RunAsync(nodes: 5_000, pods: 10_000, targetPerSecond: 1_000, Progress));
}

if (everything || controllersOnly)
{
    await RunControllerMeasurementAsync();
}

if (everything || deploymentsOnly)
{
    await RunDeploymentMeasurementsAsync();
}

var table = ResultTable.Render(rows, total.Elapsed, SkiffClient.ProtocolName(protocol));
Console.WriteLine(table);
if (outPath is not null)
{
    await File.WriteAllTextAsync(outPath, table);
    Progress("written to " + outPath);
}

return 0;

// A fresh server, so that the controllers start from an empty cluster.
async Task RunControllerMeasurementAsync()
{
    Progress("controllers: 100 ReplicaSets x 100 replicas");
    await using (var skiff = await SkiffProcess.StartAsync(skiffDll, ApiServerOnly))
    {
        try
        {
            using var client = SkiffClient.FromKubeconfig(skiff.Kubeconfig, protocol);
            rows.AddRange(await ReplicaSetFanOutMeasurement.RunAsync(skiff, client, "bench-fanout", replicaSets: 100, replicas: 100,
                target: TimeSpan.FromSeconds(10), label: "in-process controllers, no nodes"));
        }
        catch
        {
            await Console.Error.WriteLineAsync("bench failed; server log:\n" + skiff.Log);
            throw;
        }
    }

    // The same load on a cluster that runs it: 100 simulated nodes (110 pods each) with no container start delay.
    Progress("cluster: 100 ReplicaSets x 100 replicas to Running on 100 simulated nodes");
    var nodeConfig = Path.Combine(Path.GetTempPath(), $"skiff-bench-nodes-{Environment.ProcessId}.yaml");
    await File.WriteAllTextAsync(nodeConfig, """
        apiVersion: skiff.io/v1alpha1
        kind: NodeConfig
        groups:
        - count: 100
          namePrefix: bench-node
          capacity: {cpu: 32, memory: 128Gi, pods: 110}
          startDelay: 0s
          startJitter: 0s
        """);
    try
    {
        await using var skiff = await SkiffProcess.StartAsync(skiffDll, "--node-config", nodeConfig);
        try
        {
            using var client = SkiffClient.FromKubeconfig(skiff.Kubeconfig, protocol);
            rows.AddRange(await ReplicaSetFanOutMeasurement.RunAsync(skiff, client, "bench-cluster", replicaSets: 100, replicas: 100,
                target: TimeSpan.FromSeconds(30), readyTarget: TimeSpan.FromSeconds(30),
                label: "controllers, scheduler and 100 simulated nodes in `skiff up`"));
        }
        catch
        {
            await Console.Error.WriteLineAsync("bench failed; server log:\n" + skiff.Log);
            throw;
        }
    }
    finally
    {
        File.Delete(nodeConfig);
    }
}

// Rollouts on default simulated nodes (110 pods each, no start jitter), each on a fresh server: the pods' start delay
// comes from the template's skiff.io/start-delay. Peak pods are replicas + 25% surge: 1,250 on 100 nodes, and
// 12,500 on 125 nodes (13,750 pod slots).
async Task RunDeploymentMeasurementsAsync()
{
    Progress("deployments: 1 x 1,000 replicas, new image, 25%/25%, start delay 10 s, on 100 simulated nodes");
    await using (var skiff = await SkiffProcess.StartAsync(skiffDll, "--nodes", "100"))
    {
        try
        {
            using var client = SkiffClient.FromKubeconfig(skiff.Kubeconfig, protocol);
            rows.AddRange(await DeploymentRolloutMeasurement.RunAsync(skiff, client, "bench-rollout", deployments: 1, replicas: 1_000,
                startDelay: TimeSpan.FromSeconds(10), ratioTarget: 1.5, Progress));
        }
        catch
        {
            await Console.Error.WriteLineAsync("bench failed; server log:\n" + skiff.Log);
            throw;
        }
    }

    Progress("deployments: 100 x 100 replicas rolled at once, 25%/25%, start delay 10 s, on 125 simulated nodes");
    await using (var skiff = await SkiffProcess.StartAsync(skiffDll, "--nodes", "125"))
    {
        try
        {
            using var client = SkiffClient.FromKubeconfig(skiff.Kubeconfig, protocol);
            rows.AddRange(await DeploymentRolloutMeasurement.RunAsync(skiff, client, "bench-rollouts", deployments: 100, replicas: 100,
                startDelay: TimeSpan.FromSeconds(10), ratioTarget: null, Progress));
        }
        catch
        {
            await Console.Error.WriteLineAsync("bench failed; server log:\n" + skiff.Log);
            throw;
        }
    }
}

async Task RunApiMeasurementsAsync()
{
    Progress("start-up: 3 cold starts");
    rows.Add(await StartupMeasurement.RunAsync(skiffDll, starts: 3));

    // The API figures are the API server's (with the controllers running, as in `skiff up`), so the 24,000 bare pods
    // they create are not also scheduled onto 3 simulated nodes and run (that cluster work has figures of its own).
    await using (var skiff = await SkiffProcess.StartAsync(skiffDll, ApiServerOnly))
    {
        try
        {
            rows.Add(MemoryMeasurement.Idle(skiff, "`skiff up --nodes 0 --no-scheduler`"));
            using var client = SkiffClient.FromKubeconfig(skiff.Kubeconfig, protocol);
            foreach (var ns in new[] { "bench-serial", "bench-list", "bench-spread", "bench-watch" })
            {
                await client.CreateNamespaceAsync(ns);
            }

            // Opens the connections (TLS handshakes) before anything is timed.
            await ConcurrentLoad.RunAsync(CreateClients * 4, CreateClients, (_, ct) => client.GetAsync("/api/v1/namespaces/default", ct));

            Progress("creates: 1 client");
            rows.Add(await CreateThroughputMeasurement.RunAsync(
                client, SkiffClient.ProtocolName(protocol), 2_000, 1, i => new PodAddress("bench-serial", $"serial-{i:D5}"), targetPerSecond: null));

            // Half of the pods go to one namespace so that it holds exactly the 10,000 the LIST figure needs.
            Progress($"creates: {CreateClients} clients");
            var pods = Enumerable.Range(0, 2 * ListPods)
                .Select(i => new PodAddress(i % 2 == 0 ? "bench-list" : "bench-spread", $"pod-{i:D5}"))
                .ToArray();
            rows.Add(await CreateThroughputMeasurement.RunAsync(client, SkiffClient.ProtocolName(protocol), pods.Length, CreateClients, i => pods[i], targetPerSecond: 5_000));

            Progress($"gets: {CreateClients} clients");
            rows.Add(await GetThroughputMeasurement.RunAsync(client, pods, gets: 50_000, CreateClients));

            Progress("list latency");
            rows.AddRange(await ListLatencyMeasurement.RunAsync(client, "bench-list", ListPods, lists: 20));

            Progress("watch latency: 100 watchers, 200 creates/s for 10 s");
            rows.AddRange(await WatchLatencyMeasurement.RunAsync(client, "bench-watch", watchers: 100, writesPerSecond: 200, TimeSpan.FromSeconds(10)));

            rows.Add(MemoryMeasurement.Loaded(skiff, "the runs above, ~24,000 objects"));
        }
        catch
        {
            await Console.Error.WriteLineAsync("bench failed; server log:\n" + skiff.Log);
            throw;
        }
    }
}

static void Progress(string step) => Console.Error.WriteLine($"[bench] {step}");
