using k8s.Models;
using Skiff.Api.Selectors;

namespace Skiff.Scheduler.Matching;

/// <summary>
/// One parsed node selector term: its matchExpressions as label requirements and its matchFields (only
/// metadata.name exists for nodes), as upstream's nodeaffinity.nodeSelectorTerm. A term with neither matches no
/// node; a term that does not parse matches no node either (upstream reports the error lazily and moves on).
/// </summary>
public sealed class NodeSelectorTerm
{
    private readonly List<LabelRequirement> labels = [];
    private readonly List<(string Key, bool Equal, string Value)> fields = [];
    private readonly bool matchesNothing;

    public NodeSelectorTerm(V1NodeSelectorTerm term)
    {
        matchesNothing = (term.MatchExpressions?.Count ?? 0) == 0 && (term.MatchFields?.Count ?? 0) == 0;
        try
        {
            foreach (var expression in term.MatchExpressions ?? [])
            {
                var op = expression.OperatorProperty switch
                {
                    "In" => LabelSelectorOperator.In,
                    "NotIn" => LabelSelectorOperator.NotIn,
                    "Exists" => LabelSelectorOperator.Exists,
                    "DoesNotExist" => LabelSelectorOperator.DoesNotExist,
                    "Gt" => LabelSelectorOperator.GreaterThan,
                    "Lt" => LabelSelectorOperator.LessThan,
                    _ => throw new SelectorParseException($"\"{expression.OperatorProperty}\" is not a valid node selector operator"),
                };
                labels.Add(LabelRequirement.Create(expression.Key ?? "", op, expression.Values is { Count: > 0 } values ? [.. values] : null));
            }

            foreach (var requirement in term.MatchFields ?? [])
            {
                if (requirement.Values is not { Count: 1 } || requirement.OperatorProperty is not ("In" or "NotIn"))
                {
                    throw new SelectorParseException($"\"{requirement.OperatorProperty}\" with {requirement.Values?.Count ?? 0} values is not a valid node field selector");
                }

                fields.Add((requirement.Key ?? "", requirement.OperatorProperty == "In", requirement.Values[0]));
            }
        }
        catch (SelectorParseException)
        {
            matchesNothing = true;
        }
    }

    public bool Matches(string nodeName, IDictionary<string, string> nodeLabels)
    {
        if (matchesNothing)
        {
            return false;
        }

        foreach (var requirement in labels)
        {
            if (!requirement.Matches(nodeLabels))
            {
                return false;
            }
        }

        foreach (var (key, equal, value) in fields)
        {
            var actual = key == "metadata.name" ? nodeName : "";
            if ((actual == value) != equal)
            {
                return false;
            }
        }

        return true;
    }
}
