using k8s.Models;
using Skiff.Client.Informers;
using Skiff.Scheduler.Framework;

namespace Skiff.Scheduler;

/// <summary>The objects plugins read besides nodes and pods, served from shared informer caches.</summary>
public sealed class InformerClusterLister(InformerFactory informers) : IClusterLister
{
    private readonly SharedInformer<V1Service> services = informers.For<V1Service>();
    private readonly SharedInformer<V1ReplicationController> replicationControllers = informers.For<V1ReplicationController>();
    private readonly SharedInformer<V1ReplicaSet> replicaSets = informers.For<V1ReplicaSet>();
    private readonly SharedInformer<V1StatefulSet> statefulSets = informers.For<V1StatefulSet>();
    private readonly SharedInformer<V1Namespace> namespaces = informers.For<V1Namespace>();

    public IEnumerable<IInformer> Informers => [services, replicationControllers, replicaSets, statefulSets, namespaces];

    public SharedInformer<V1Namespace> NamespaceInformer => namespaces;

    public IReadOnlyList<V1Service> ServicesIn(string ns) => services.Cache.InNamespace(ns);

    public V1ReplicationController? ReplicationController(string ns, string name) => replicationControllers.Cache.Get(ns, name);

    public V1ReplicaSet? ReplicaSet(string ns, string name) => replicaSets.Cache.Get(ns, name);

    public V1StatefulSet? StatefulSet(string ns, string name) => statefulSets.Cache.Get(ns, name);

    public IDictionary<string, string>? NamespaceLabels(string ns) => namespaces.Cache.Get(null, ns)?.Metadata.Labels;

    public IReadOnlyList<V1Namespace> Namespaces() => namespaces.Cache.List();
}
