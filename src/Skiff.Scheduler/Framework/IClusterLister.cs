using k8s.Models;

namespace Skiff.Scheduler.Framework;

/// <summary>The objects besides nodes and pods that default plugins read (from informer caches in the scheduler, from lists in tests).</summary>
public interface IClusterLister
{
    IReadOnlyList<V1Service> ServicesIn(string ns);

    V1ReplicationController? ReplicationController(string ns, string name);

    V1ReplicaSet? ReplicaSet(string ns, string name);

    V1StatefulSet? StatefulSet(string ns, string name);

    /// <summary>The labels of a namespace (null if unknown).</summary>
    IDictionary<string, string>? NamespaceLabels(string ns);

    IReadOnlyList<V1Namespace> Namespaces();
}
