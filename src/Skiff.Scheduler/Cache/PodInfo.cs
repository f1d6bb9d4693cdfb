using k8s.Models;
using Skiff.Api.Selectors;
using Skiff.Client;

namespace Skiff.Scheduler.Cache;

/// <summary>
/// A pod with what the scheduler needs from it computed once (requests, affinity terms, host ports, priority), as
/// upstream's framework.PodInfo. The pod object is shared with the informer cache and is never changed.
/// </summary>
public sealed class PodInfo
{
    private static readonly IDictionary<string, string> NoLabels = new Dictionary<string, string>(0);

    private PodInfo(V1Pod pod)
    {
        Pod = pod;
        var meta = pod.Metadata;
        var spec = pod.Spec;
        Namespace = meta.NamespaceProperty ?? "";
        Name = meta.Name ?? "";
        Key = ObjectKey.For(Namespace, Name);
        Uid = string.IsNullOrEmpty(meta.Uid) ? Key : meta.Uid;
        Labels = meta.Labels ?? NoLabels;
        NodeName = spec.NodeName ?? "";
        Priority = spec.Priority ?? 0;
        Requests = PodResources.Requests(spec, nonZeroDefaults: false);
        var nonZero = PodResources.Requests(spec, nonZeroDefaults: true);
        NonZeroMilliCpu = nonZero.MilliCpu;
        NonZeroMemory = nonZero.MemoryBytes;
        Tolerations = spec.Tolerations is { Count: > 0 } tolerations ? [.. tolerations] : [];
        HostPorts = CollectHostPorts(spec);
        var affinity = spec.Affinity;
        HasAffinity = affinity is not null && (affinity.PodAffinity is not null || affinity.PodAntiAffinity is not null);
        HasRequiredAntiAffinity = affinity?.PodAntiAffinity?.RequiredDuringSchedulingIgnoredDuringExecution is { Count: > 0 };
        try
        {
            RequiredAffinityTerms = Terms(pod, affinity?.PodAffinity?.RequiredDuringSchedulingIgnoredDuringExecution);
            RequiredAntiAffinityTerms = Terms(pod, affinity?.PodAntiAffinity?.RequiredDuringSchedulingIgnoredDuringExecution);
            PreferredAffinityTerms = WeightedTerms(pod, affinity?.PodAffinity?.PreferredDuringSchedulingIgnoredDuringExecution);
            PreferredAntiAffinityTerms = WeightedTerms(pod, affinity?.PodAntiAffinity?.PreferredDuringSchedulingIgnoredDuringExecution);
        }
        catch (SelectorParseException e)
        {
            // Validation keeps invalid selectors out; an old object with one is unschedulable rather than a crash.
            ParseError = e.Message;
            RequiredAffinityTerms = RequiredAntiAffinityTerms = [];
            PreferredAffinityTerms = PreferredAntiAffinityTerms = [];
        }
    }

    private PodInfo(PodInfo source, string nodeName)
    {
        Pod = source.Pod;
        Namespace = source.Namespace;
        Name = source.Name;
        Key = source.Key;
        Uid = source.Uid;
        Labels = source.Labels;
        NodeName = nodeName;
        Priority = source.Priority;
        Requests = source.Requests;
        NonZeroMilliCpu = source.NonZeroMilliCpu;
        NonZeroMemory = source.NonZeroMemory;
        Tolerations = source.Tolerations;
        HostPorts = source.HostPorts;
        HasAffinity = source.HasAffinity;
        HasRequiredAntiAffinity = source.HasRequiredAntiAffinity;
        RequiredAffinityTerms = source.RequiredAffinityTerms;
        RequiredAntiAffinityTerms = source.RequiredAntiAffinityTerms;
        PreferredAffinityTerms = source.PreferredAffinityTerms;
        PreferredAntiAffinityTerms = source.PreferredAntiAffinityTerms;
        ParseError = source.ParseError;
    }

    public V1Pod Pod { get; }

    /// <summary>"namespace/name", the queue's key.</summary>
    public string Key { get; }

    public string Uid { get; }

    public string Namespace { get; }

    public string Name { get; }

    public IDictionary<string, string> Labels { get; }

    /// <summary>The node the pod is bound or assumed to (spec.nodeName, or the scheduler's choice); empty while it waits.</summary>
    public string NodeName { get; }

    /// <summary>spec.priority (0 when unset).</summary>
    public int Priority { get; }

    /// <summary>The requests that must fit in the node's allocatable.</summary>
    public ResourceVector Requests { get; }

    /// <summary>The cpu used for scoring, counting 100m for each container without a cpu request.</summary>
    public long NonZeroMilliCpu { get; }

    /// <summary>The memory used for scoring, counting 200 MiB for each container without a memory request.</summary>
    public long NonZeroMemory { get; }

    public IReadOnlyList<V1Toleration> Tolerations { get; }

    public IReadOnlyList<HostPort> HostPorts { get; }

    /// <summary>Whether the pod has any pod affinity or anti-affinity (such pods matter to other pods' scoring).</summary>
    public bool HasAffinity { get; }

    public bool HasRequiredAntiAffinity { get; }

    public IReadOnlyList<AffinityTerm> RequiredAffinityTerms { get; }

    public IReadOnlyList<AffinityTerm> RequiredAntiAffinityTerms { get; }

    public IReadOnlyList<WeightedAffinityTerm> PreferredAffinityTerms { get; }

    public IReadOnlyList<WeightedAffinityTerm> PreferredAntiAffinityTerms { get; }

    /// <summary>Set when an affinity selector could not be parsed.</summary>
    public string? ParseError { get; }

    public bool IsTerminating => Pod.Metadata.DeletionTimestamp is not null;

    public static PodInfo Of(V1Pod pod) => new(pod);

    /// <summary>
    /// The same pod as bound to <paramref name="nodeName"/>: what the cache counts on that node from the moment the
    /// scheduler decides, before the binding is observed. The pod object itself is shared, not changed.
    /// </summary>
    public PodInfo AssumedOn(string nodeName) => new(this, nodeName);

    private static List<HostPort> CollectHostPorts(V1PodSpec spec)
    {
        List<HostPort>? ports = null;
        foreach (var container in (spec.Containers ?? []).Concat((spec.InitContainers ?? []).Where(c => c.RestartPolicy == "Always")))
        {
            foreach (var port in container.Ports ?? [])
            {
                if (port.HostPort is > 0)
                {
                    (ports ??= []).Add(HostPort.Of(port.HostIP, port.Protocol, port.HostPort.Value));
                }
            }
        }

        return ports ?? [];
    }

    private static List<AffinityTerm> Terms(V1Pod pod, IList<V1PodAffinityTerm>? terms) =>
        terms is null || terms.Count == 0 ? [] : [.. terms.Select(t => AffinityTerm.Parse(pod, t))];

    private static List<WeightedAffinityTerm> WeightedTerms(V1Pod pod, IList<V1WeightedPodAffinityTerm>? terms) =>
        terms is null || terms.Count == 0 ? [] : [.. terms.Select(t => new WeightedAffinityTerm(AffinityTerm.Parse(pod, t.PodAffinityTerm), t.Weight))];
}
