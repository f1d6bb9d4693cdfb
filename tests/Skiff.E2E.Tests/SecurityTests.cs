using Skiff.E2E.Tests.Infrastructure;

namespace Skiff.E2E.Tests;

/// <summary>HTTPS with the generated CA, and a bearer token that every request must carry.</summary>
public sealed class SecurityTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task A_wrong_token_is_unauthorized()
    {
        using var kubectl = new Kubectl(fixture.Server);
        var result = await kubectl.RunAsync("get", "pods", "--token", "not-the-token");
        Assert.NotEqual(0, result.ExitCode);
        // kubectl 1.32 words a 401 on discovery as "(the server has asked for the client to provide credentials)".
        Assert.Contains("error: You must be logged in to the server", result.StdErr);
    }

    [Fact]
    public async Task The_kubeconfig_uses_https_with_the_clusters_ca()
    {
        var kubeconfig = await File.ReadAllTextAsync(fixture.Server.Kubeconfig);
        Assert.Contains("server: https://127.0.0.1:", kubeconfig);
        Assert.Contains("certificate-authority-data:", kubeconfig);
        Assert.Contains("token:", kubeconfig);
        using var kubectl = new Kubectl(fixture.Server);
        Assert.Contains("ok", await kubectl.OkAsync("get", "--raw", "/healthz"));
    }
}
