namespace Skiff.E2E.Tests.Infrastructure;

/// <summary>What a finished command printed and returned.</summary>
public sealed record ProcessResult(int ExitCode, string StdOut, string StdErr)
{
    public string Output => StdOut + StdErr;

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{StdOut}\n--- stderr\n{StdErr}";
}
