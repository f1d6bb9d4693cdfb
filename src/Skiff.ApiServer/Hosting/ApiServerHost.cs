using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Skiff.Api.OpenApi;
using Skiff.Api.Resources;
using Skiff.ApiServer.Discovery;
using Skiff.ApiServer.Http;
using Skiff.ApiServer.InProcess;
using Skiff.ApiServer.Observability;
using Skiff.ApiServer.Registry;
using Skiff.ApiServer.Security;
using Skiff.ApiServer.Watch;
using Skiff.Client;
using Skiff.Storage;

namespace Skiff.ApiServer.Hosting;

/// <summary>
/// Runs the API server over a store: Kestrel on HTTPS with the cluster's certificate, the watch cache, and the
/// objects every cluster starts with. Start returns once requests are being served.
/// </summary>
public sealed class ApiServerHost : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly WatchCache cache;
    private readonly StoreCompactor compactor;

    private ApiServerHost(WebApplication app, WatchCache cache, StoreCompactor compactor, ObjectStore objects, ClusterCredentials credentials)
    {
        this.app = app;
        this.cache = cache;
        this.compactor = compactor;
        Objects = objects;
        Credentials = credentials;
    }

    public ObjectStore Objects { get; }

    /// <summary>A client for components running in this process: the same pipeline as HTTPS requests, without HTTP.</summary>
    public IKubeClient InProcessClient => field ??= new InProcessKubeClient(Objects, cache);

    /// <summary>
    /// An in-process client whose writes are recorded in managedFields under <paramref name="fieldManager"/>, the
    /// name upstream's component carries in its User-Agent (kube-controller-manager, kube-scheduler, kubelet).
    /// </summary>
    public IKubeClient InProcessClientFor(string fieldManager) => new InProcessKubeClient(Objects, cache, fieldManager);

    public ClusterCredentials Credentials { get; }

    /// <summary>The address actually bound (port 0 resolved).</summary>
    public IPEndPoint BoundEndpoint { get; private set; } = new(IPAddress.Loopback, 0);

    public static async Task<ApiServerHost> StartAsync(ApiServerOptions options, IStore store, ILoggerFactory loggerFactory, CancellationToken ct)
    {
        var credentials = ClusterCredentials.LoadOrCreate(options.DataDir, [options.Listen.Address.ToString()]);
        var registry = ResourceRegistry.CreateDefault();
        var time = options.Time;
        var metrics = new ApiServerMetrics(options.MetricsRegistry ?? ApiServerMetrics.DefaultRegistry());
        var objects = new ObjectStore(new InstrumentedStore(store, metrics, time), registry, time) { DefaultTolerations = options.DefaultTolerations };
        var cache = new WatchCache(store, time, loggerFactory.CreateLogger<WatchCache>());
        await cache.StartAsync();
        await ClusterBootstrap.EnsureAsync(objects, ct);

        // The empty builder: Kestrel and nothing else. The slim one also read appsettings.json from the working directory
        // (watching it with a FileSystemWatcher thread) and ASPNETCORE_* variables, none of which configure Skiff; not
        // loading them saves about 2.5 MB of an idle `skiff up` (docs/BENCHMARKS.md, Memory).
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = null; // RequestBody enforces upstream's 3 MiB with a Status answer.
            kestrel.AddServerHeader = false;
            kestrel.Listen(options.Listen, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(credentials.ServingCertificate);
            });
        });
        var app = builder.Build();
        // History older than the watch cache's window can no longer be replayed anyway; keep a margin above it.
        var compactor = new StoreCompactor(store, time, TimeSpan.FromMinutes(1), revisionsToKeep: 50_000);
        compactor.Start();
        var host = new ApiServerHost(app, cache, compactor, objects, credentials);
        var tables = new TableResponses(time);
        var endpoint = new ResourceEndpoint(objects, new WatchEndpoint(objects, cache, tables, time), tables);
        var dispatcher = new RequestDispatcher(registry, new DiscoveryDocuments(registry, options.Listen.ToString()),
            OpenApi(registry, time), endpoint, new MetricsEndpoint(metrics, store, registry),
            new RequestRecorder(metrics, time, loggerFactory.CreateLogger(RequestRecorder.AuditCategory)),
            new BearerTokenAuthenticator(credentials.Token), time, loggerFactory.CreateLogger<RequestDispatcher>());
        app.Run(dispatcher.HandleAsync);
        await app.StartAsync(ct);
        var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<IServerAddressesFeature>()!.Addresses.First();
        host.BoundEndpoint = new IPEndPoint(options.Listen.Address, new Uri(address).Port);
        return host;
    }

    // The documentation file sits beside the binary (Skiff.Api's build copies it); it is opened on the first OpenAPI
    // request, not at start-up.
    private static OpenApiEndpoint OpenApi(ResourceRegistry registry, TimeProvider time)
    {
        var documentation = Path.Combine(AppContext.BaseDirectory, OpenApiV3Builder.DocumentationFileName);
        var v3 = new OpenApiV3Builder(registry, () => File.Exists(documentation) ? File.OpenRead(documentation) : null);
        return new OpenApiEndpoint(v3, new OpenApiV2Builder(v3), time);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await compactor.DisposeAsync();
        await cache.DisposeAsync();
        await app.DisposeAsync();
    }
}
