using Microsoft.Extensions.Logging;
using Skiff.Client;
using Skiff.Client.Events;
using Skiff.Client.Informers;

namespace Skiff.Scheduler;

/// <summary>
/// Runs the scheduler with its own informers and event recorder until disposed: inside `skiff up` on the
/// in-process client, and as `skiff scheduler` over HTTPS.
/// </summary>
public sealed class SchedulerHost : IAsyncDisposable
{
    private readonly InformerFactory informers;
    private readonly CancellationTokenSource stopping = new();
    private readonly List<Task> running = [];

    private SchedulerHost(InformerFactory informers, Scheduler scheduler)
    {
        this.informers = informers;
        Scheduler = scheduler;
    }

    public Scheduler Scheduler { get; }

    public static SchedulerHost Start(IKubeClient client, SchedulerOptions options, TimeProvider time, ILoggerFactory loggers)
    {
        var informers = new InformerFactory(client, time, loggers, TimeSpan.Zero);
        var events = new EventRecorder(client, Scheduler.ComponentName, time, loggers.CreateLogger("Skiff.Client.Events." + Scheduler.ComponentName));
        var scheduler = new Scheduler(client, informers, events, time, loggers.CreateLogger("Skiff.Scheduler"), options);
        var host = new SchedulerHost(informers, scheduler);
        informers.Start();
        host.running.Add(Task.Run(() => host.RunUntilStoppedAsync(events.RunAsync)));
        host.running.Add(Task.Run(() => host.RunUntilStoppedAsync(scheduler.RunAsync)));
        return host;
    }

    /// <summary>Waits until every informer's cache is filled.</summary>
    public Task WaitForSyncAsync(CancellationToken ct) => informers.WaitForSyncAsync(ct);

    private async Task RunUntilStoppedAsync(Func<CancellationToken, Task> loop)
    {
        try
        {
            await loop(stopping.Token);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        await Task.WhenAll(running);
        await informers.DisposeAsync();
        stopping.Dispose();
    }
}
