using System.Diagnostics;
using System.Text;

namespace Skiff.E2E.Tests.Infrastructure;

/// <summary>`skiff controller-manager` as its own process against a server's kubeconfig; disposing kills it.</summary>
public sealed class ControllerManagerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly Process process;
    private readonly StringBuilder log = new();

    private ControllerManagerProcess(Process process) => this.process = process;

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

    public static async Task<ControllerManagerProcess> StartAsync(SkiffServer server, params string[] extraArgs)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { RepositoryPaths.SkiffDll, "controller-manager", "--kubeconfig", server.Kubeconfig }.Concat(extraArgs))
        {
            info.ArgumentList.Add(arg);
        }

        var started = Process.Start(info) ?? throw new InvalidOperationException("could not start skiff controller-manager");
        var manager = new ControllerManagerProcess(started);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        started.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                ready.TrySetException(new InvalidOperationException("controller-manager exited before it was ready:\n" + manager.Log));
                return;
            }

            manager.Append(e.Data);
            if (e.Data.Contains("controller manager is running", StringComparison.Ordinal))
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
