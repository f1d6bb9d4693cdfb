namespace Skiff.Scheduler.Framework;

/// <summary>The outcome of a plugin call, as upstream's framework.Code.</summary>
public enum StatusCode
{
    /// <summary>The plugin ran and found nothing against the pod.</summary>
    Success,

    /// <summary>An internal failure (not a verdict about the pod); the pod is retried after a backoff.</summary>
    Error,

    /// <summary>The pod does not fit now, but preempting pods on the node could change that.</summary>
    Unschedulable,

    /// <summary>The pod does not fit and preemption would not help (a taint, a label, a node too small).</summary>
    UnschedulableAndUnresolvable,

    /// <summary>The plugin has nothing to do for this pod; its later extension points are skipped for this cycle.</summary>
    Skip,

    /// <summary>The pod waits for something outside the scheduler (e.g. scheduling gates).</summary>
    Pending,
}
