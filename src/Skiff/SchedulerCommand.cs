using System.CommandLine;
using Microsoft.Extensions.Logging;
using Skiff.Api.Resources;
using Skiff.Client.Remote;
using Skiff.Client.WorkQueues;
using Skiff.Scheduler;

namespace Skiff;

/// <summary>`skiff scheduler`: the same scheduler as `skiff up` runs, as its own process over HTTPS.</summary>
public static class SchedulerCommand
{
    public static Command Create()
    {
        var kubeconfig = new Option<string>("--kubeconfig") { Description = "kubeconfig of the cluster to schedule for", Required = true };
        var qps = new Option<double>("--kube-api-qps")
        {
            Description = "Requests per second to the API server (0: unlimited; kube-scheduler's default is 50)",
            DefaultValueFactory = _ => 50,
        };
        var burst = new Option<int>("--kube-api-burst")
        {
            Description = "Requests allowed in a burst above --kube-api-qps (kube-scheduler's default is 100)",
            DefaultValueFactory = _ => 100,
        };
        var percentage = new Option<int>("--percentage-of-nodes-to-score")
        {
            Description = "Share of nodes to find feasible before scoring, 0 for upstream's adaptive default",
            DefaultValueFactory = _ => 0,
        };

        var command = new Command("scheduler", "Run Skiff's scheduler against a running cluster") { kubeconfig, qps, burst, percentage };
        command.SetAction(async (parse, ct) =>
        {
            var share = parse.GetValue(percentage);
            if (share is < 0 or > 100)
            {
                await Console.Error.WriteLineAsync($"error: --percentage-of-nodes-to-score must be within 0..100, got {share}");
                return 2;
            }

            using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
            var limiter = new ClientRateLimiter(parse.GetValue(qps), parse.GetValue(burst), TimeProvider.System);
            using var client = new RemoteKubeClient(KubeconfigHttp.Create(parse.GetValue(kubeconfig)!, "kube-scheduler"), ResourceRegistry.CreateDefault(), limiter.WaitAsync);
            await using var scheduler = SchedulerHost.Start(client, new SchedulerOptions(PercentageOfNodesToScore: share), TimeProvider.System, loggerFactory);
            try
            {
                await scheduler.WaitForSyncAsync(ct);
                Console.WriteLine("Skiff scheduler is running.");
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                Console.WriteLine("Skiff scheduler is stopping.");
            }

            return 0;
        });
        return command;
    }
}
