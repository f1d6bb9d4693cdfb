namespace Skiff.Controllers.Batching;

/// <summary>
/// Upstream's slowStartBatch: runs <c>count</c> calls in batches of 1, 2, 4, 8, ... (each batch concurrently) and
/// stops after the first batch with a failure, so a creation that fails for every pod (quota, validation) costs
/// one call instead of hundreds. Example: 10 calls run as 1, 2, 4, then the remaining 3.
/// </summary>
public static class SlowStart
{
    public const int InitialBatchSize = 1;

    /// <summary>Returns how many calls succeeded (a call reports success by returning true).</summary>
    public static async Task<int> RunAsync(int count, Func<CancellationToken, Task<bool>> call, CancellationToken ct)
    {
        var succeeded = 0;
        var remaining = count;
        for (var batch = Math.Min(remaining, InitialBatchSize); batch > 0; batch = Math.Min(2 * batch, remaining))
        {
            var results = await Task.WhenAll(Enumerable.Range(0, batch).Select(_ => call(ct)));
            var ok = results.Count(r => r);
            succeeded += ok;
            if (ok < batch)
            {
                break;
            }

            remaining -= batch;
        }

        return succeeded;
    }
}
