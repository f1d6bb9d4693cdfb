using System.Globalization;
using System.Text.Json;
using k8s.Models;
using Skiff.Client;
using Skiff.Scheduler.Cache;
using Skiff.Scheduler.Framework;
using Skiff.Scheduler.Queue;

namespace Skiff.Scheduler;

/// <summary>The binding cycle (in the background, while the loop schedules the next pod) and what a failed attempt leaves on the pod.</summary>
public sealed partial class Scheduler
{
    /// <summary>Events carry at most this many characters of message (upstream's NoteLengthLimit).</summary>
    public const int MaxEventMessageLength = 1024;

    /// <summary>Binds in the background; the caller holds a binding slot, released when the binding is over.</summary>
    private void StartBinding(QueuedPodInfo queued, string node, CancellationToken ct)
    {
        var task = Task.Run(async () =>
        {
            try
            {
                await BindAsync(queued, node, ct);
            }
            finally
            {
                bindingSlots.Release();
            }
        }, CancellationToken.None);
        lock (bindings)
        {
            bindings.Add(task);
        }

        task.ContinueWith(done =>
        {
            lock (bindings)
            {
                bindings.Remove(done);
            }
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>POSTs the pods/binding (upstream's DefaultBinder); on failure the assumed pod is forgotten and the pod retried.</summary>
    private async Task BindAsync(QueuedPodInfo queued, string node, CancellationToken ct)
    {
        var pod = queued.Pod;
        try
        {
            var binding = new V1Binding
            {
                ApiVersion = "v1",
                Kind = "Binding",
                Metadata = new V1ObjectMeta { Name = pod.Name, NamespaceProperty = pod.Namespace, Uid = pod.Pod.Metadata.Uid },
                Target = new V1ObjectReference { Kind = "Node", Name = node },
            };
            await client.CreateSubresourceAsync<V1Pod>(pod.Namespace, pod.Name, "binding", binding, ct);
            events.Normal(pod.Pod, "Scheduled", $"Successfully assigned {pod.Namespace}/{pod.Name} to {node}");
            Queue.Done(pod.Key);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            Cache.ForgetPod(pod.Uid);
            Queue.Done(pod.Key);
        }
        catch (Exception e)
        {
            LogBindFailed(logger, pod.Key, node, e.Message);
            Cache.ForgetPod(pod.Uid);
            try
            {
                await HandleFailureAsync(queued, ReasonSchedulerError, $"running Bind plugin \"DefaultBinder\": {e.Message}", null, ct);
            }
            finally
            {
                // The space the assumed pod held is free again: parked pods may fit now.
                Queue.MoveAllToActiveOrBackoffQueue(ClusterEvent.AssignedPodDelete);
            }
        }
    }

    /// <summary>
    /// Upstream's handleSchedulingFailure: the pod goes back to the queue (with the plugins that rejected it) unless
    /// it is gone or bound meanwhile, gets a FailedScheduling event, and its PodScheduled condition says why.
    /// </summary>
    private async Task HandleFailureAsync(QueuedPodInfo queued, string reason, string message, Diagnosis? diagnosis, CancellationToken ct)
    {
        var pod = queued.Pod;
        queued.UnschedulablePlugins.Clear();
        queued.PendingPlugins.Clear();
        if (diagnosis is not null)
        {
            queued.UnschedulablePlugins.UnionWith(diagnosis.UnschedulablePlugins);
            queued.PendingPlugins.UnionWith(diagnosis.PendingPlugins);
        }

        var current = pods.Cache.Get(pod.Key);
        if (current is null || current.Metadata.Uid != pod.Pod.Metadata.Uid || IsAssigned(current))
        {
            Queue.Done(pod.Key);
            return;
        }

        queued.Pod = PodInfo.Of(current);
        Queue.AddUnschedulableIfNotPresent(queued);
        events.Warning(current, "FailedScheduling", Truncate(message));
        await UpdateConditionAsync(current, reason, message, ct);
    }

    /// <summary>
    /// Sets PodScheduled=False with the reason and message through the status subresource (a strategic merge patch
    /// merging conditions by type), only when something changed; lastTransitionTime moves only when the status does.
    /// The patch pins the resourceVersion the decision was based on: if the pod changed meanwhile (bound by someone
    /// else, say), the condition is written only if a fresh read shows the pod still waiting.
    /// </summary>
    private async Task UpdateConditionAsync(V1Pod pod, string reason, string message, CancellationToken ct)
    {
        try
        {
            await PatchConditionAsync(pod, reason, message, ct);
        }
        catch (KubeApiException conflict) when (conflict.IsConflict)
        {
            try
            {
                var fresh = await client.GetAsync<V1Pod>(pod.Metadata.NamespaceProperty, pod.Metadata.Name, ct);
                if (fresh.Metadata.Uid == pod.Metadata.Uid && !IsAssigned(fresh))
                {
                    await PatchConditionAsync(fresh, reason, message, ct);
                }
            }
            catch (KubeApiException e)
            {
                LogConditionFailed(logger, ObjectKey.Of(pod), e.Message);
            }
        }
        catch (KubeApiException e)
        {
            LogConditionFailed(logger, ObjectKey.Of(pod), e.Message);
        }
    }

    private async Task PatchConditionAsync(V1Pod pod, string reason, string message, CancellationToken ct)
    {
        var existing = pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "PodScheduled");
        if (existing is { Status: "False", LastProbeTime: null } && existing.Reason == reason && existing.Message == message)
        {
            return;
        }

        var transition = existing is { Status: "False", LastTransitionTime: { } since } ? since : time.GetUtcNow().UtcDateTime;
        var patch = string.Create(CultureInfo.InvariantCulture,
            $$$"""{"metadata":{"resourceVersion":{{{JsonSerializer.Serialize(pod.Metadata.ResourceVersion)}}}},"status":{"conditions":[{"type":"PodScheduled","status":"False","lastProbeTime":null,"lastTransitionTime":"{{{transition:yyyy-MM-ddTHH:mm:ssZ}}}","reason":{{{JsonSerializer.Serialize(reason)}}},"message":{{{JsonSerializer.Serialize(message)}}}}]}}""");
        await client.PatchAsync<V1Pod>(pod.Metadata.NamespaceProperty, pod.Metadata.Name, PatchKind.StrategicMerge, patch, "status", ct);
    }

    /// <summary>Upstream's truncateMessage: longer messages keep their first 1020 characters and end in " ...".</summary>
    public static string Truncate(string message) =>
        message.Length <= MaxEventMessageLength ? message : string.Concat(message.AsSpan(0, MaxEventMessageLength - 4), " ...");
}
