using k8s.Models;
using k8s;
using Skiff.Client;
using Skiff.Scheduler.Cache;
using Skiff.Scheduler.Framework;

namespace Skiff.Scheduler.Queue;

/// <summary>How pods move between the active queue, the backoff queue and the unschedulable pods (callers hold the lock).</summary>
public sealed partial class SchedulingQueue
{
    /// <summary>
    /// Backoff after the n-th attempt: initial · 2^(n−1), at most the maximum, counted from the last time the pod
    /// was queued. With 1 s and 10 s: 1, 2, 4, 8, 10, 10, ... seconds.
    /// </summary>
    public TimeSpan BackoffDuration(int attempts)
    {
        var duration = initialBackoff;
        for (var i = 1; i < attempts; i++)
        {
            if (duration > maxBackoff - duration)
            {
                return maxBackoff;
            }

            duration += duration;
        }

        return duration;
    }

    private static string KeyOf(V1Pod pod) => ObjectKey.Of(pod);

    private DateTimeOffset BackoffExpiry(QueuedPodInfo info) => info.Timestamp + BackoffDuration(info.Attempts);

    private QueuedPodInfo NewInfo(PodInfo pod) => new(pod, time.GetUtcNow(), ++sequence);

    /// <summary>Into the active queue unless a PreEnqueue plugin holds the pod back (then it is parked, gated).</summary>
    private void MoveToActive(QueuedPodInfo info)
    {
        var (status, plugin) = framework.RunPreEnqueuePlugins(info.Pod);
        if (!status.IsSuccess)
        {
            info.Gated = true;
            info.UnschedulablePlugins.Clear();
            if (plugin is not null)
            {
                info.UnschedulablePlugins.Add(plugin);
            }

            unschedulable[info.Pod.Key] = info;
            return;
        }

        info.Gated = false;
        active.Add(info);
        activeByKey[info.Pod.Key] = info;
        WakeWaiters();
    }

    /// <summary>To the backoff queue while the pod's backoff runs, else to the active queue.</summary>
    private void Requeue(QueuedPodInfo info)
    {
        if (!info.Gated && info.Attempts > 0 && BackoffExpiry(info) > time.GetUtcNow())
        {
            backoff.Add(info);
            backoffByKey[info.Pod.Key] = info;
            return;
        }

        MoveToActive(info);
    }

    private void MoveMatching(ClusterEvent clusterEvent, List<QueuedPodInfo> candidates)
    {
        foreach (var info in candidates)
        {
            if (!IsWorthRequeuing(info, clusterEvent))
            {
                continue;
            }

            unschedulable.Remove(info.Pod.Key);
            Requeue(info);
        }
    }

    /// <summary>
    /// Whether the event may make the pod schedulable: a wildcard event always; a pod no plugin rejected (it failed
    /// with an error) on any event; otherwise when a plugin that rejected it registered a matching event.
    /// </summary>
    private bool IsWorthRequeuing(QueuedPodInfo info, ClusterEvent clusterEvent)
    {
        if (clusterEvent.Resource == EventResource.WildCard)
        {
            return true;
        }

        if (info.UnschedulablePlugins.Count == 0 && info.PendingPlugins.Count == 0)
        {
            return true;
        }

        return info.UnschedulablePlugins.Concat(info.PendingPlugins).Any(plugin =>
            eventsByPlugin.TryGetValue(plugin, out var registered) && registered.Any(r => r.Matches(clusterEvent)));
    }

    private void RecordInFlightEvent(ClusterEvent clusterEvent) => inFlightEvents.Add((++eventSequence, clusterEvent));

    private IEnumerable<ClusterEvent> EventsSince(long poppedAt) =>
        inFlightEvents.Where(e => e.Sequence > poppedAt).Select(e => e.Event);

    /// <summary>Drops events older than every pod still in flight (none are kept when nothing is in flight).</summary>
    private void PruneInFlightEvents()
    {
        if (inFlight.Count == 0)
        {
            inFlightEvents.Clear();
            return;
        }

        var oldest = inFlight.Values.Min(p => p.PoppedAtEvent);
        inFlightEvents.RemoveAll(e => e.Sequence <= oldest);
    }

    /// <summary>Whether an update of a waiting pod changes anything scheduling looks at (not just its status).</summary>
    private static bool SchedulingPropertiesChanged(V1Pod old, V1Pod pod) =>
        Json(old.Spec) != Json(pod.Spec) || Json(old.Metadata?.Labels) != Json(pod.Metadata?.Labels);

    private static string Json(object? value) => value is null ? "" : KubernetesJson.Serialize(value);

    private void WakeWaiters()
    {
        foreach (var waiter in waiters)
        {
            waiter.TrySetResult(true);
        }

        waiters.Clear();
    }
}
