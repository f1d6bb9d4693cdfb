using Skiff.Bench.Infrastructure;

namespace Skiff.Bench.Measurements;

/// <summary>Gets per second: GET single existing pods with a given number of concurrent clients.</summary>
public static class GetThroughputMeasurement
{
    public static async Task<BenchRow> RunAsync(SkiffClient client, IReadOnlyList<PodAddress> pods, int gets, int clients, CancellationToken ct = default)
    {
        // A fixed stride through the pods: every get hits a different existing object, deterministically.
        var paths = Enumerable.Range(0, gets).Select(i => pods[(int)((i * 7919L) % pods.Count)].Path).ToArray();
        var elapsed = await ConcurrentLoad.RunAsync(gets, clients, (i, token) => client.GetAsync(paths[i], token), ct);
        return new BenchRow(
            $"Pod gets/s, {clients} clients ({gets:N0} gets in {elapsed.TotalSeconds:F1} s)",
            $"{gets / elapsed.TotalSeconds:N0}/s");
    }
}
