using k8s.Models;
using Skiff.Api.Selectors;

namespace Skiff.Scheduler.Cache;

/// <summary>
/// A parsed pod (anti-)affinity term: which pods it selects (namespaces, namespace selector, label selector) and the
/// node label that defines "the same place" (topologyKey), as upstream's framework.AffinityTerm.
/// </summary>
public sealed class AffinityTerm
{
    public AffinityTerm(IReadOnlySet<string> namespaces, LabelSelector namespaceSelector, LabelSelector selector, string topologyKey)
    {
        Namespaces = namespaces;
        NamespaceSelector = namespaceSelector;
        Selector = selector;
        TopologyKey = topologyKey;
    }

    public IReadOnlySet<string> Namespaces { get; }

    /// <summary>Matches nothing when the term has no namespaceSelector; an empty one matches every namespace.</summary>
    public LabelSelector NamespaceSelector { get; }

    public LabelSelector Selector { get; }

    public string TopologyKey { get; }

    /// <summary>
    /// Parses a term of <paramref name="owner"/>: with neither namespaces nor a namespaceSelector the term looks
    /// only in the owner's namespace.
    /// </summary>
    /// <exception cref="SelectorParseException">An invalid selector (validation normally keeps these out).</exception>
    public static AffinityTerm Parse(V1Pod owner, V1PodAffinityTerm term)
    {
        IReadOnlySet<string> namespaces = (term.Namespaces is null || term.Namespaces.Count == 0) && term.NamespaceSelector is null
            ? new HashSet<string>(StringComparer.Ordinal) { owner.Metadata.NamespaceProperty ?? "" }
            : new HashSet<string>(term.Namespaces ?? [], StringComparer.Ordinal);
        return new AffinityTerm(namespaces, LabelSelector.FromModel(term.NamespaceSelector), LabelSelector.FromModel(term.LabelSelector), term.TopologyKey ?? "");
    }

    /// <summary>Whether the term selects the pod; <paramref name="namespaceLabels"/> are the labels of the pod's namespace.</summary>
    public bool Matches(PodInfo pod, IDictionary<string, string>? namespaceLabels) =>
        (Namespaces.Contains(pod.Namespace) || NamespaceSelector.Matches(namespaceLabels)) && Selector.Matches(pod.Labels);

    /// <summary>A copy whose namespace selector is resolved into the names of the namespaces it matches now.</summary>
    public AffinityTerm WithNamespaces(IReadOnlySet<string> namespaces) => new(namespaces, LabelSelector.Nothing, Selector, TopologyKey);
}
