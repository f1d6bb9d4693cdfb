using System.Diagnostics;

namespace Skiff.E2E.Tests.Infrastructure;

/// <summary>Runs the real kubectl against a server, with a discovery cache of its own (kubectl caches per address for 6 h).</summary>
public sealed class Kubectl(SkiffServer server) : IDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);
    private readonly string cacheDir = Directory.CreateTempSubdirectory("skiff-kubectl-cache-").FullName;

    /// <summary>Extra environment for every kubectl this runs (e.g. client-go feature gates such as KUBE_FEATURE_WatchListClient).</summary>
    public IDictionary<string, string> Environment { get; } = new Dictionary<string, string>();

    public async Task<ProcessResult> RunAsync(params string[] args) => await RunWithInputAsync(null, args);

    public async Task<ProcessResult> RunWithInputAsync(string? stdin, params string[] args)
    {
        using var process = Start(args, stdin is not null);
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }

        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(CommandTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kubectl {string.Join(' ', args)} did not finish in {CommandTimeout}");
        }

        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs kubectl and fails the test with its output when it does not exit 0.</summary>
    public async Task<string> OkAsync(params string[] args)
    {
        var result = await RunAsync(args);
        Assert.True(result.ExitCode == 0, $"kubectl {string.Join(' ', args)} failed: {result}");
        return result.StdOut;
    }

    /// <summary>Starts a long-running kubectl (e.g. get -w); the caller reads and kills it.</summary>
    public Process Start(string[] args, bool redirectInput = false)
    {
        var info = new ProcessStartInfo("kubectl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("--kubeconfig");
        info.ArgumentList.Add(server.Kubeconfig);
        info.ArgumentList.Add("--cache-dir");
        info.ArgumentList.Add(cacheDir);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in Environment)
        {
            info.Environment[name] = value;
        }

        return Process.Start(info) ?? throw new InvalidOperationException("could not start kubectl");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(cacheDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
