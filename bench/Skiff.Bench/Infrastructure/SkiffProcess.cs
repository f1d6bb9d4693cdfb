using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Skiff.Bench.Infrastructure;

/// <summary>
/// One `skiff up --storage sqlite` process on a loopback port and a temporary data directory; disposing kills it
/// and deletes the directory.
/// </summary>
public sealed class SkiffProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly Process process;
    private readonly StringBuilder log = new();

    private SkiffProcess(Process process, string dataDir)
    {
        this.process = process;
        DataDir = dataDir;
    }

    public string DataDir { get; }

    public string Kubeconfig => Path.Combine(DataDir, "kubeconfig");

    public int ProcessId => process.Id;

    /// <summary>From Process.Start until the ready line was read from its standard output.</summary>
    public TimeSpan TimeToReady { get; private set; }

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

    /// <summary>Starts `skiff up` on a fresh SQLite data directory, with <paramref name="extraArgs"/> as more options.</summary>
    public static async Task<SkiffProcess> StartAsync(string skiffDll, params string[] extraArgs)
    {
        var dataDir = Directory.CreateTempSubdirectory("skiff-bench-").FullName;
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { skiffDll, "up", "--listen", "127.0.0.1:0", "--data-dir", dataDir, "--storage", "sqlite" }.Concat(extraArgs))
        {
            info.ArgumentList.Add(arg);
        }

        var ready = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        var clock = Stopwatch.StartNew();
        var started = Process.Start(info) ?? throw new InvalidOperationException("could not start skiff");
        var skiff = new SkiffProcess(started, dataDir);
        started.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                ready.TrySetException(new InvalidOperationException("skiff exited before it was ready:\n" + skiff.Log));
                return;
            }

            // Take the time before anything else so the log bookkeeping is not part of the figure.
            var at = clock.Elapsed;
            skiff.Append(e.Data);
            if (e.Data.Contains("export KUBECONFIG=", StringComparison.Ordinal))
            {
                ready.TrySetResult(at);
            }
        };
        started.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                skiff.Append(e.Data);
            }
        };
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        try
        {
            skiff.TimeToReady = await ready.Task.WaitAsync(StartTimeout);
        }
        catch
        {
            await skiff.DisposeAsync();
            throw;
        }

        return skiff;
    }

    /// <summary>Resident set size of the server process (VmRSS in /proc/PID/status), in bytes.</summary>
    public long ReadResidentBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var kb = line["VmRSS:".Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
                return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException("VmRSS not found for process " + process.Id);
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
