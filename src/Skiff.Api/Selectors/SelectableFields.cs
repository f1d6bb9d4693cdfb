using System.Collections.Frozen;
using System.Globalization;
using k8s;
using k8s.Models;

namespace Skiff.Api.Selectors;

/// <summary>
/// Which field selector labels each resource accepts (upstream's field label conversion functions) and how to
/// read those fields from a typed object (upstream's ToSelectableFields in pkg/registry).
/// </summary>
public static class SelectableFields
{
    private const string MetadataName = "metadata.name";
    private const string MetadataNamespace = "metadata.namespace";

    private static readonly FrozenSet<string> MetadataOnly = FrozenSet.ToFrozenSet([MetadataName, MetadataNamespace], StringComparer.Ordinal);

    // Kinds with their own conversion function answer "field label not supported: x"; all others fall back to
    // runtime.DefaultMetaV1FieldSelectorConversion and its different text.
    private static readonly FrozenDictionary<(string Group, string Plural), FrozenSet<string>> KindSpecific =
        new Dictionary<(string Group, string Plural), FrozenSet<string>>
        {
            [("", "pods")] = Set(MetadataName, MetadataNamespace, "spec.nodeName", "spec.restartPolicy", "spec.schedulerName",
                "spec.serviceAccountName", "spec.hostNetwork", "status.phase", "status.podIP", "status.nominatedNodeName"),
            [("", "nodes")] = Set(MetadataName, "spec.unschedulable"),
            [("", "namespaces")] = Set(MetadataName, "status.phase"),
            [("", "secrets")] = Set(MetadataName, MetadataNamespace, "type"),
            [("", "services")] = Set(MetadataName, MetadataNamespace, "spec.clusterIP", "spec.type"),
            [("", "replicationcontrollers")] = Set(MetadataName, MetadataNamespace, "status.replicas"),
            [("apps", "replicasets")] = Set(MetadataName, MetadataNamespace, "status.replicas"),
            [("", "events")] = Set(MetadataName, MetadataNamespace, "involvedObject.kind", "involvedObject.namespace",
                "involvedObject.name", "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion",
                "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type"),
        }.ToFrozenDictionary();

    // Old v1 clients send spec.host; upstream's pod conversion renames it.
    private static readonly FrozenDictionary<(string Group, string Plural, string Field), string> Aliases =
        new Dictionary<(string Group, string Plural, string Field), string>
        {
            [("", "pods", "spec.host")] = "spec.nodeName",
        }.ToFrozenDictionary();

    /// <summary>The field labels a resource accepts in <c>fieldSelector</c>.</summary>
    public static IReadOnlySet<string> For(string group, string plural) =>
        KindSpecific.TryGetValue((group, plural), out var set) ? set : MetadataOnly;

    /// <summary>
    /// Checks every field against the resource's supported labels and applies upstream's renames; the server turns
    /// the exception into a 400 BadRequest.
    /// </summary>
    /// <exception cref="SelectorParseException">"field label not supported: foo", or for kinds without their own
    /// list: "\"foo\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"".</exception>
    public static FieldSelector Convert(string group, string plural, FieldSelector selector)
    {
        if (selector.IsEverything)
        {
            return selector;
        }

        var specific = KindSpecific.TryGetValue((group, plural), out var set);
        var accepted = specific ? set! : MetadataOnly;
        var converted = new List<FieldRequirement>(selector.Requirements.Count);
        foreach (var requirement in selector.Requirements)
        {
            var field = Aliases.TryGetValue((group, plural, requirement.Field), out var renamed) ? renamed : requirement.Field;
            if (!accepted.Contains(field))
            {
                throw new SelectorParseException(specific
                    ? $"field label not supported: {requirement.Field}"
                    : $"\"{requirement.Field}\" is not a known field selector: only \"{MetadataName}\", \"{MetadataNamespace}\"");
            }

            converted.Add(requirement with { Field = field });
        }

        return FieldSelector.FromRequirements(converted);
    }

