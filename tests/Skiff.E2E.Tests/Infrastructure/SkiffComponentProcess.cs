using System.Diagnostics;
using System.Text;

namespace Skiff.E2E.Tests.Infrastructure;

/// <summary>
/// A component of Skiff run as its own process against a server's kubeconfig (`skiff controller-manager`, `skiff node`,
/// ...): started until it prints its ready line; disposing kills it.
/// </summary>
public sealed class SkiffComponentProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly Process process;
    private readonly StringBuilder log = new();

    private SkiffComponentProcess(Process process) => this.process = process;

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

    /// <param name="server">The cluster to join.</param>
    /// <param name="command">The skiff command, e.g. "controller-manager".</param>
    /// <param name="readyLine">Text of the line the component prints once it runs.</param>
    /// <param name="extraArgs">More options for the command.</param>
    public static async Task<SkiffComponentProcess> StartAsync(SkiffServer server, string command, string readyLine, params string[] extraArgs)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { RepositoryPaths.SkiffDll, command, "--kubeconfig", server.Kubeconfig }.Concat(extraArgs))
        {
            info.ArgumentList.Add(arg);
        }

        var started = Process.Start(info) ?? throw new InvalidOperationException($"could not start skiff {command}");
        var manager = new SkiffComponentProcess(started);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        started.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                ready.TrySetException(new InvalidOperationException($"skiff {command} exited before it was ready:\n" + manager.Log));
                return;
            }

            manager.Append(e.Data);
            if (e.Data.Contains(readyLine, StringComparison.Ordinal))
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

    /// <summary>Runs a short skiff command (e.g. `node stop NAME`) with the server's kubeconfig to its end.</summary>
    public static async Task<ProcessResult> RunAsync(SkiffServer server, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { RepositoryPaths.SkiffDll }.Concat(args).Concat(["--kubeconfig", server.Kubeconfig]))
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start skiff");
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
