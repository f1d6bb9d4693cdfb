using k8s.Models;
using static Skiff.Api.Tests.Admission.AdmissionFixtures;

namespace Skiff.Api.Tests.Admission;

/// <summary>Scheduling cases of a pod template: node and pod (anti-)affinity, tolerations and topology spread constraints.</summary>
public partial class InvalidObjectsTests
{
    private const string NodeTerm = "spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]";
    private const string PodTerm = "spec.template.spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0]";
    private const string Spread = "spec.template.spec.topologySpreadConstraints[0]";

    private static Case NodeAffinity(V1NodeSelectorTerm term, string type, string field, string message, bool only = true) =>
        Dep(d => Tpl(d).Affinity = new V1Affinity
        {
            NodeAffinity = new V1NodeAffinity { RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector { NodeSelectorTerms = [term] } },
        }, type, field, message, only);

    private static Case NodeExpression(string key, string op, IList<string>? values, string type, string field, string message, bool only = true) =>
        NodeAffinity(new V1NodeSelectorTerm { MatchExpressions = [new V1NodeSelectorRequirement { Key = key, OperatorProperty = op, Values = values }] }, type, field, message, only);

    private static Case PodAffinity(V1PodAffinityTerm term, string type, string field, string message, bool only = true) =>
        Dep(d => Tpl(d).Affinity = new V1Affinity { PodAffinity = new V1PodAffinity { RequiredDuringSchedulingIgnoredDuringExecution = [term] } }, type, field, message, only);

