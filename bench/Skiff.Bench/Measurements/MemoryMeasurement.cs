using Skiff.Bench.Infrastructure;

namespace Skiff.Bench.Measurements;

/// <summary>Server memory: VmRSS of the skiff process, idle right after start and again after the load.</summary>
public static class MemoryMeasurement
{
    private const long IdleTargetBytes = 100L * 1024 * 1024;

    /// <summary>VmRSS right after start; <paramref name="configuration"/> says which `skiff up` was measured.</summary>
    public static BenchRow Idle(SkiffProcess skiff, string configuration)
    {
        var bytes = skiff.ReadResidentBytes();
        return new BenchRow($"Server memory idle (VmRSS after start), {configuration}", Megabytes(bytes), "< 100 MB", bytes < IdleTargetBytes);
    }

    public static BenchRow Loaded(SkiffProcess skiff, string load) =>
        new($"Server memory loaded (VmRSS after {load})", Megabytes(skiff.ReadResidentBytes()));

    private static string Megabytes(long bytes) => $"{bytes / (1024.0 * 1024.0):F0} MB";
}
