using k8s.Models;
using Skiff.Scheduler.Framework;

namespace Skiff.Scheduler.Tests.Infrastructure;

/// <summary>An <see cref="IClusterLister"/> over objects the test hands it.</summary>
public sealed class StaticClusterLister : IClusterLister
{
    public List<V1Service> Services { get; } = [];

    public List<V1ReplicationController> ReplicationControllers { get; } = [];

    public List<V1ReplicaSet> ReplicaSets { get; } = [];

    public List<V1StatefulSet> StatefulSets { get; } = [];

    public List<V1Namespace> NamespaceList { get; } = [];

    public IReadOnlyList<V1Service> ServicesIn(string ns) => [.. Services.Where(s => s.Metadata.NamespaceProperty == ns)];

    public V1ReplicationController? ReplicationController(string ns, string name) =>
        ReplicationControllers.FirstOrDefault(r => r.Metadata.NamespaceProperty == ns && r.Metadata.Name == name);

    public V1ReplicaSet? ReplicaSet(string ns, string name) => ReplicaSets.FirstOrDefault(r => r.Metadata.NamespaceProperty == ns && r.Metadata.Name == name);

    public V1StatefulSet? StatefulSet(string ns, string name) => StatefulSets.FirstOrDefault(r => r.Metadata.NamespaceProperty == ns && r.Metadata.Name == name);

    public IDictionary<string, string>? NamespaceLabels(string ns) => NamespaceList.FirstOrDefault(n => n.Metadata.Name == ns)?.Metadata.Labels;

    public IReadOnlyList<V1Namespace> Namespaces() => NamespaceList;
}
