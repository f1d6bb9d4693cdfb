namespace Skiff.Scheduler.Framework;

/// <summary>
/// Data plugins share within one scheduling cycle (what PreFilter computed for Filter, PreScore for Score), plus the
/// plugins that answered Skip and are therefore not run for this pod.
/// </summary>
public sealed class CycleState
{
    private readonly Dictionary<string, object> data = new(StringComparer.Ordinal);

    public HashSet<string> SkipFilterPlugins { get; } = new(StringComparer.Ordinal);

    public HashSet<string> SkipScorePlugins { get; } = new(StringComparer.Ordinal);

    public void Write(string key, object value) => data[key] = value;

    /// <summary>The value written under key, or null when the writing plugin did not run (or wrote something else).</summary>
    public T? Read<T>(string key)
        where T : class => data.TryGetValue(key, out var value) ? value as T : null;
}