    private static V1PodAffinityTerm WebTerm(string topologyKey = "kubernetes.io/hostname") =>
        new() { LabelSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } }, TopologyKey = topologyKey };

    private static Case Toleration(V1Toleration toleration, string type, string field, string message, bool only = true) =>
        Dep(d => Tpl(d).Tolerations = [toleration], type, field, message, only);

    private static V1TopologySpreadConstraint ZoneSpread() => new()
    {
        MaxSkew = 1,
        TopologyKey = "topology.kubernetes.io/zone",
        WhenUnsatisfiable = "DoNotSchedule",
        LabelSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
    };

    private static Case SpreadCase(Action<V1TopologySpreadConstraint> edit, string type, string field, string message, bool only = true) =>
        Dep(d =>
        {
            var constraint = ZoneSpread();
            edit(constraint);
            Tpl(d).TopologySpreadConstraints = [constraint];
        }, type, field, message, only);

    private static readonly Dictionary<string, Case> SchedulingCases = new()
    {
        // node affinity
        ["node affinity without terms"] = Dep(d => Tpl(d).Affinity = new V1Affinity
            {
                NodeAffinity = new V1NodeAffinity { RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector { NodeSelectorTerms = [] } },
            },
            Required, "spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms",
            "Required value: must have at least one node selector term"),
        ["node affinity In without values"] = NodeExpression("disk", "In", null, Required, $"{NodeTerm}.matchExpressions[0].values",
            "Required value: must be specified when `operator` is 'In' or 'NotIn'"),
        ["node affinity Exists with values"] = NodeExpression("disk", "Exists", ["ssd"], Forbidden, $"{NodeTerm}.matchExpressions[0].values",
            "Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'"),
        ["node affinity Gt with two values"] = NodeExpression("cores", "Gt", ["4", "8"], Required, $"{NodeTerm}.matchExpressions[0].values",
            "Required value: must be specified single value when `operator` is 'Lt' or 'Gt'"),
        ["node affinity unknown operator"] = NodeExpression("disk", "Like", ["ssd"], Invalid, $"{NodeTerm}.matchExpressions[0].operator",
            "Invalid value: \"Like\": not a valid selector operator"),
        ["node affinity key with a space"] = NodeExpression("disk type", "Exists", null, Invalid, $"{NodeTerm}.matchExpressions[0].key",
            $"Invalid value: \"disk type\": {QualifiedNamePart}"),
        ["node affinity field other than the name"] = NodeAffinity(new V1NodeSelectorTerm
            {
                MatchFields = [new V1NodeSelectorRequirement { Key = "metadata.labels", OperatorProperty = "In", Values = ["a"] }],
            },
            Invalid, $"{NodeTerm}.matchFields[0].key", "Invalid value: \"metadata.labels\": not a valid field selector key"),
        ["node affinity field with two values"] = NodeAffinity(new V1NodeSelectorTerm
            {
                MatchFields = [new V1NodeSelectorRequirement { Key = "metadata.name", OperatorProperty = "In", Values = ["node-1", "node-2"] }],
            },
            Required, $"{NodeTerm}.matchFields[0].values", "Required value: must be only one value when `operator` is 'In' or 'NotIn' for node field selector"),
        ["node affinity field with Exists"] = NodeAffinity(new V1NodeSelectorTerm
            {
                MatchFields = [new V1NodeSelectorRequirement { Key = "metadata.name", OperatorProperty = "Exists" }],
            },
            Invalid, $"{NodeTerm}.matchFields[0].operator", "Invalid value: \"Exists\": not a valid selector operator"),
        ["preferred node affinity weight zero"] = Dep(d => Tpl(d).Affinity = new V1Affinity
            {
                NodeAffinity = new V1NodeAffinity
                {
                    PreferredDuringSchedulingIgnoredDuringExecution =
                    [
                        new V1PreferredSchedulingTerm { Weight = 0, Preference = new V1NodeSelectorTerm { MatchExpressions = [new V1NodeSelectorRequirement { Key = "disk", OperatorProperty = "Exists" }] } },
                    ],
                },
            },
            Invalid, "spec.template.spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight", "Invalid value: 0: must be in the range 1-100"),

        // pod affinity and anti-affinity
        ["pod affinity without topologyKey"] = PodAffinity(WebTerm(""), Required, $"{PodTerm}.topologyKey", "Required value: can not be empty", only: false),
        ["pod affinity topologyKey with two slashes"] = PodAffinity(WebTerm("a/b/c"), Invalid, $"{PodTerm}.topologyKey",
            "Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"),
        ["pod affinity selector value invalid"] = PodAffinity(WebTerm() with { LabelSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web!" } } },
            Invalid, $"{PodTerm}.labelSelector.matchLabels", $"Invalid value: \"web!\": {LabelValue}"),
        ["pod affinity namespace invalid"] = PodAffinity(WebTerm() with { Namespaces = ["Team_A"] }, Invalid, $"{PodTerm}.namespace", $"Invalid value: \"Team_A\": {Label1123}"),
        ["pod affinity namespaceSelector operator"] = PodAffinity(WebTerm() with
            {
                NamespaceSelector = new V1LabelSelector { MatchExpressions = [new V1LabelSelectorRequirement { Key = "team", OperatorProperty = "In" }] },
            },
            Required, $"{PodTerm}.namespaceSelector.matchExpressions[0].values", "Required value: must be specified when `operator` is 'In' or 'NotIn'"),
        ["pod affinity matchLabelKeys without selector"] = PodAffinity(new V1PodAffinityTerm { TopologyKey = "kubernetes.io/hostname", MatchLabelKeys = ["app"] },
            Forbidden, $"{PodTerm}.matchLabelKeys", "Forbidden: must not be specified when labelSelector is not set"),
        ["pod affinity key in match and mismatch keys"] = PodAffinity(WebTerm() with { MatchLabelKeys = ["tier"], MismatchLabelKeys = ["tier"] },
            Invalid, $"{PodTerm}.matchLabelKeys[0]", "Invalid value: \"tier\": exists in both matchLabelKeys and mismatchLabelKeys"),
        ["pod anti-affinity weight above 100"] = Dep(d => Tpl(d).Affinity = new V1Affinity
            {
                PodAntiAffinity = new V1PodAntiAffinity
                {
                    PreferredDuringSchedulingIgnoredDuringExecution = [new V1WeightedPodAffinityTerm { Weight = 200, PodAffinityTerm = WebTerm() }],
                },
            },
            Invalid, "spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight", "Invalid value: 200: must be in the range 1-100"),

        // tolerations
        ["toleration Exists with a value"] = Toleration(new V1Toleration { Key = "dedicated", OperatorProperty = "Exists", Value = "gpu" }, Invalid, "spec.template.spec.tolerations[0].operator",
            "Invalid value: \"gpu\": value must be empty when `operator` is 'Exists'"),
        ["toleration without key must be Exists"] = Toleration(new V1Toleration { OperatorProperty = "Equal" }, Invalid, "spec.template.spec.tolerations[0].operator",
            "Invalid value: \"Equal\": operator must be Exists when `key` is empty, which means \"match all values and all keys\""),
        ["tolerationSeconds without NoExecute"] = Toleration(new V1Toleration { Key = "dedicated", OperatorProperty = "Exists", Effect = "NoSchedule", TolerationSeconds = 60 },
            Invalid, "spec.template.spec.tolerations[0].effect", "Invalid value: \"NoSchedule\": effect must be 'NoExecute' when `tolerationSeconds` is set"),
        ["toleration effect unknown"] = Toleration(new V1Toleration { Key = "dedicated", OperatorProperty = "Exists", Effect = "NoRun" }, NotSupported, "spec.template.spec.tolerations[0].effect",
            "Unsupported value: \"NoRun\": supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\""),
        ["toleration operator unknown"] = Toleration(new V1Toleration { Key = "dedicated", OperatorProperty = "In", Value = "gpu" }, NotSupported, "spec.template.spec.tolerations[0].operator",
            "Unsupported value: \"In\": supported values: \"Equal\", \"Exists\""),
        ["toleration key invalid"] = Toleration(new V1Toleration { Key = "bad key", OperatorProperty = "Exists" }, Invalid, "spec.template.spec.tolerations[0].key",
            $"Invalid value: \"bad key\": {QualifiedNamePart}"),
        ["toleration value invalid"] = Toleration(new V1Toleration { Key = "dedicated", Value = "gpu!" }, Invalid, "spec.template.spec.tolerations[0].operator",
            $"Invalid value: \"gpu!\": {LabelValue}"),

        // topology spread constraints
        ["spread maxSkew zero"] = SpreadCase(c => c.MaxSkew = 0, Invalid, $"{Spread}.maxSkew", "Invalid value: 0: must be greater than zero"),
        ["spread without topologyKey"] = SpreadCase(c => c.TopologyKey = "", Required, $"{Spread}.topologyKey", "Required value: can not be empty"),
        ["spread whenUnsatisfiable unknown"] = SpreadCase(c => c.WhenUnsatisfiable = "Never", NotSupported, $"{Spread}.whenUnsatisfiable",
            "Unsupported value: \"Never\": supported values: \"DoNotSchedule\", \"ScheduleAnyway\""),
        ["spread constraint repeated"] = Dep(d => Tpl(d).TopologySpreadConstraints = [ZoneSpread(), ZoneSpread()], Duplicate, $"{Spread}.{{topologyKey, whenUnsatisfiable}}",
            "Duplicate value: \"{topology.kubernetes.io/zone, DoNotSchedule}\""),
        ["spread minDomains zero"] = SpreadCase(c => c.MinDomains = 0, Invalid, $"{Spread}.minDomains", "Invalid value: 0: must be greater than zero"),
        ["spread minDomains with ScheduleAnyway"] = SpreadCase(c => { c.MinDomains = 2; c.WhenUnsatisfiable = "ScheduleAnyway"; }, Invalid, $"{Spread}.minDomains",
            "Invalid value: 2: can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ScheduleAnyway"),
        ["spread nodeAffinityPolicy unknown"] = SpreadCase(c => c.NodeAffinityPolicy = "Always", NotSupported, $"{Spread}.nodeAffinityPolicy",
            "Unsupported value: \"Always\": supported values: \"Honor\", \"Ignore\""),
        ["spread matchLabelKeys without selector"] = SpreadCase(c => { c.LabelSelector = null; c.MatchLabelKeys = ["pod-template-hash"]; }, Forbidden, $"{Spread}.matchLabelKeys",
            "Forbidden: must not be specified when labelSelector is not set"),
        ["spread matchLabelKeys repeats the selector"] = SpreadCase(c => c.MatchLabelKeys = ["app"], Invalid, $"{Spread}.matchLabelKeys[0]",
            "Invalid value: \"app\": exists in both matchLabelKeys and labelSelector"),
        ["spread selector operator unknown"] = SpreadCase(c => c.LabelSelector = new V1LabelSelector { MatchExpressions = [new V1LabelSelectorRequirement { Key = "app", OperatorProperty = "Like" }] },
            Invalid, $"{Spread}.labelSelector.matchExpressions[0].operator", "Invalid value: \"Like\": not a valid selector operator"),
    };
}
