namespace Skiff.Storage;

/// <summary>The kind of a queued write.</summary>
internal enum WriteOperation
{
    Create,
    Update,
    Delete,
}
