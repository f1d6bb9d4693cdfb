namespace Skiff.Storage;

/// <summary>The kind of change a <see cref="StoreEvent"/> reports.</summary>
public enum StoreEventType
{
    /// <summary>The key was created or updated.</summary>
    Put,

    /// <summary>The key was deleted.</summary>
    Delete,
}
