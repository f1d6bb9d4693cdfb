namespace Skiff.Node.Heartbeats;

/// <summary>How often simulated kubelets write, named after upstream's kubelet settings.</summary>
/// <param name="LeaseRenewInterval">Lease renewals: upstream renews every 10 s (a quarter of the 40 s lease duration).</param>
/// <param name="StatusReportFrequency">nodeStatusReportFrequency: a node's status is written when it changes and at least this often (5 min).</param>
/// <param name="MinimumWait">The loop wakes at most this often; renewals that fall due meanwhile are written together.</param>
/// <param name="Parallelism">Writes in flight at once.</param>
public sealed record HeartbeatOptions(
    TimeSpan LeaseRenewInterval,
    TimeSpan StatusReportFrequency,
    TimeSpan MinimumWait,
    int Parallelism)
{
    public static HeartbeatOptions Default { get; } = new(TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(5), TimeSpan.FromMilliseconds(250), 64);
}
