using k8s.Models;
using Skiff.Scheduler.Cache;

namespace Skiff.Scheduler.Matching;

/// <summary>
/// Where a pod may run by node labels: its nodeSelector AND any one of its required node affinity terms, as
/// upstream's nodeaffinity.GetRequiredNodeAffinity. A pod with neither matches every node; a required node affinity
/// with no terms matches none.
/// </summary>
public sealed class RequiredNodeAffinity
{
    private readonly IDictionary<string, string>? nodeSelector;
    private readonly List<NodeSelectorTerm>? terms;

    private RequiredNodeAffinity(IDictionary<string, string>? nodeSelector, List<NodeSelectorTerm>? terms)
    {
        this.nodeSelector = nodeSelector;
        this.terms = terms;
    }

    /// <summary>True when the pod places no label constraint on nodes.</summary>
    public bool IsEmpty => nodeSelector is null && terms is null;

    public static RequiredNodeAffinity Of(V1Pod pod)
    {
        var selector = pod.Spec.NodeSelector is { Count: > 0 } map ? map : null;
        var required = pod.Spec.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution;
        var parsed = required is null ? null : (required.NodeSelectorTerms ?? []).Select(t => new NodeSelectorTerm(t)).ToList();
        return new RequiredNodeAffinity(selector, parsed);
    }

    public bool Matches(NodeInfo node) => Matches(node.Name, node.Labels);

    public bool Matches(string nodeName, IDictionary<string, string> nodeLabels)
    {
        if (nodeSelector is not null)
        {
            foreach (var (key, value) in nodeSelector)
            {
                if (!nodeLabels.TryGetValue(key, out var actual) || actual != value)
                {
                    return false;
                }
            }
        }

        if (terms is null)
        {
            return true;
        }

        foreach (var term in terms)
        {
            if (term.Matches(nodeName, nodeLabels))
            {
                return true;
            }
        }

        return false;
    }
}
