using Microsoft.Extensions.Logging.Abstractions;
using Skiff.Api.Resources;
using Skiff.ApiServer.Hosting;
using Skiff.ApiServer.InProcess;
using Skiff.ApiServer.Registry;
using Skiff.ApiServer.Watch;
using Skiff.Client;
using Skiff.Storage;

namespace Skiff.Bench.Infrastructure;

/// <summary>
/// The API pipeline of `skiff up` without HTTP: in-memory store, registry, watch cache and the in-process client
/// components use inside `skiff up`. For measuring a component rather than the HTTP front.
/// </summary>
public sealed class InProcessCluster : IAsyncDisposable
{
    private readonly MemoryStore store;
    private readonly WatchCache cache;

    private InProcessCluster(MemoryStore store, WatchCache cache, IKubeClient client)
    {
        this.store = store;
        this.cache = cache;
        Client = client;
    }

    public IKubeClient Client { get; }

    public static async Task<InProcessCluster> StartAsync()
    {
        var store = new MemoryStore();
        var objects = new ObjectStore(store, ResourceRegistry.CreateDefault(), TimeProvider.System);
        var cache = new WatchCache(store, TimeProvider.System, NullLogger<WatchCache>.Instance);
        await cache.StartAsync();
        await ClusterBootstrap.EnsureAsync(objects, CancellationToken.None);
        return new InProcessCluster(store, cache, new InProcessKubeClient(objects, cache));
    }

    public async ValueTask DisposeAsync()
    {
        await cache.DisposeAsync();
        await store.DisposeAsync();
    }
}
