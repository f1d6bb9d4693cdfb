using Skiff.Scheduler.Cache;

namespace Skiff.Scheduler.Queue;

/// <summary>A pod in the scheduling queue, with its attempt count, when it was last queued, and which plugins rejected it last time.</summary>
public sealed class QueuedPodInfo
{
    internal QueuedPodInfo(PodInfo pod, DateTimeOffset timestamp, long sequence)
    {
        Pod = pod;
        Timestamp = timestamp;
        Sequence = sequence;
    }

    public PodInfo Pod { get; internal set; }

    /// <summary>When the pod was last added to the queue (backoff counts from here; FIFO order among equal priorities).</summary>
    public DateTimeOffset Timestamp { get; internal set; }

    /// <summary>When the pod was first popped for scheduling.</summary>
    public DateTimeOffset? InitialAttemptTimestamp { get; internal set; }

    /// <summary>Scheduling attempts so far (incremented on every pop).</summary>
    public int Attempts { get; internal set; }

    /// <summary>Plugins that rejected the pod in its last attempt; the queue retries it on events they registered.</summary>
    public HashSet<string> UnschedulablePlugins { get; } = new(StringComparer.Ordinal);

    /// <summary>Plugins that answered Pending in its last attempt.</summary>
    public HashSet<string> PendingPlugins { get; } = new(StringComparer.Ordinal);

    /// <summary>Held back by a PreEnqueue plugin (scheduling gates): never popped until the plugin lets it through.</summary>
    public bool Gated { get; internal set; }

    /// <summary>Orders pods queued at the same instant.</summary>
    internal long Sequence { get; set; }

    /// <summary>The queue's event counter when the pod was popped: events after it happened during its scheduling cycle.</summary>
    internal long PoppedAtEvent { get; set; }
}
