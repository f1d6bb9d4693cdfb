using Skiff.Storage;

namespace Skiff.ApiServer.Hosting;

/// <summary>
/// Compacts the store's history every interval, keeping the most recent revisions, as kube-apiserver asks etcd to
/// every five minutes. Without it the in-memory history of every write would grow without bound.
/// </summary>
public sealed class StoreCompactor(IStore store, TimeProvider time, TimeSpan interval, long revisionsToKeep) : IAsyncDisposable
{
    private readonly CancellationTokenSource stopping = new();
    private Task? loop;

    public void Start() => loop = RunAsync(stopping.Token);

    private async Task RunAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                var target = store.CurrentRevision - revisionsToKeep;
                if (target > store.CompactedRevision)
                {
                    await store.CompactAsync(target, ct);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        if (loop is not null)
        {
            await loop;
        }

        stopping.Dispose();
    }
}
