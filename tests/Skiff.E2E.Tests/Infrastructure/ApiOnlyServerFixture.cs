namespace Skiff.E2E.Tests.Infrastructure;

/// <summary>
/// One `skiff up --nodes 0 --no-scheduler --no-controllers` for a test class: the API server alone, so what a test
/// reads back is what the API did, with no controller, scheduler or kubelet writing in between.
/// </summary>
public sealed class ApiOnlyServerFixture : IAsyncLifetime
{
    private SkiffServer? server;

    public SkiffServer Server => server ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() => server = await SkiffServer.StartAsync("sqlite", null, "--nodes", "0", "--no-scheduler", "--no-controllers");

    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }
}
