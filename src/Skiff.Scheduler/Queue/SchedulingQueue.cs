using k8s.Models;
using Skiff.Scheduler.Cache;
using Skiff.Scheduler.Framework;

namespace Skiff.Scheduler.Queue;

/// <summary>
/// Upstream's PriorityQueue: pods waiting for a node, in three places. The active queue hands out the highest
/// priority first, then the longest waiting. A pod that failed waits in the backoff queue (1 s, doubling per attempt
/// up to 10 s) when something happened meanwhile that may help, otherwise among the unschedulable pods until a
/// cluster event registered by a plugin that rejected it moves it back, or for at most 5 minutes.
/// </summary>
/// <remarks>Thread-safe: informer handlers call it while the scheduling loop pops from it.</remarks>
public sealed partial class SchedulingQueue : IDisposable
{
    /// <summary>How often pods whose backoff ended move to the active queue (upstream: every second).</summary>
    public static readonly TimeSpan BackoffFlushInterval = TimeSpan.FromSeconds(1);

    /// <summary>How often pods parked too long are moved (upstream: every 30 seconds).</summary>
    public static readonly TimeSpan UnschedulableFlushInterval = TimeSpan.FromSeconds(30);

    private readonly Lock gate = new();
    private readonly SchedulingFramework framework;
    private readonly TimeProvider time;
    private readonly TimeSpan initialBackoff;
    private readonly TimeSpan maxBackoff;
    private readonly TimeSpan maxInUnschedulable;
    private readonly Dictionary<string, IReadOnlyList<ClusterEvent>> eventsByPlugin;
    private readonly SortedSet<QueuedPodInfo> active;
    private readonly SortedSet<QueuedPodInfo> backoff;
    private readonly Dictionary<string, QueuedPodInfo> activeByKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, QueuedPodInfo> backoffByKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, QueuedPodInfo> unschedulable = new(StringComparer.Ordinal);
    private readonly Dictionary<string, QueuedPodInfo> inFlight = new(StringComparer.Ordinal);
    private readonly List<(long Sequence, ClusterEvent Event)> inFlightEvents = [];
    private readonly List<TaskCompletionSource<bool>> waiters = [];
    private ITimer? backoffTimer;
    private ITimer? unschedulableTimer;
    private long sequence;
    private long eventSequence;
    private bool closed;

    /// <param name="framework">The profile whose PreEnqueue plugins gate pods and whose plugins' registered events move them.</param>
    /// <param name="time">The clock for timestamps, backoff and the periodic flushes.</param>
    /// <param name="initialBackoff">podInitialBackoffSeconds (1 s).</param>
    /// <param name="maxBackoff">podMaxBackoffSeconds (10 s).</param>
    /// <param name="maxInUnschedulable">How long a pod stays unschedulable without any event (5 minutes).</param>
    public SchedulingQueue(SchedulingFramework framework, TimeProvider time, TimeSpan initialBackoff, TimeSpan maxBackoff, TimeSpan maxInUnschedulable)
    {
        this.framework = framework;
        this.time = time;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.maxInUnschedulable = maxInUnschedulable;
        eventsByPlugin = framework.EnqueueExtensions.ToDictionary(p => p.Name, p => p.EventsToRegister(), StringComparer.Ordinal);
        active = new SortedSet<QueuedPodInfo>(Comparer<QueuedPodInfo>.Create(PrioritySort));
        backoff = new SortedSet<QueuedPodInfo>(Comparer<QueuedPodInfo>.Create((a, b) =>
        {
            var byTime = BackoffExpiry(a).CompareTo(BackoffExpiry(b));
            return byTime != 0 ? byTime : a.Sequence.CompareTo(b.Sequence);
        }));
    }

    public int ActiveCount
    {
        get
        {
            lock (gate)
            {
                return active.Count;
            }
        }
    }

    public int BackoffCount
    {
        get
        {
            lock (gate)
            {
                return backoff.Count;
            }
        }
    }

    public int UnschedulableCount
    {
        get
        {
            lock (gate)
            {
                return unschedulable.Count;
            }
        }
    }

    /// <summary>Starts the periodic flushes of completed backoffs and of pods parked too long.</summary>
    public void Run()
    {
        lock (gate)
        {
            backoffTimer ??= time.CreateTimer(_ => FlushBackoffCompleted(), null, BackoffFlushInterval, BackoffFlushInterval);
            unschedulableTimer ??= time.CreateTimer(_ => FlushUnschedulableLeftover(), null, UnschedulableFlushInterval, UnschedulableFlushInterval);
        }
    }

    /// <summary>
    /// upstream's PrioritySort: higher priority first, then the earlier queue timestamp (then arrival order).
    /// </summary>
    public static int PrioritySort(QueuedPodInfo a, QueuedPodInfo b)
    {
        var byPriority = b.Pod.Priority.CompareTo(a.Pod.Priority);
        if (byPriority != 0)
        {
            return byPriority;
        }

        var byTime = a.Timestamp.CompareTo(b.Timestamp);
        return byTime != 0 ? byTime : a.Sequence.CompareTo(b.Sequence);
    }

    /// <summary>A new pod waiting for a node: to the active queue, or parked if a PreEnqueue plugin holds it back.</summary>
    public void Add(V1Pod pod)
    {
        lock (gate)
        {
            var key = KeyOf(pod);
            if (activeByKey.ContainsKey(key) || backoffByKey.ContainsKey(key) || unschedulable.ContainsKey(key) || inFlight.ContainsKey(key))
            {
                return;
            }

            MoveToActive(NewInfo(PodInfo.Of(pod)));
        }
    }

