namespace Skiff.E2E.Tests.Infrastructure;

/// <summary>One running skiff shared by the tests of a class; each test works in its own namespace.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    private SkiffServer? server;

    public SkiffServer Server => server ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() => server = await SkiffServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }
}