    /// <summary>
    /// The value of a selectable field of a typed object, formatted as upstream does (booleans "true"/"false",
    /// integers in decimal, absent strings ""); null if the field is not selectable on this type.
    /// </summary>
    public static string? Value(object model, string field)
    {
        if (field == MetadataName || field == MetadataNamespace)
        {
            var metadata = (model as IMetadata<V1ObjectMeta>)?.Metadata;
            return field == MetadataName ? metadata?.Name ?? string.Empty : metadata?.NamespaceProperty ?? string.Empty;
        }

        return model switch
        {
            V1Pod pod => PodField(pod, field),
            V1Node node => field == "spec.unschedulable" ? FormatBool(node.Spec?.Unschedulable) : null,
            V1Namespace ns => field == "status.phase" ? ns.Status?.Phase ?? string.Empty : null,
            V1Secret secret => field == "type" ? secret.Type ?? string.Empty : null,
            V1Service service => field switch
            {
                "spec.clusterIP" => service.Spec?.ClusterIP ?? string.Empty,
                "spec.type" => service.Spec?.Type ?? string.Empty,
                _ => null,
            },
            V1ReplicationController rc => field == "status.replicas" ? FormatInt(rc.Status?.Replicas ?? 0) : null,
            V1ReplicaSet rs => field == "status.replicas" ? FormatInt(rs.Status?.Replicas ?? 0) : null,
            Corev1Event e => EventField(e, field),
            _ => null,
        };
    }

    private static string? PodField(V1Pod pod, string field) => field switch
    {
        "spec.nodeName" => pod.Spec?.NodeName ?? string.Empty,
        "spec.restartPolicy" => pod.Spec?.RestartPolicy ?? string.Empty,
        "spec.schedulerName" => pod.Spec?.SchedulerName ?? string.Empty,
        "spec.serviceAccountName" => pod.Spec?.ServiceAccountName ?? string.Empty,
        "spec.hostNetwork" => FormatBool(pod.Spec?.HostNetwork),

        // Upstream reads the first of podIPs; podIP mirrors it, so it is the fallback.
        "status.podIP" => pod.Status?.PodIPs is { Count: > 0 } ips ? ips[0].Ip ?? string.Empty : pod.Status?.PodIP ?? string.Empty,
        "status.phase" => pod.Status?.Phase ?? string.Empty,
        "status.nominatedNodeName" => pod.Status?.NominatedNodeName ?? string.Empty,
        _ => null,
    };

    private static string? EventField(Corev1Event e, string field) => field switch
    {
        "involvedObject.kind" => e.InvolvedObject?.Kind ?? string.Empty,
        "involvedObject.namespace" => e.InvolvedObject?.NamespaceProperty ?? string.Empty,
        "involvedObject.name" => e.InvolvedObject?.Name ?? string.Empty,
        "involvedObject.uid" => e.InvolvedObject?.Uid ?? string.Empty,
        "involvedObject.apiVersion" => e.InvolvedObject?.ApiVersion ?? string.Empty,
        "involvedObject.resourceVersion" => e.InvolvedObject?.ResourceVersion ?? string.Empty,
        "involvedObject.fieldPath" => e.InvolvedObject?.FieldPath ?? string.Empty,
        "reason" => e.Reason ?? string.Empty,
        "reportingComponent" => e.ReportingComponent ?? string.Empty,

        // events.k8s.io writers fill only reportingController; upstream falls back to it.
        "source" => string.IsNullOrEmpty(e.Source?.Component) ? e.ReportingComponent ?? string.Empty : e.Source.Component,
        "type" => e.Type ?? string.Empty,
        _ => null,
    };

    private static string FormatBool(bool? value) => value == true ? "true" : "false";

    private static string FormatInt(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static FrozenSet<string> Set(params string[] fields) => fields.ToFrozenSet(StringComparer.Ordinal);
}
