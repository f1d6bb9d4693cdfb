using System.Diagnostics;
using System.Text;

namespace Skiff.E2E.Tests.Infrastructure;

/// <summary>
/// The real skiff binary running `up` on a free port with a temporary data directory. Disposing stops it and
/// removes the directory; Kill simulates a crash (kill -9) and Restart starts it again on the same data.
/// </summary>
public sealed class SkiffServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly bool ownsDataDir;
    private Process? process;
    private readonly StringBuilder log = new();

    private readonly string[] extraArgs;

    private SkiffServer(string dataDir, bool ownsDataDir, string storage, string[] extraArgs)
    {
        DataDir = dataDir;
        this.ownsDataDir = ownsDataDir;
        Storage = storage;
        this.extraArgs = extraArgs;
    }

    public string DataDir { get; }

    public string Storage { get; }

    public string Kubeconfig => Path.Combine(DataDir, "kubeconfig");

    public string Server { get; private set; } = "";

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

    /// <param name="storage">sqlite or memory.</param>
    /// <param name="dataDir">An existing data directory to reuse, or null for a fresh temporary one.</param>
    /// <param name="extraArgs">More `skiff up` options, e.g. "--no-controllers".</param>
    public static async Task<SkiffServer> StartAsync(string storage = "sqlite", string? dataDir = null, params string[] extraArgs)
    {
        var owns = dataDir is null;
        dataDir ??= Directory.CreateTempSubdirectory("skiff-e2e-").FullName;
        var server = new SkiffServer(dataDir, owns, storage, extraArgs);
        await server.StartProcessAsync();
        return server;
    }

    /// <summary>Starts the binary again on the same data directory (after Kill or Stop).</summary>
    public Task RestartAsync() => StartProcessAsync();

    private async Task StartProcessAsync()
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { RepositoryPaths.SkiffDll, "up", "--listen", "127.0.0.1:0", "--data-dir", DataDir, "--storage", Storage }.Concat(extraArgs))
        {
            info.ArgumentList.Add(arg);
        }

        var ready = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = Process.Start(info) ?? throw new InvalidOperationException("could not start skiff");
        process = started;
        started.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                ready.TrySetException(new InvalidOperationException("skiff exited before it was ready:\n" + Log));
                return;
            }

            Append(e.Data);
            if (e.Data.Contains("export KUBECONFIG=", StringComparison.Ordinal))
            {
                ready.TrySetResult(e.Data);
            }
        };
        started.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Append(e.Data);
            }
        };
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        var line = await ready.Task.WaitAsync(StartTimeout);
        var at = line.IndexOf("https://", StringComparison.Ordinal);
        Server = line[at..line.IndexOf(' ', at)];
    }

    private void Append(string line)
    {
        lock (log)
        {
            log.AppendLine(line);
        }
    }

    /// <summary>Kills the process at once, as kill -9 would, without letting it shut down.</summary>
    public async Task KillAsync()
    {
        if (process is { HasExited: false } p)
        {
            p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync();
        }
    }

    /// <summary>Stops the process with SIGTERM and waits for a clean exit.</summary>
    public async Task<int> StopAsync()
    {
        if (process is not { HasExited: false } p)
        {
            return process?.ExitCode ?? 0;
        }

        _ = PosixSignals.Terminate(p.Id);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await p.WaitForExitAsync(timeout.Token);
        return p.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process?.Dispose();
        if (ownsDataDir)
        {
            try
            {
                Directory.Delete(DataDir, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a temp directory left behind is harmless.
            }
        }
    }
}
