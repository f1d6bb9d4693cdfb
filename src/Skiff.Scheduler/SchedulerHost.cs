using Microsoft.Extensions.Logging;
using Skiff.Client;
using Skiff.Client.Hosting;

namespace Skiff.Scheduler;

/// <summary>
/// Runs the scheduler with its own informers and event recorder until disposed: inside `skiff up` on the
/// in-process client, and as `skiff scheduler` over HTTPS.
/// </summary>
public sealed class SchedulerHost : IAsyncDisposable
{
    private readonly ComponentRuntime runtime;

    private SchedulerHost(ComponentRuntime runtime, Scheduler scheduler)
    {
        this.runtime = runtime;
        Scheduler = scheduler;
    }

    public Scheduler Scheduler { get; }

    public static SchedulerHost Start(IKubeClient client, SchedulerOptions options, TimeProvider time, ILoggerFactory loggers)
    {
        var runtime = new ComponentRuntime(client, time, loggers, TimeSpan.Zero);
        var scheduler = new Scheduler(client, runtime.Informers, runtime.Recorder(Scheduler.ComponentName), time, loggers.CreateLogger("Skiff.Scheduler"), options);
        runtime.Informers.Start();
        runtime.Run(scheduler.RunAsync);
        return new SchedulerHost(runtime, scheduler);
    }

    /// <summary>Waits until every informer's cache is filled.</summary>
    public Task WaitForSyncAsync(CancellationToken ct) => runtime.Informers.WaitForSyncAsync(ct);

    public ValueTask DisposeAsync() => runtime.DisposeAsync();
}
