using System.Globalization;
using k8s.Models;

namespace Skiff.Api.Tables;

/// <summary>printPod: READY, STATUS and RESTARTS as kubectl shows them, with the wide IP/NODE/NOMINATED NODE/READINESS GATES.</summary>
internal static class PodTable
{
    public static ITablePrinter Printer { get; } = new TablePrinter<V1Pod>(
    [
        TableColumns.Name,
        TableColumns.String("Ready", "The aggregate readiness state of this pod for accepting traffic."),
        TableColumns.String("Status", "The aggregate status of the containers in this pod."),
        TableColumns.String("Restarts", "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."),
        TableColumns.Age,
        TableColumns.Wide("IP", ColumnDescriptions.PodIp),
        TableColumns.Wide("Node", ColumnDescriptions.PodNodeName),
        TableColumns.Wide("Nominated Node", ColumnDescriptions.PodNominatedNodeName),
        TableColumns.Wide("Readiness Gates", ColumnDescriptions.PodReadinessGates),
    ], Cells);

    // The reason the node lifecycle controller puts on pods of an unreachable node (k8s.io/kubernetes/pkg/util/node).
    private const string NodeUnreachablePodReason = "NodeLost";

    private static object?[] Cells(V1Pod pod, DateTime now)
    {
        var spec = pod.Spec ?? new V1PodSpec();
        var status = pod.Status ?? new V1PodStatus();
        var restarts = 0;
        var restartableInitContainerRestarts = 0;
        var totalContainers = spec.Containers?.Count ?? 0;
        var readyContainers = 0;
        var lastRestartDate = DateTime.MinValue;
        var lastRestartableInitContainerRestartDate = DateTime.MinValue;

        var podPhase = status.Phase ?? "";
        var reason = string.IsNullOrEmpty(status.Reason) ? podPhase : status.Reason;

        if (status.Conditions?.Any(c => c.Type == "PodScheduled" && c.Reason == "SchedulingGated") == true)
        {
            reason = "SchedulingGated";
        }

        var initContainers = new Dictionary<string, V1Container>(StringComparer.Ordinal);
        foreach (var container in spec.InitContainers ?? [])
        {
            initContainers[container.Name] = container;
            if (IsRestartable(container))
            {
                totalContainers++;
            }
        }

        var initializing = false;
        var initStatuses = status.InitContainerStatuses ?? [];
        for (var i = 0; i < initStatuses.Count; i++)
        {
            var container = initStatuses[i];
            var restartable = initContainers.TryGetValue(container.Name ?? "", out var definition) && IsRestartable(definition);
            restarts += container.RestartCount;
            lastRestartDate = Later(lastRestartDate, container.LastState?.Terminated?.FinishedAt);
            if (restartable)
            {
                restartableInitContainerRestarts += container.RestartCount;
                lastRestartableInitContainerRestartDate = Later(lastRestartableInitContainerRestartDate, container.LastState?.Terminated?.FinishedAt);
            }

            var terminated = container.State?.Terminated;
            var waiting = container.State?.Waiting;
            if (terminated is not null && terminated.ExitCode == 0)
            {
                continue;
            }

            if (restartable && container.Started == true)
            {
                if (container.Ready)
                {
                    readyContainers++;
                }

                continue;
            }

            if (terminated is not null)
            {
                // Initialization failed.
                reason = string.IsNullOrEmpty(terminated.Reason)
                    ? (terminated.Signal.GetValueOrDefault() != 0 ? $"Init:Signal:{terminated.Signal}" : $"Init:ExitCode:{terminated.ExitCode}")
                    : "Init:" + terminated.Reason;
            }
            else if (waiting is not null && !string.IsNullOrEmpty(waiting.Reason) && waiting.Reason != "PodInitializing")
            {
                reason = "Init:" + waiting.Reason;
            }
            else
            {
                reason = $"Init:{i}/{spec.InitContainers?.Count ?? 0}";
            }

            initializing = true;
            break;
        }

        if (!initializing || HasCondition(status, "Initialized"))
        {
            restarts = restartableInitContainerRestarts;
            lastRestartDate = lastRestartableInitContainerRestartDate;
            var hasRunning = false;
            var statuses = status.ContainerStatuses ?? [];
            // Last to first, so the first container with a waiting/terminated reason decides STATUS.
            for (var i = statuses.Count - 1; i >= 0; i--)
            {
                var container = statuses[i];
                restarts += container.RestartCount;
                lastRestartDate = Later(lastRestartDate, container.LastState?.Terminated?.FinishedAt);

                var waiting = container.State?.Waiting;
                var terminated = container.State?.Terminated;
                if (!string.IsNullOrEmpty(waiting?.Reason))
                {
                    reason = waiting.Reason;
                }
                else if (!string.IsNullOrEmpty(terminated?.Reason))
                {
                    reason = terminated.Reason;
                }
                else if (terminated is not null)
                {
                    reason = terminated.Signal.GetValueOrDefault() != 0 ? $"Signal:{terminated.Signal}" : $"ExitCode:{terminated.ExitCode}";
                }
                else if (container.Ready && container.State?.Running is not null)
                {
                    hasRunning = true;
                    readyContainers++;
                }
            }

            // A pod with a completed container but another still running is not "Completed".
            if (reason == "Completed" && hasRunning)
            {
                reason = HasCondition(status, "Ready") ? "Running" : "NotReady";
            }
        }

        var deleting = pod.Metadata?.DeletionTimestamp is not null;
        if (deleting && status.Reason == NodeUnreachablePodReason)
        {
            reason = "Unknown";
        }
        else if (deleting && podPhase is not ("Failed" or "Succeeded"))
        {
            reason = "Terminating";
        }

        var restartsText = restarts.ToString(CultureInfo.InvariantCulture);
        if (restarts != 0 && lastRestartDate != DateTime.MinValue)
        {
            restartsText = $"{restarts} ({TableCells.Since(lastRestartDate, now)} ago)";
        }

        var podIp = status.PodIPs is { Count: > 0 } ips ? ips[0].Ip : null;
        return
        [
            pod.Metadata?.Name ?? "",
            $"{readyContainers}/{totalContainers}",
            reason,
            restartsText,
            TableCells.Age(pod.Metadata, now),
            OrNone(podIp),
            OrNone(spec.NodeName),
            OrNone(status.NominatedNodeName),
            ReadinessGates(spec, status),
        ];
    }

    private static string ReadinessGates(V1PodSpec spec, V1PodStatus status)
    {
        if (spec.ReadinessGates is not { Count: > 0 } gates)
        {
            return TableCells.None;
        }

        var trueConditions = gates.Count(gate =>
            status.Conditions?.FirstOrDefault(c => c.Type == gate.ConditionType) is { Status: "True" });
        return $"{trueConditions}/{gates.Count}";
    }

    // A restartable init container is a sidecar: restartPolicy Always.
    private static bool IsRestartable(V1Container container) => container.RestartPolicy == "Always";

    private static bool HasCondition(V1PodStatus status, string type) =>
        status.Conditions?.Any(c => c.Type == type && c.Status == "True") == true;

    private static DateTime Later(DateTime current, DateTime? candidate)
    {
        if (TableCells.IsZero(candidate))
        {
            return current;
        }

        var utc = TableCells.ToUtc(candidate!.Value);
        return current < utc ? utc : current;
    }

    private static string OrNone(string? value) => string.IsNullOrEmpty(value) ? TableCells.None : value;
}
