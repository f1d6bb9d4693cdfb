using System.Globalization;
using k8s.Models;
using Skiff.Client;

namespace Skiff.Controllers.Tests.Infrastructure;

/// <summary>Nodes, their Leases and bound pods as a kubelet would post them, for the node lifecycle and taint eviction tests.</summary>
public static class Nodes
{
    public const string LeaseNamespace = "kube-node-lease";

    /// <summary>A node whose kubelet has just posted every condition healthy (Ready True, no pressure).</summary>
    public static V1Node Healthy(string name, DateTime now, IDictionary<string, string>? labels = null, IList<V1Taint>? taints = null) => new()
    {
        ApiVersion = "v1",
        Kind = "Node",
        Metadata = new V1ObjectMeta { Name = name, Labels = labels is null ? null : new Dictionary<string, string>(labels) },
        Spec = new V1NodeSpec { Taints = taints },
        Status = new V1NodeStatus { Conditions = KubeletConditions(now, ready: "True") },
    };

    public static List<V1NodeCondition> KubeletConditions(DateTime now, string ready) =>
    [
        new() { Type = "MemoryPressure", Status = "False", Reason = "KubeletHasSufficientMemory", Message = "kubelet has sufficient memory available", LastHeartbeatTime = now, LastTransitionTime = now },
        new() { Type = "DiskPressure", Status = "False", Reason = "KubeletHasNoDiskPressure", Message = "kubelet has no disk pressure", LastHeartbeatTime = now, LastTransitionTime = now },
        new() { Type = "PIDPressure", Status = "False", Reason = "KubeletHasSufficientPID", Message = "kubelet has sufficient PID available", LastHeartbeatTime = now, LastTransitionTime = now },
        ready == "True"
            ? new() { Type = "Ready", Status = "True", Reason = "KubeletReady", Message = "kubelet is posting ready status", LastHeartbeatTime = now, LastTransitionTime = now }
            : new() { Type = "Ready", Status = ready, Reason = "KubeletNotReady", Message = "container runtime network not ready", LastHeartbeatTime = now, LastTransitionTime = now },
    ];

    public static V1Lease Lease(string name, DateTime renewTime) => new()
    {
        ApiVersion = "coordination.k8s.io/v1",
        Kind = "Lease",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = LeaseNamespace },
        Spec = new V1LeaseSpec { HolderIdentity = name, LeaseDurationSeconds = 40, RenewTime = renewTime },
    };

    /// <summary>Creates a healthy node and its Lease, both renewed now.</summary>
    public static async Task CreateHealthyAsync(IKubeClient client, string name, DateTime now, IDictionary<string, string>? labels = null)
    {
        await client.CreateAsync(Healthy(name, now, labels));
        await client.CreateAsync(Lease(name, now));
    }

    /// <summary>What a kubelet does every 10 s: renew its Lease.</summary>
    public static Task RenewAsync(IKubeClient client, string name, DateTime now)
    {
        var renewTime = now.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
        return client.PatchAsync<V1Lease>(LeaseNamespace, name, PatchKind.Merge, $$$"""{"spec":{"renewTime":"{{{renewTime}}}"}}""");
    }

    /// <summary>What a kubelet posts after a restart or a change: all its conditions with a fresh heartbeat.</summary>
    public static async Task PostStatusAsync(IKubeClient client, string name, DateTime now, string ready)
    {
        var node = await client.GetAsync<V1Node>(null, name);
        node.Status.Conditions = KubeletConditions(now, ready);
        await client.UpdateStatusAsync(node);
    }

    /// <summary>A pod already bound to a node (as after scheduling), optionally Ready as its kubelet would report.</summary>
    public static async Task<V1Pod> CreateBoundPodAsync(IKubeClient client, string ns, string name, string node, IList<V1Toleration>? tolerations = null,
        DateTime? readySince = null)
    {
        var pod = await client.CreateAsync(new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Labels = new Dictionary<string, string> { ["app"] = name } },
            Spec = new V1PodSpec
            {
                NodeName = node,
                Tolerations = tolerations,
                Containers = [new V1Container { Name = "web", Image = "nginx:1.27" }],
            },
        });
        if (readySince is { } since)
        {
            pod.Status.Phase = "Running";
            pod.Status.Conditions = [new V1PodCondition { Type = "Ready", Status = "True", LastTransitionTime = since }];
            pod = await client.UpdateStatusAsync(pod);
        }

        return pod;
    }

    public static IEnumerable<string> TaintsOf(V1Node node) =>
        (node.Spec?.Taints ?? []).Select(t => $"{t.Key}:{t.Effect}");
}
