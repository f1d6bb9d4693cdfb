using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Skiff.Client.Informers;

/// <summary>
/// Hands out one <see cref="SharedInformer{T}"/> per resource type, so that every controller in a process shares
/// its cache and the API serves one list and one watch per resource. Informers asked for after Start run at once.
/// </summary>
public sealed class InformerFactory(IKubeClient client, TimeProvider time, ILoggerFactory loggers, TimeSpan resyncPeriod) : IAsyncDisposable
{
    private readonly Lock gate = new();
    private readonly Dictionary<Type, IInformer> informers = [];
    private readonly List<Task> running = [];
    private CancellationTokenSource? stopping;

    public SharedInformer<T> For<T>()
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        lock (gate)
        {
            if (informers.TryGetValue(typeof(T), out var existing))
            {
                return (SharedInformer<T>)existing;
            }

            var informer = new SharedInformer<T>(client, time, loggers.CreateLogger($"Skiff.Client.Informers.{typeof(T).Name}"), resyncPeriod);
            informers[typeof(T)] = informer;
            if (stopping is not null)
            {
                running.Add(Task.Run(() => informer.RunAsync(stopping.Token)));
            }

            return informer;
        }
    }

    /// <summary>Starts every informer asked for so far (and, from now on, each new one as it is asked for).</summary>
    public void Start()
    {
        lock (gate)
        {
            if (stopping is not null)
            {
                return;
            }

            stopping = new CancellationTokenSource();
            foreach (var informer in informers.Values)
            {
                running.Add(Task.Run(() => informer.RunAsync(stopping.Token)));
            }
        }
    }

    /// <summary>Waits until every informer created so far has filled its cache.</summary>
    public Task WaitForSyncAsync(CancellationToken ct)
    {
        IInformer[] all;
        lock (gate)
        {
            all = [.. informers.Values];
        }

        return Task.WhenAll(all.Select(i => i.WaitForSyncAsync(ct)));
    }

    public async ValueTask DisposeAsync()
    {
        Task[] tasks;
        lock (gate)
        {
            stopping?.Cancel();
            tasks = [.. running];
        }

        await Task.WhenAll(tasks);
        stopping?.Dispose();
    }
}
