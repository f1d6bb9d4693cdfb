using System.CommandLine;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Skiff.Api.Resources;
using Skiff.Client;
using Skiff.Client.Remote;
using Skiff.Client.WorkQueues;
using Skiff.Node;
using Skiff.Node.Configuration;
using Skiff.Node.Heartbeats;
using Skiff.Node.Stages;

namespace Skiff;

/// <summary>
/// `skiff node`: runs simulated nodes as their own process against a cluster's kubeconfig, and `skiff node stop|start
/// NAME` to simulate a node failure and its recovery. Also the node options `skiff up` shares.
/// </summary>
public static class NodeCommand
{
    /// <summary>The --node-config option (groups of nodes in a YAML file).</summary>
    public static Option<string?> NodeConfigOption() => new("--node-config") { Description = "YAML file describing groups of simulated nodes (see README)" };

    /// <summary>The --stage-config option (a pod lifecycle replacing the embedded one).</summary>
    public static Option<string?> StageConfigOption() => new("--stage-config") { Description = "YAML file of pod lifecycle stages replacing the built-in ones" };

    /// <summary>Simulator options from --node-config (or <paramref name="count"/> default nodes) and --stage-config.</summary>
    public static NodeSimulatorOptions SimulatorOptions(string? nodeConfig, int count, string? stageConfig) => new(
        nodeConfig is null ? NodeConfig.Default(count) : NodeConfig.Load(nodeConfig),
        stageConfig is null ? StageSet.DefaultPodLifecycle : StageSet.Load(stageConfig),
        HeartbeatOptions.Default);

    public static Command Create()
    {
        var kubeconfig = KubeconfigOption();
        var name = new Option<string?>("--name") { Description = "Run one node of this name" };
        var count = new Option<int>("--count")
        {
            Description = "Run this many nodes, named PREFIX-1..N (without --name or --node-config)",
            DefaultValueFactory = _ => 1,
        };
        var prefix = new Option<string>("--name-prefix")
        {
            Description = "Name prefix of the nodes --count makes",
            DefaultValueFactory = _ => NodeGroup.DefaultNamePrefix,
        };
        var nodeConfig = NodeConfigOption();
        var stageConfig = StageConfigOption();
        var qps = new Option<double>("--kube-api-qps")
        {
            Description = "Requests per second to the API server (0: unlimited)",
            DefaultValueFactory = _ => 0,
        };

        var command = new Command("node", "Run simulated nodes against a running cluster")
        {
            kubeconfig, name, count, prefix, nodeConfig, stageConfig, qps, StopCommand(true), StopCommand(false),
        };
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(nodeConfig) is null && parse.GetValue(name) is null && parse.GetValue(count) < 1)
            {
                await Console.Error.WriteLineAsync("error: --count must be at least 1");
                return 2;
            }

            NodeSimulatorOptions options;
            try
            {
                options = SimulatorOptions(parse.GetValue(nodeConfig), parse.GetValue(count), parse.GetValue(stageConfig));
            }
            catch (Exception e) when (e is FormatException or IOException)
            {
                await Console.Error.WriteLineAsync($"error: {e.Message}");
                return 2;
            }

            if (parse.GetValue(nodeConfig) is null)
            {
                var group = options.Config.Groups.Single();
                group.NamePrefix = parse.GetValue(prefix)!;
                if (parse.GetValue(name) is { } single)
                {
                    group.Names = [single];
                    group.Count = 1;
                }
            }

            using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
            var limiter = new ClientRateLimiter(parse.GetValue(qps), 100, TimeProvider.System);
            using var client = new RemoteKubeClient(KubeconfigHttp.Create(parse.GetValue(kubeconfig)!, "kubelet"), ResourceRegistry.CreateDefault(), limiter.WaitAsync);
            try
            {
                await using var nodes = await NodeSimulator.StartAsync(client, options, TimeProvider.System, loggerFactory, ct);
                Console.WriteLine($"Skiff is simulating {nodes.Nodes.Count} node(s): {string.Join(", ", nodes.Nodes.Take(5).Select(n => n.Name))}{(nodes.Nodes.Count > 5 ? ", ..." : "")}");
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                Console.WriteLine("Skiff nodes are stopping.");
            }

            return 0;
        });
        return command;
    }

    /// <summary>`skiff node stop NAME` / `skiff node start NAME`: sets or removes the node's skiff.io/stopped annotation.</summary>
    private static Command StopCommand(bool stop)
    {
        var kubeconfig = KubeconfigOption();
        var nodeName = new Argument<string>("NAME") { Description = "The node" };
        var command = new Command(stop ? "stop" : "start",
            stop ? "Simulate a node failure: the node stops heartbeating and its pods freeze" : "Bring a stopped node back")
        {
            kubeconfig, nodeName,
        };
        command.SetAction(async (parse, ct) =>
        {
            using var client = new RemoteKubeClient(KubeconfigHttp.Create(parse.GetValue(kubeconfig)!), ResourceRegistry.CreateDefault());
            var name = parse.GetValue(nodeName)!;
            var value = stop ? "\"true\"" : "null";
            try
            {
                await client.PatchAsync<V1Node>(null, name, PatchKind.Merge, "{\"metadata\":{\"annotations\":{\"" + NodeAnnotations.Stopped + "\":" + value + "}}}", null, ct);
            }
            catch (KubeApiException e)
            {
                await Console.Error.WriteLineAsync($"Error from server ({e.Reason}): {e.Message}");
                return 1;
            }

            Console.WriteLine($"node/{name} {(stop ? "stopped" : "started")}");
            return 0;
        });
        return command;
    }

    private static Option<string> KubeconfigOption() => new("--kubeconfig")
    {
        Description = "kubeconfig of the cluster (default: $KUBECONFIG, then ~/.skiff/kubeconfig)",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("KUBECONFIG") is { Length: > 0 } fromEnvironment
            ? fromEnvironment.Split(Path.PathSeparator)[0]
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".skiff", "kubeconfig"),
    };
}
