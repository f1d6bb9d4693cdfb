using System.CommandLine;
using Microsoft.Extensions.Logging;
using Skiff.Api.Resources;
using Skiff.Client.Remote;
using Skiff.Client.WorkQueues;
using Skiff.Controllers;

namespace Skiff;

/// <summary>`skiff controller-manager`: the same controllers as `skiff up` runs, as their own process over HTTPS.</summary>
public static class ControllerManagerCommand
{
    public static Command Create()
    {
        var kubeconfig = new Option<string>("--kubeconfig") { Description = "kubeconfig of the cluster to manage", Required = true };
        var qps = new Option<double>("--kube-api-qps")
        {
            Description = "Requests per second to the API server (0: unlimited)",
            DefaultValueFactory = _ => 20,
        };
        var burst = new Option<int>("--kube-api-burst")
        {
            Description = "Requests allowed in a burst above --kube-api-qps",
            DefaultValueFactory = _ => 30,
        };
        var defaults = new ControllerOptions();
        var replicaSetSyncs = WorkersOption("--concurrent-replicaset-syncs", "ReplicaSets synced at once", defaults.ReplicaSetWorkers);
        var rcSyncs = WorkersOption("--concurrent-rc-syncs", "ReplicationControllers synced at once", defaults.ReplicationControllerWorkers);
        var gcSyncs = WorkersOption("--concurrent-gc-syncs", "garbage collector workers", defaults.GarbageCollectorWorkers);
        var namespaceSyncs = WorkersOption("--concurrent-namespace-syncs", "namespaces deleted at once", defaults.NamespaceWorkers);
        var deploymentSyncs = WorkersOption("--concurrent-deployment-syncs", "Deployments synced at once", defaults.DeploymentWorkers);
        var monitorPeriod = GoDuration.Option("--node-monitor-period", "How often the node lifecycle controller checks node heartbeats",
            defaults.NodeMonitorPeriod);
        var monitorGrace = GoDuration.Option("--node-monitor-grace-period",
            "How long a node may go without renewing its Lease or Ready condition before it is marked Unknown and tainted unreachable",
            defaults.NodeMonitorGracePeriod);

        var command = new Command("controller-manager", "Run Skiff's controllers against a running cluster")
        {
            kubeconfig, qps, burst, replicaSetSyncs, rcSyncs, gcSyncs, namespaceSyncs, deploymentSyncs, monitorPeriod, monitorGrace,
        };
        command.SetAction(async (parse, ct) =>
        {
            using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
            var limiter = new ClientRateLimiter(parse.GetValue(qps), parse.GetValue(burst), TimeProvider.System);
            using var client = new RemoteKubeClient(KubeconfigHttp.Create(parse.GetValue(kubeconfig)!, "kube-controller-manager"), ResourceRegistry.CreateDefault(), limiter.WaitAsync);
            var options = new ControllerOptions(
                parse.GetValue(replicaSetSyncs), parse.GetValue(rcSyncs), parse.GetValue(gcSyncs), parse.GetValue(namespaceSyncs),
                parse.GetValue(deploymentSyncs))
            {
                NodeMonitorPeriod = parse.GetValue(monitorPeriod),
                NodeMonitorGracePeriod = parse.GetValue(monitorGrace),
            };
            await using var controllers = ControllerHost.Start(client, options, TimeProvider.System, loggerFactory);
            try
            {
                await controllers.WaitForSyncAsync(ct);
                Console.WriteLine("Skiff controller manager is running.");
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                Console.WriteLine("Skiff controller manager is stopping.");
            }

            return 0;
        });
        return command;
    }

    private static Option<int> WorkersOption(string name, string what, int defaultValue) => new(name)
    {
        Description = $"Number of {what} (upstream's flag of the same name)",
        DefaultValueFactory = _ => defaultValue,
    };
}
