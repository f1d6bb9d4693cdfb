using Skiff.Api.Selectors;

namespace Skiff.Scheduler.Matching;

/// <summary>A conjunction of label selectors: what upstream builds by adding requirements of several selectors into one.</summary>
public sealed class PodSelector
{
    private readonly LabelSelector[] parts;

    public PodSelector(params LabelSelector[] parts) => this.parts = [.. parts.Where(p => !p.IsEverything)];

    /// <summary>No requirement at all (selects every pod).</summary>
    public bool IsEmpty => parts.Length == 0;

    public bool Matches(IDictionary<string, string>? labels)
    {
        foreach (var part in parts)
        {
            if (!part.Matches(labels))
            {
                return false;
            }
        }

        return true;
    }

    public override string ToString() => string.Join(",", parts.Select(p => p.ToString()));
}
