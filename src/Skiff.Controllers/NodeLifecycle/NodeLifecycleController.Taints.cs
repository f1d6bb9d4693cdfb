using k8s.Models;
using Skiff.Api.Taints;
using Skiff.Client;

namespace Skiff.Controllers.NodeLifecycle;

/// <summary>
/// Taints from node health: NoExecute not-ready/unreachable through each zone's rate-limited queue, NoSchedule taints
/// mirroring the conditions and spec.unschedulable at once, and the beta OS/arch labels (upstream's node passes).
/// </summary>
public sealed partial class NodeLifecycleController
{
    private static readonly V1Taint UnreachableNoExecute = new() { Key = NodeTaints.Unreachable, Effect = NodeTaints.NoExecute };
    private static readonly V1Taint NotReadyNoExecute = new() { Key = NodeTaints.NotReady, Effect = NodeTaints.NoExecute };

    /// <summary>The NoSchedule taints this controller owns: the condition taints and the cordon taint.</summary>
    private static readonly HashSet<string> NoScheduleKeys =
    [
        NodeTaints.NotReady, NodeTaints.Unreachable, NodeTaints.MemoryPressure, NodeTaints.DiskPressure,
        NodeTaints.NetworkUnavailable, NodeTaints.PidPressure, NodeTaints.Unschedulable,
    ];

    // Upstream keeps the beta labels equal to the stable ones for old clients' node selectors.
    private static readonly (string Primary, string Secondary)[] MirroredLabels =
    [
        ("kubernetes.io/os", "beta.kubernetes.io/os"),
        ("kubernetes.io/arch", "beta.kubernetes.io/arch"),
    ];

    /// <summary>
    /// Upstream's processTaintBaseEviction, on the Ready condition as the node posted it: not-ready and unreachable
    /// swap at once (they mirror one condition), a new NoExecute taint waits for the zone's rate, Ready removes both.
    /// </summary>
    private async Task ProcessTaintBasedEvictionAsync(V1Node node, V1NodeCondition observed, CancellationToken ct)
    {
        switch (observed.Status)
        {
            case "False" when HasTaint(node, UnreachableNoExecute):
                await SwapTaintsAsync(node, [NotReadyNoExecute], [UnreachableNoExecute], ct);
                break;
            case "False":
                MarkNodeForTainting(node, NotReadyNoExecute);
                break;
            case "Unknown" when HasTaint(node, NotReadyNoExecute):
                await SwapTaintsAsync(node, [UnreachableNoExecute], [NotReadyNoExecute], ct);
                break;
            case "Unknown":
                MarkNodeForTainting(node, UnreachableNoExecute);
                break;
            case "True":
                await MarkNodeAsReachableAsync(node, ct);
                break;
        }
    }

    /// <summary>Queues the node in its zone; a node queued before whose taint has since gone away is queued afresh.</summary>
    private void MarkNodeForTainting(V1Node node, V1Taint wanted)
    {
        var tainter = TainterOf(node);
        if (!HasTaint(node, wanted))
        {
            tainter.Remove(node.Metadata.Name);
        }

        tainter.Add(node.Metadata.Name);
    }

    /// <summary>Removes both NoExecute health taints and forgets the node in its zone's queue.</summary>
    private async Task MarkNodeAsReachableAsync(V1Node node, CancellationToken ct)
    {
        if (HasTaint(node, UnreachableNoExecute) || HasTaint(node, NotReadyNoExecute))
        {
            if (!await SwapTaintsAsync(node, [], [UnreachableNoExecute, NotReadyNoExecute], ct))
            {
                return; // still tainted: keep it queued, the next pass tries again
            }
        }

        TainterOf(node).Remove(node.Metadata.Name);
    }

    /// <summary>Upstream's doNoExecuteTaintingPass: each zone taints the nodes it may at its current rate.</summary>
    private async Task NoExecuteTaintingPassAsync(CancellationToken ct)
    {
        foreach (var tainter in tainters.Values)
        {
            await tainter.TryAsync(async name =>
            {
                if (nodes.Cache.Get(null, name) is not { } node)
                {
                    return (true, TimeSpan.Zero); // deleted meanwhile
                }

                if (ConditionOf(node, "Ready") is not { } ready)
                {
                    return (false, TimeSpan.FromMilliseconds(50));
                }

                // Not-ready and unreachable mirror one condition, so they never stand together.
                var (add, opposite) = ready.Status switch
                {
                    "False" => (NotReadyNoExecute, UnreachableNoExecute),
                    "Unknown" => (UnreachableNoExecute, NotReadyNoExecute),
                    _ => (null, null), // Ready again by now: nothing to taint
                };
                if (add is null || opposite is null)
                {
                    return (true, TimeSpan.Zero);
                }

                return (await SwapTaintsAsync(node, [add], [opposite], ct), TimeSpan.Zero);
            });
        }
    }

