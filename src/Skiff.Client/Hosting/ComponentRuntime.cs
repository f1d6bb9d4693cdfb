using Microsoft.Extensions.Logging;
using Skiff.Client.Events;
using Skiff.Client.Informers;

namespace Skiff.Client.Hosting;

/// <summary>
/// What a component host (controller manager, scheduler) shares: one informer factory, event recorders, and the
/// loops it runs until disposed. Being cancelled by the stop is a loop's normal end, not a failure.
/// </summary>
public sealed class ComponentRuntime : IAsyncDisposable
{
    private readonly IKubeClient client;
    private readonly TimeProvider time;
    private readonly ILoggerFactory loggers;
    private readonly CancellationTokenSource stopping = new();
    private readonly List<Task> running = [];

    /// <param name="client">The API the component's informers and writes use.</param>
    /// <param name="time">Clock for informers and recorders.</param>
    /// <param name="loggers">Where loggers come from.</param>
    /// <param name="resyncPeriod">How often informers re-deliver every cached object (zero: never).</param>
    public ComponentRuntime(IKubeClient client, TimeProvider time, ILoggerFactory loggers, TimeSpan resyncPeriod)
    {
        this.client = client;
        this.time = time;
        this.loggers = loggers;
        Informers = new InformerFactory(client, time, loggers, resyncPeriod);
    }

    public InformerFactory Informers { get; }

    /// <summary>An event recorder for <paramref name="component"/> (the events' source), its write loop started.</summary>
    public EventRecorder Recorder(string component)
    {
        var recorder = new EventRecorder(client, component, time, loggers.CreateLogger("Skiff.Client.Events." + component));
        Run(recorder.RunAsync);
        return recorder;
    }

    /// <summary>Runs a loop until the runtime is disposed.</summary>
    public void Run(Func<CancellationToken, Task> loop)
    {
        lock (running)
        {
            running.Add(Task.Run(async () =>
            {
                try
                {
                    await loop(stopping.Token);
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                }
            }));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        Task[] loops;
        lock (running)
        {
            loops = [.. running];
        }

        await Task.WhenAll(loops);
        await Informers.DisposeAsync();
        stopping.Dispose();
    }
}
