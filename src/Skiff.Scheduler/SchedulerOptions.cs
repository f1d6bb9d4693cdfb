using Skiff.Scheduler.Framework;

namespace Skiff.Scheduler;

/// <summary>Settings of the scheduler, named after kube-scheduler's configuration (KubeSchedulerConfiguration) and flags.</summary>
/// <param name="Profile">The plugins and weights (upstream's default profile unless replaced).</param>
/// <param name="PercentageOfNodesToScore">percentageOfNodesToScore: 0 is adaptive (50% minus 1% per 125 nodes, at least 5%).</param>
/// <param name="InitialBackoff">podInitialBackoffSeconds (1 s).</param>
/// <param name="MaxBackoff">podMaxBackoffSeconds (10 s).</param>
/// <param name="MaxInUnschedulable">How long a pod waits unschedulable before a retry without any cluster event (5 minutes).</param>
/// <param name="MaxConcurrentBindings">
/// Bindings in flight at once; the loop waits for a free slot before starting another. Upstream starts a goroutine
/// per binding and lets the client's QPS limit bound them; the in-process client has no such limit, and thousands of
/// queued bindings would delay every write's completion behind them.
/// </param>
public sealed record SchedulerOptions(
    SchedulerProfile? Profile = null,
    int PercentageOfNodesToScore = 0,
    TimeSpan? InitialBackoff = null,
    TimeSpan? MaxBackoff = null,
    TimeSpan? MaxInUnschedulable = null,
    int MaxConcurrentBindings = 16)
{
    public SchedulerProfile EffectiveProfile => Profile ?? SchedulerProfile.Default;

    public TimeSpan EffectiveInitialBackoff => InitialBackoff ?? TimeSpan.FromSeconds(1);

    public TimeSpan EffectiveMaxBackoff => MaxBackoff ?? TimeSpan.FromSeconds(10);

    public TimeSpan EffectiveMaxInUnschedulable => MaxInUnschedulable ?? TimeSpan.FromMinutes(5);
}
