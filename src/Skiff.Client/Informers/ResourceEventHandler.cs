namespace Skiff.Client.Informers;

/// <summary>
/// Callbacks an informer makes after its cache changed. They run on the informer's loop, one at a time, so they
/// must be quick (typically: work out keys and add them to a work queue).
/// </summary>
public sealed class ResourceEventHandler<T>
{
    public Action<T>? OnAdd { get; init; }

    /// <summary>Old and new state; on a periodic resync both are the same object.</summary>
    public Action<T, T>? OnUpdate { get; init; }

    /// <summary>The last state known; after a relist it may be older than the object's real final state.</summary>
    public Action<T>? OnDelete { get; init; }
}
