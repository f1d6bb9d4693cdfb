using Microsoft.Extensions.Logging;
using Skiff.ApiServer.Http;
using Skiff.Storage;

namespace Skiff.ApiServer.Watch;

/// <summary>
/// One store watch over every resource, fanned out to all API watchers, with a window of recent events for
/// watches that resume from a resourceVersion. However many clients watch, the store sees a single watch.
/// </summary>
public sealed partial class WatchCache(IStore store, ILogger<WatchCache> logger, int windowSize = 20_000) : IAsyncDisposable
{
    private const int WatcherCapacity = 100_000;

    private readonly Lock gate = new();
    private readonly Queue<CachedEvent> window = new();
    private readonly List<Watcher> watchers = [];
    private readonly CancellationTokenSource stopping = new();
    private Task? pump;
    private long startRevision;
    private long lastRevision;
    private TaskCompletionSource started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The highest revision the cache has seen (events up to it are in the window or older).</summary>
    public long LastRevision
    {
        get
        {
            lock (gate)
            {
                return lastRevision;
            }
        }
    }

    public Task StartAsync()
    {
        startRevision = store.CurrentRevision;
        lastRevision = startRevision;
        pump = Task.Run(() => PumpAsync(stopping.Token));
        return started.Task;
    }

    /// <summary>
    /// Registers a watcher for events after a revision. Events still in the window are queued first, then live
    /// ones, without a gap: both happen under the same lock as the pump's appends.
    /// </summary>
    public Watcher Watch(string prefix, long afterRevision)
    {
        lock (gate)
        {
            var oldestKnown = window.Count > 0 ? window.Peek().Revision - 1 : lastRevision;
            if (afterRevision < oldestKnown && afterRevision < lastRevision)
            {
                throw ApiErrors.Gone($"too old resource version: {afterRevision} ({oldestKnown + 1})");
            }

            var watcher = new Watcher(prefix, afterRevision, WatcherCapacity);
            foreach (var e in window)
            {
                watcher.Offer(e);
            }

            watchers.Add(watcher);
            return watcher;
        }
    }

    public void Unwatch(Watcher watcher)
    {
        lock (gate)
        {
            watchers.Remove(watcher);
        }

        watcher.Close();
    }

    private async Task PumpAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var from = LastRevision;
                var stream = store.WatchAsync("/registry/", from, ct);
                started.TrySetResult();
                await foreach (var e in stream)
                {
                    Append(CachedEvent.From(e));
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return; // The store is shutting down.
            }
            catch (Exception e)
            {
                // The store ended our watch (e.g. compaction overtook it): close every watcher so clients relist.
                LogPumpRestart(logger, e);
                ResetAfterGap();
            }
        }
    }

    private void Append(CachedEvent e)
    {
        lock (gate)
        {
            window.Enqueue(e);
            if (window.Count > windowSize)
            {
                window.Dequeue();
            }

            lastRevision = e.Revision;
            foreach (var watcher in watchers)
            {
                watcher.Offer(e);
            }
        }
    }

    private void ResetAfterGap()
    {
        lock (gate)
        {
            foreach (var watcher in watchers)
            {
                watcher.Close();
            }

            watchers.Clear();
            window.Clear();
            lastRevision = store.CurrentRevision;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        if (pump is not null)
        {
            await pump.ConfigureAwait(false);
        }

        lock (gate)
        {
            foreach (var watcher in watchers)
            {
                watcher.Close();
            }

            watchers.Clear();
        }

        stopping.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watch cache lost its store watch; watchers were closed")]
    private static partial void LogPumpRestart(ILogger logger, Exception e);
}
