namespace Skiff.Api.FieldManagement;

/// <summary>
/// The fields upstream strips from every manager's set (apiVersion, kind and the identity and bookkeeping fields of
/// metadata): the walkers skip them, which is also cheaper than walking managedFields itself.
/// </summary>
internal static class ObjectWalk
{
    /// <summary>Where a walker stands relative to the fields it skips.</summary>
    public enum Level
    {
        Root,
        RootMetadata,
        Inner,
    }

    public static bool Skips(Level level, string field) => level switch
    {
        Level.Root => field is "apiVersion" or "kind",
        Level.RootMetadata => field is "name" or "namespace" or "creationTimestamp" or "selfLink" or "uid" or "generation"
            or "managedFields" or "resourceVersion",
        _ => false,
    };

    public static Level Below(Level level, string field) =>
        level == Level.Root && field == "metadata" ? Level.RootMetadata : Level.Inner;
}