    /// <summary>
    /// A waiting pod changed. In the active or backoff queue it is just replaced; a parked pod whose spec or labels
    /// changed gets another chance (gated pods only if the gates are gone); an unknown pod is added.
    /// </summary>
    public void Update(V1Pod old, V1Pod pod)
    {
        lock (gate)
        {
            var key = KeyOf(pod);
            var info = PodInfo.Of(pod);
            if (inFlight.ContainsKey(key))
            {
                // Being scheduled now: if that attempt fails, this update counts as something that may have helped.
                RecordInFlightEvent(new ClusterEvent(EventResource.UnscheduledPod, ActionType.Update, "UnscheduledPodUpdate"));
                return;
            }

            if (activeByKey.TryGetValue(key, out var queued))
            {
                active.Remove(queued);
                queued.Pod = info;
                active.Add(queued);
                return;
            }

            if (backoffByKey.TryGetValue(key, out queued))
            {
                queued.Pod = info;
                return;
            }

            if (unschedulable.TryGetValue(key, out queued))
            {
                queued.Pod = info;
                if (queued.Gated || SchedulingPropertiesChanged(old, pod))
                {
                    unschedulable.Remove(key);
                    Requeue(queued);
                }

                return;
            }

            MoveToActive(NewInfo(info));
        }
    }

    /// <summary>The pod is gone (deleted, or now bound to a node): it leaves every queue.</summary>
    public void Delete(V1Pod pod)
    {
        lock (gate)
        {
            var key = KeyOf(pod);
            if (activeByKey.Remove(key, out var queued))
            {
                active.Remove(queued);
            }

            if (backoffByKey.Remove(key, out queued))
            {
                backoff.Remove(queued);
            }

            unschedulable.Remove(key);
        }
    }

    /// <summary>
    /// Waits for the highest-priority active pod and hands it out (counting an attempt); null once the queue is
    /// closed. The pod stays "in flight" until <see cref="Done"/>.
    /// </summary>
    public async Task<QueuedPodInfo?> PopAsync(CancellationToken ct)
    {
        while (true)
        {
            TaskCompletionSource<bool> waiter;
            lock (gate)
            {
                if (closed)
                {
                    return null;
                }

                if (active.Min is { } next)
                {
                    active.Remove(next);
                    activeByKey.Remove(next.Pod.Key);
                    next.Attempts++;
                    next.InitialAttemptTimestamp ??= time.GetUtcNow();
                    next.PoppedAtEvent = eventSequence;
                    inFlight[next.Pod.Key] = next;
                    return next;
                }

                waiter = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                waiters.Add(waiter);
            }

            using (ct.Register(() => waiter.TrySetCanceled(ct)))
            {
                await waiter.Task;
            }
        }
    }

    /// <summary>
    /// Puts back a pod whose attempt failed (its rejecting plugins already recorded). If an event that may help it
    /// happened while it was being scheduled, or the failure was an error rather than a rejection, it goes to the
    /// backoff queue; otherwise it is parked until such an event.
    /// </summary>
    public void AddUnschedulableIfNotPresent(QueuedPodInfo info)
    {
        lock (gate)
        {
            var key = info.Pod.Key;
            var rejectors = info.UnschedulablePlugins.Count + info.PendingPlugins.Count;
            var helped = rejectors == 0 || EventsSince(info.PoppedAtEvent).Any(e => IsWorthRequeuing(info, e));
            inFlight.Remove(key);
            PruneInFlightEvents();
            if (activeByKey.ContainsKey(key) || backoffByKey.ContainsKey(key) || unschedulable.ContainsKey(key))
            {
                return;
            }

            info.Timestamp = time.GetUtcNow();
            info.Sequence = ++sequence;
            if (helped)
            {
                Requeue(info);
            }
            else
            {
                unschedulable[key] = info;
            }
        }
    }

    /// <summary>The pod's scheduling attempt (and binding) is over.</summary>
    public void Done(string key)
    {
        lock (gate)
        {
            inFlight.Remove(key);
            PruneInFlightEvents();
        }
    }

    /// <summary>
    /// A cluster event: every parked pod rejected by a plugin that registered a matching event (or by no plugin)
    /// moves to the backoff queue if still backing off, else to the active queue. Pods being scheduled remember the
    /// event for when their attempt fails.
    /// </summary>
    public void MoveAllToActiveOrBackoffQueue(ClusterEvent clusterEvent)
    {
        lock (gate)
        {
            if (unschedulable.Count > 0)
            {
                MoveMatching(clusterEvent, [.. unschedulable.Values]);
            }

            if (inFlight.Count > 0)
            {
                RecordInFlightEvent(clusterEvent);
            }
        }
    }

    /// <summary>Moves pods whose backoff has ended to the active queue (run every second).</summary>
    public void FlushBackoffCompleted()
    {
        lock (gate)
        {
            var now = time.GetUtcNow();
            while (backoff.Min is { } first && BackoffExpiry(first) <= now)
            {
                backoff.Remove(first);
                backoffByKey.Remove(first.Pod.Key);
                MoveToActive(first);
            }
        }
    }

    /// <summary>Gives pods parked for longer than the limit another attempt regardless of events (run every 30 seconds).</summary>
    public void FlushUnschedulableLeftover()
    {
        lock (gate)
        {
            var now = time.GetUtcNow();
            var stale = unschedulable.Values.Where(p => now - p.Timestamp > maxInUnschedulable).ToList();
            MoveMatching(ClusterEvent.UnschedulableTimeout, stale);
        }
    }

    /// <summary>Stops handing out pods: waiting and future pops return null.</summary>
    public void Close()
    {
        lock (gate)
        {
            closed = true;
            WakeWaiters();
        }
    }

    public void Dispose()
    {
        Close();
        backoffTimer?.Dispose();
        unschedulableTimer?.Dispose();
    }
}