    /// <summary>Runs for every node event: the NoSchedule taints and mirrored labels follow the node's state.</summary>
    private async Task ProcessNodeAsync(string name, CancellationToken ct)
    {
        if (nodes.Cache.Get(null, name) is not { } node)
        {
            return;
        }

        if (!await NoScheduleTaintingPassAsync(node, ct))
        {
            throw new InvalidOperationException($"could not update the NoSchedule taints of node {name}"); // retried with backoff
        }

        await ReconcileLabelsAsync(node, ct);
    }

    /// <summary>
    /// Upstream's doNoScheduleTaintingPass: Ready=False gives not-ready:NoSchedule, Ready=Unknown unreachable, a
    /// pressure condition that is True its pressure taint, spec.unschedulable (kubectl cordon) unschedulable.
    /// </summary>
    private async Task<bool> NoScheduleTaintingPassAsync(V1Node node, CancellationToken ct)
    {
        var wanted = new List<V1Taint>();
        foreach (var condition in node.Status?.Conditions ?? [])
        {
            var key = (condition.Type, condition.Status) switch
            {
                ("Ready", "False") => NodeTaints.NotReady,
                ("Ready", "Unknown") => NodeTaints.Unreachable,
                ("MemoryPressure", "True") => NodeTaints.MemoryPressure,
                ("DiskPressure", "True") => NodeTaints.DiskPressure,
                ("NetworkUnavailable", "True") => NodeTaints.NetworkUnavailable,
                ("PIDPressure", "True") => NodeTaints.PidPressure,
                _ => null,
            };
            if (key is not null)
            {
                wanted.Add(new V1Taint { Key = key, Effect = NodeTaints.NoSchedule });
            }
        }

        if (node.Spec?.Unschedulable == true)
        {
            wanted.Add(new V1Taint { Key = NodeTaints.Unschedulable, Effect = NodeTaints.NoSchedule });
        }

        var owned = (node.Spec?.Taints ?? []).Where(t => t.Effect == NodeTaints.NoSchedule && NoScheduleKeys.Contains(t.Key)).ToList();
        var add = wanted.Where(w => !owned.Any(o => TolerationMatch.SameTaint(o, w))).ToList();
        var remove = owned.Where(o => !wanted.Any(w => TolerationMatch.SameTaint(o, w))).ToList();
        return (add.Count == 0 && remove.Count == 0) || await SwapTaintsAsync(node, add, remove, ct);
    }

    private async Task ReconcileLabelsAsync(V1Node node, CancellationToken ct)
    {
        var labels = node.Metadata.Labels;
        if (labels is null)
        {
            return;
        }

        var patch = new System.Text.Json.Nodes.JsonObject();
        foreach (var (primary, secondary) in MirroredLabels)
        {
            if (labels.TryGetValue(primary, out var value) && (!labels.TryGetValue(secondary, out var mirrored) || mirrored != value))
            {
                patch[secondary] = value;
            }
        }

        if (patch.Count == 0)
        {
            return;
        }

        var body = new System.Text.Json.Nodes.JsonObject { ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["labels"] = patch } };
        try
        {
            await client.PatchAsync<V1Node>(null, node.Metadata.Name, PatchKind.Merge, body.ToJsonString(), null, ct);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
        }
    }

    private async Task<bool> SwapTaintsAsync(V1Node node, IReadOnlyList<V1Taint> add, IReadOnlyList<V1Taint> remove, CancellationToken ct)
    {
        var swapped = await NodeTaintWrites.SwapAsync(client, node, add, remove, Now(), ct);
        if (!swapped)
        {
            LogTaintSwapFailed(logger, node.Metadata.Name);
        }

        return swapped;
    }

    private static bool HasTaint(V1Node node, V1Taint taint) =>
        node.Spec?.Taints?.Any(t => TolerationMatch.SameTaint(t, taint)) == true;
}
