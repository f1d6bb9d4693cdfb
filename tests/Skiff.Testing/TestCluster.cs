using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Skiff.Api.Resources;
using Skiff.ApiServer.Hosting;
using Skiff.ApiServer.InProcess;
using Skiff.ApiServer.Registry;
using Skiff.ApiServer.Watch;
using Skiff.Client;
using Skiff.Client.Hosting;
using Skiff.Client.Informers;
using Skiff.Storage;

namespace Skiff.Testing;

/// <summary>
/// The real API pipeline (registry, admission, watch cache) over an in-memory store, with the in-process client and
/// an informer factory: controllers under test run against it exactly as inside `skiff up`, minus HTTP.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    private readonly MemoryStore store;
    private readonly WatchCache cache;
    private readonly ComponentRuntime runtime;

    private TestCluster(MemoryStore store, WatchCache cache, ObjectStore objects, TimeProvider time)
    {
        this.store = store;
        this.cache = cache;
        Objects = objects;
        Time = time;
        Client = new InProcessKubeClient(objects, cache);
        runtime = new ComponentRuntime(Client, time, Loggers, TimeSpan.Zero);
    }

    public ObjectStore Objects { get; }

    public IKubeClient Client { get; }

    public InformerFactory Informers => runtime.Informers;

    public TimeProvider Time { get; }

    public ILoggerFactory Loggers => NullLoggerFactory.Instance;

    public static async Task<TestCluster> StartAsync(TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        var store = new MemoryStore();
        var objects = new ObjectStore(store, ResourceRegistry.CreateDefault(), time);
        var cache = new WatchCache(store, time, NullLogger<WatchCache>.Instance);
        await cache.StartAsync();
        await ClusterBootstrap.EnsureAsync(objects, CancellationToken.None);
        return new TestCluster(store, cache, objects, time);
    }

    /// <summary>
    /// Runs a component's loop (a controller's RunAsync, an event recorder's, ...) until the cluster is disposed,
    /// starting the informers it asked for.
    /// </summary>
    public void Run(Func<CancellationToken, Task> loop)
    {
        Informers.Start();
        runtime.Run(loop);
    }

    public async ValueTask DisposeAsync()
    {
        await runtime.DisposeAsync();
        await cache.DisposeAsync();
        await store.DisposeAsync();
    }
}
