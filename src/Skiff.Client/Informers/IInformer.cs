namespace Skiff.Client.Informers;

/// <summary>What an informer factory needs of informers of any type: run them and know when their caches are filled.</summary>
public interface IInformer
{
    /// <summary>True once the first list has been loaded into the cache and delivered to the handlers.</summary>
    bool HasSynced { get; }

    /// <summary>Lists, then watches, relisting when the watch's history is gone, until ct is cancelled.</summary>
    Task RunAsync(CancellationToken ct);

    Task WaitForSyncAsync(CancellationToken ct);
}
