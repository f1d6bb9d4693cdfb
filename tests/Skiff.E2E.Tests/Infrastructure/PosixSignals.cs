using System.Runtime.InteropServices;

namespace Skiff.E2E.Tests.Infrastructure;

/// <summary>Sends SIGTERM, which .NET's Process API cannot do (Kill is SIGKILL).</summary>
public static partial class PosixSignals
{
    private const int SigTerm = 15;

    public static int Terminate(int pid) => Kill(pid, SigTerm);

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);
}
