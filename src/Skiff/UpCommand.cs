using System.CommandLine;
using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Logging;
using Skiff.Api.Admission;
using Skiff.ApiServer.Hosting;
using Skiff.ApiServer.Observability;
using Skiff.Controllers;
using Skiff.Node;
using Skiff.Scheduler;
using Skiff.Storage;

namespace Skiff;

/// <summary>`skiff up`: starts the control plane and writes the kubeconfig once the API answers.</summary>
public static class UpCommand
{
    public static Command Create()
    {
        var dataDir = new Option<string>("--data-dir")
        {
            Description = "Directory for the cluster's state, certificates and kubeconfig",
            DefaultValueFactory = _ => Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".skiff"),
        };
        var listen = new Option<string>("--listen")
        {
            Description = "HOST:PORT the API server listens on (port 0 picks a free port)",
            DefaultValueFactory = _ => "127.0.0.1:6443",
        };
        var kubeconfig = new Option<string?>("--kubeconfig") { Description = "Where to write the kubeconfig (default DATA_DIR/kubeconfig)" };
        var storage = new Option<string>("--storage")
        {
            Description = "Storage backend: sqlite (durable, in DATA_DIR) or memory",
            DefaultValueFactory = _ => "sqlite",
        };
        storage.AcceptOnlyFromAmong("sqlite", "memory");
        var noControllers = new Option<bool>("--no-controllers")
        {
            Description = "Do not run the controllers in-process (run `skiff controller-manager` against this server instead)",
        };
        var noScheduler = new Option<bool>("--no-scheduler")
        {
            Description = "Do not run the scheduler in-process (run `skiff scheduler` against this server instead)",
        };
        var auditLog = new Option<bool>("--audit-log")
        {
            Description = "Log every write (user, verb, resource, namespace, name, code, latency) to the console as a debug-level audit line",
        };

        var nodes = new Option<int>("--nodes") { Description = "Number of simulated nodes (without --node-config)", DefaultValueFactory = _ => 3 };
        var nodeConfig = NodeCommand.NodeConfigOption();
        var stageConfig = NodeCommand.StageConfigOption();

        var controllerDefaults = new ControllerOptions();
        var monitorPeriod = GoDuration.Option("--node-monitor-period", "How often the node lifecycle controller checks node heartbeats",
            controllerDefaults.NodeMonitorPeriod);
        var monitorGrace = GoDuration.Option("--node-monitor-grace-period",
            "How long a node may go without renewing its Lease or Ready condition before it is marked Unknown and tainted unreachable",
            controllerDefaults.NodeMonitorGracePeriod);
        var tolerationDefaults = new DefaultTolerationSeconds();
        var notReadySeconds = new Option<long>("--default-not-ready-toleration-seconds")
        {
            Description = "tolerationSeconds of the not-ready:NoExecute toleration added to every pod that has none",
            DefaultValueFactory = _ => tolerationDefaults.NotReadySeconds,
        };
        var unreachableSeconds = new Option<long>("--default-unreachable-toleration-seconds")
        {
            Description = "tolerationSeconds of the unreachable:NoExecute toleration added to every pod that has none",
            DefaultValueFactory = _ => tolerationDefaults.UnreachableSeconds,
        };

        var command = new Command("up", "Start the Skiff control plane")
        {
            dataDir, listen, kubeconfig, storage, noControllers, noScheduler, auditLog, nodes, nodeConfig, stageConfig,
            monitorPeriod, monitorGrace, notReadySeconds, unreachableSeconds,
        };
        command.SetAction(async (parse, ct) =>
        {
            var started = Stopwatch.StartNew();
            var directory = Path.GetFullPath(parse.GetValue(dataDir)!);
            Directory.CreateDirectory(directory);
            if (!IPEndPoint.TryParse(parse.GetValue(listen)!, out var endpoint))
            {
                await Console.Error.WriteLineAsync($"error: --listen must be HOST:PORT, got \"{parse.GetValue(listen)}\"");
                return 2;
            }

            NodeSimulatorOptions nodeOptions;
            try
            {
                nodeOptions = NodeCommand.SimulatorOptions(parse.GetValue(nodeConfig), parse.GetValue(nodes), parse.GetValue(stageConfig));
            }
            catch (Exception e) when (e is FormatException or IOException)
            {
                await Console.Error.WriteLineAsync($"error: {e.Message}");
                return 2;
            }

            var audit = parse.GetValue(auditLog);
            using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning)
                .AddFilter(RequestRecorder.AuditCategory, audit ? LogLevel.Debug : LogLevel.Warning));
            await using IStore store = parse.GetValue(storage) == "memory"
                ? new MemoryStore()
                : await SqliteStore.OpenAsync(Path.Combine(directory, "skiff.db"), ct);
            var serverOptions = new ApiServerOptions(endpoint, directory)
            {
                DefaultTolerations = new DefaultTolerationSeconds(parse.GetValue(notReadySeconds), parse.GetValue(unreachableSeconds)),
            };
            await using var host = await ApiServerHost.StartAsync(serverOptions, store, loggerFactory, ct);
            var controllerOptions = new ControllerOptions
            {
                NodeMonitorPeriod = parse.GetValue(monitorPeriod),
                NodeMonitorGracePeriod = parse.GetValue(monitorGrace),
            };
            await using var controllers = parse.GetValue(noControllers)
                ? null
                : ControllerHost.Start(host.InProcessClientFor("kube-controller-manager"), controllerOptions, TimeProvider.System, loggerFactory);
            await using var scheduler = parse.GetValue(noScheduler)
                ? null
                : SchedulerHost.Start(host.InProcessClientFor("kube-scheduler"), new SchedulerOptions(), TimeProvider.System, loggerFactory);
            await using var simulatedNodes = await NodeSimulator.StartAsync(host.InProcessClientFor("kubelet"), nodeOptions, TimeProvider.System, loggerFactory, ct);
            // Start-up garbage (certificates, bootstrap objects, node registration, the first JSON contracts) would stay
            // in gen0 until the first collection, and an idle cluster allocates too little to reach one: none ran in
            // the first 30 s after start. One compacting collection that also hands the freed regions back to the OS
            // takes a few milliseconds and saves about 4 MB of an idle `skiff up` (docs/BENCHMARKS.md, Memory).
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            var server = $"https://{FormatHost(host.BoundEndpoint)}";
            var kubeconfigPath = Path.GetFullPath(parse.GetValue(kubeconfig) ?? Path.Combine(directory, "kubeconfig"));
            KubeconfigFile.Write(kubeconfigPath, server, host.Credentials.CaPem, host.Credentials.Token);
            Console.WriteLine($"Skiff is ready at {server} in {started.ElapsedMilliseconds} ms. To use it: export KUBECONFIG={kubeconfigPath}");
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                Console.WriteLine("Skiff is stopping.");
            }

            return 0;
        });
        return command;
    }

    private static string FormatHost(IPEndPoint endpoint) =>
        endpoint.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{endpoint.Address}]:{endpoint.Port}" : endpoint.ToString();
}
