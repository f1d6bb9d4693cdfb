using k8s.Models;
using Skiff.Client.Informers;
using Skiff.Controllers.Pods;
using Skiff.Testing;

namespace Skiff.Controllers.Tests.Infrastructure;

/// <summary>
/// Samples a namespace on every pod and ReplicaSet event (from the informer caches, after each event is applied):
/// the most pods that existed, the fewest available, the largest sum of ReplicaSet sizes, and whether pods of two
/// templates (pod-template-hash values) ever existed at once; and every distinct set of ReplicaSet sizes in turn.
/// </summary>
public sealed class RolloutSamples
{
    private readonly Lock gate = new();
    private readonly string ns;
    private readonly ObjectCache<V1Pod> pods;
    private readonly ObjectCache<V1ReplicaSet> replicaSets;
    private readonly List<IReadOnlyDictionary<string, int>> replicaSetSizes = [];
    private bool sampling;

    public RolloutSamples(TestCluster cluster, string ns)
    {
        this.ns = ns;
        var podInformer = cluster.Informers.For<V1Pod>();
        var rsInformer = cluster.Informers.For<V1ReplicaSet>();
        pods = podInformer.Cache;
        replicaSets = rsInformer.Cache;
        podInformer.AddHandler(new ResourceEventHandler<V1Pod> { OnAdd = _ => Sample(), OnUpdate = (_, _) => Sample(), OnDelete = _ => Sample() });
        rsInformer.AddHandler(new ResourceEventHandler<V1ReplicaSet> { OnAdd = _ => Sample(), OnUpdate = (_, _) => Sample(), OnDelete = _ => Sample() });
    }

    public int MaxPods { get; private set; }

    public int MinAvailable { get; private set; } = int.MaxValue;

    public int MaxReplicaSetTotal { get; private set; }

    public bool TemplatesOverlapped { get; private set; }

    public int Samples { get; private set; }

    /// <summary>The first of the ReplicaSets' sizes (spec.replicas by name, recorded whenever they changed) that satisfy <paramref name="condition"/>, or null if none did.</summary>
    public IReadOnlyDictionary<string, int>? FirstSizes(Func<IReadOnlyDictionary<string, int>, bool> condition)
    {
        lock (gate)
        {
            return replicaSetSizes.FirstOrDefault(condition);
        }
    }

    /// <summary>Starts sampling from now on (the state before a rollout is not what is measured).</summary>
    public void Start()
    {
        lock (gate)
        {
            sampling = true;
        }
    }

    private void Sample()
    {
        lock (gate)
        {
            if (!sampling)
            {
                return;
            }

            var live = pods.InNamespace(ns).Where(p => p.Metadata.DeletionTimestamp is null).ToList();
            MaxPods = Math.Max(MaxPods, live.Count);
            MinAvailable = Math.Min(MinAvailable, live.Count(PodState.IsReady));
            MaxReplicaSetTotal = Math.Max(MaxReplicaSetTotal, replicaSets.InNamespace(ns).Sum(rs => rs.Spec?.Replicas ?? 0));
            var templates = pods.InNamespace(ns).Select(p => (p.Metadata.Labels is { } labels && labels.TryGetValue("pod-template-hash", out var hash) ? hash : null)).Distinct().Count();
            TemplatesOverlapped |= templates > 1;
            var sizes = replicaSets.InNamespace(ns).ToDictionary(rs => rs.Metadata.Name, rs => rs.Spec?.Replicas ?? 0, StringComparer.Ordinal);
            if (replicaSetSizes.Count == 0 || !SameSizes(replicaSetSizes[^1], sizes))
            {
                replicaSetSizes.Add(sizes);
            }

            Samples++;
        }
    }

    private static bool SameSizes(IReadOnlyDictionary<string, int> a, Dictionary<string, int> b) =>
        a.Count == b.Count && a.All(pair => b.TryGetValue(pair.Key, out var size) && size == pair.Value);
}
