using System.Diagnostics;
using System.Text;

namespace Skiff.E2E.Tests.Infrastructure;

/// <summary>`skiff node` (simulated nodes) as its own process against a server's kubeconfig; disposing kills it.</summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly Process process;
    private readonly StringBuilder log = new();

    private NodeProcess(Process process) => this.process = process;

    public string Log
    {
        get
        {
            lock (log)
            {
                return log.ToString();
            }
        }
    }

    public static async Task<NodeProcess> StartAsync(SkiffServer server, params string[] extraArgs)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { RepositoryPaths.SkiffDll, "node", "--kubeconfig", server.Kubeconfig }.Concat(extraArgs))
        {
            info.ArgumentList.Add(arg);
        }

        var started = Process.Start(info) ?? throw new InvalidOperationException("could not start skiff node");
        var manager = new NodeProcess(started);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        started.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                ready.TrySetException(new InvalidOperationException("skiff node exited before it was ready:\n" + manager.Log));
                return;
            }

            manager.Append(e.Data);
            if (e.Data.Contains("Skiff is simulating", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        };
        started.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                manager.Append(e.Data);
            }
        };
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        await ready.Task.WaitAsync(StartTimeout);
        return manager;
    }

    /// <summary>Runs a short `skiff node ...` command (stop, start) to its end.</summary>
    public static async Task<ProcessResult> RunAsync(SkiffServer server, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { RepositoryPaths.SkiffDll, "node" }.Concat(args).Concat(["--kubeconfig", server.Kubeconfig]))
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start skiff node");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(StartTimeout);
        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }

    private void Append(string line)
    {
        lock (log)
        {
            log.AppendLine(line);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }
}
