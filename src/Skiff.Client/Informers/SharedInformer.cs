using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Skiff.Client.Informers;

/// <summary>
/// Keeps a local cache of one resource in step with the API (list, then watch from the list's resourceVersion;
/// list again when the watch's history is compacted) and tells handlers about every change. One informer per
/// resource is shared by every controller in a process, so the API sees one list and one watch per resource.
/// </summary>
public sealed partial class SharedInformer<T> : IInformer
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly IKubeClient client;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly TimeSpan resyncPeriod;
    private readonly Lock handlersGate = new();
    private readonly TaskCompletionSource synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ResourceEventHandler<T>[] handlers = [];
    private string lastResourceVersion = "";

    /// <param name="client">The API to list and watch.</param>
    /// <param name="time">Clock for resyncs and retry delays.</param>
    /// <param name="logger">Where list and watch failures are reported.</param>
    /// <param name="resyncPeriod">How often every cached object is re-delivered as an update (zero: never).</param>
    public SharedInformer(IKubeClient client, TimeProvider time, ILogger logger, TimeSpan resyncPeriod)
    {
        this.client = client;
        this.time = time;
        this.logger = logger;
        this.resyncPeriod = resyncPeriod;
    }

    public ObjectCache<T> Cache { get; } = new();

    public bool HasSynced => synced.Task.IsCompleted;

    /// <summary>Adds a handler; if the cache is already filled, the handler first gets every cached object as an add.</summary>
    public void AddHandler(ResourceEventHandler<T> handler)
    {
        lock (handlersGate)
        {
            handlers = [.. handlers, handler];
            if (HasSynced)
            {
                foreach (var obj in Cache.List())
                {
                    Invoke(() => handler.OnAdd?.Invoke(obj));
                }
            }
        }
    }

    public Task WaitForSyncAsync(CancellationToken ct) => synced.Task.WaitAsync(ct);

    public async Task RunAsync(CancellationToken ct)
    {
        using var resync = resyncPeriod > TimeSpan.Zero
            ? time.CreateTimer(_ => Resync(), null, resyncPeriod, resyncPeriod)
            : null;
        var mustList = true;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                if (mustList)
                {
                    await ListAsync(ct);
                    mustList = false;
                }

                await WatchAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (KubeApiException e) when (e.IsGone)
            {
                LogRelist(logger, typeof(T).Name, e.Message);
                mustList = true;
            }
            catch (Exception e)
            {
                LogWatchFailed(logger, e, typeof(T).Name);
                mustList = true;
                try
                {
                    await Task.Delay(RetryDelay, time, ct);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Loads a full list, turning differences from the cache into adds, updates and deletes.</summary>
    private async Task ListAsync(CancellationToken ct)
    {
        var list = await client.ListAsync<T>(null, null, ct);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        lock (handlersGate)
        {
            foreach (var obj in list.Items)
            {
                seen.Add(ObjectKey.Of(obj));
                Apply(WatchEventKind.Modified, obj);
            }

            foreach (var key in Cache.Keys())
            {
                if (!seen.Contains(key) && Cache.Remove(key) is { } gone)
                {
                    Notify(h => h.OnDelete?.Invoke(gone));
                }
            }

            lastResourceVersion = list.ResourceVersion;
            synced.TrySetResult();
        }
    }

    /// <summary>Follows changes until the stream ends (then the caller watches again from the last resourceVersion).</summary>
    private async Task WatchAsync(CancellationToken ct)
    {
        // Upstream's reflector renews watches every 5-10 minutes so a stuck connection cannot go unnoticed.
        var timeout = TimeSpan.FromMinutes(5 + Random.Shared.NextDouble() * 5);
        var request = new WatchRequest(lastResourceVersion, Timeout: timeout);
        await foreach (var e in client.WatchAsync<T>(null, request, ct))
        {
            lock (handlersGate)
            {
                Apply(e.Type, e.Object);
                if (e.Object.Metadata?.ResourceVersion is { Length: > 0 } rv)
                {
                    lastResourceVersion = rv;
                }
            }
        }
    }

    private void Apply(WatchEventKind kind, T obj)
    {
        switch (kind)
        {
            case WatchEventKind.Bookmark:
                return;
            case WatchEventKind.Deleted:
                var removed = Cache.Remove(ObjectKey.Of(obj));
                Notify(h => h.OnDelete?.Invoke(removed ?? obj));
                return;
            default:
                var old = Cache.Upsert(obj);
                if (old is null)
                {
                    Notify(h => h.OnAdd?.Invoke(obj));
                }
                else if (old.Metadata?.ResourceVersion != obj.Metadata?.ResourceVersion)
                {
                    Notify(h => h.OnUpdate?.Invoke(old, obj));
                }

                return;
        }
    }

    private void Resync()
    {
        if (!HasSynced)
        {
            return;
        }

        lock (handlersGate)
        {
            foreach (var obj in Cache.List())
            {
                Notify(h => h.OnUpdate?.Invoke(obj, obj));
            }
        }
    }

    private void Notify(Action<ResourceEventHandler<T>> call)
    {
        foreach (var handler in handlers)
        {
            Invoke(() => call(handler));
        }
    }

    /// <summary>A failing handler must not stop the informer or the other handlers.</summary>
    private void Invoke(Action action)
    {
        try
        {
            action();
        }
        catch (Exception e)
        {
            LogHandlerFailed(logger, e, typeof(T).Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Kind} informer lists again: {Reason}")]
    private static partial void LogRelist(ILogger logger, string kind, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Kind} informer's list or watch failed; retrying")]
    private static partial void LogWatchFailed(ILogger logger, Exception e, string kind);

    [LoggerMessage(Level = LogLevel.Error, Message = "an event handler of the {Kind} informer failed")]
    private static partial void LogHandlerFailed(ILogger logger, Exception e, string kind);
}
