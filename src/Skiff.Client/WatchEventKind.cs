namespace Skiff.Client;

/// <summary>The event types of the watch protocol (ERROR is raised as a <see cref="KubeApiException"/> instead).</summary>
public enum WatchEventKind
{
    Added,
    Modified,
    Deleted,
    Bookmark,
}
