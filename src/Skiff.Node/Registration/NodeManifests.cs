using System.Text.Json.Nodes;
using k8s.Models;
using Skiff.Node.Expressions;

namespace Skiff.Node.Registration;

/// <summary>
/// The objects a kubelet writes about its node: the Node it registers (labels, podCIDR, capacity, addresses,
/// nodeInfo, conditions), its Lease in kube-node-lease, and the status patches of its periodic reports.
/// </summary>
public static class NodeManifests
{
    public const string LeaseNamespace = "kube-node-lease";

    /// <summary>Upstream's default lease duration (kubelet --node-lease-duration-seconds).</summary>
    public const int LeaseDurationSeconds = 40;

    public const string KubeletVersion = "v1.32.4";
    public const string ContainerRuntimeVersion = "skiff://0.1.0";
    public const int KubeletPort = 10250;

    // The conditions a healthy kubelet reports, with upstream's reasons and messages (pkg/kubelet/nodestatus).
    private static readonly (string Type, string Status, string Reason, string Message)[] HealthyConditions =
    [
        ("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
        ("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
        ("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
        ("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
    ];

    /// <summary>The Node a kubelet registers: labels, annotations, podCIDR, taints and its first status.</summary>
    public static V1Node Node(SimulatedNode node, DateTimeOffset now)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["beta.kubernetes.io/arch"] = "amd64",
            ["beta.kubernetes.io/os"] = "linux",
            ["kubernetes.io/arch"] = "amd64",
            ["kubernetes.io/hostname"] = node.Name,
            ["kubernetes.io/os"] = "linux",
            ["node.kubernetes.io/instance-type"] = node.Settings.InstanceType,
        };
        foreach (var (key, value) in node.Settings.Labels)
        {
            labels[key] = value;
        }

        var annotations = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["node.alpha.kubernetes.io/ttl"] = "0",
            ["volumes.kubernetes.io/controller-managed-attach-detach"] = "true",
        };
        foreach (var (key, value) in node.Settings.Annotations)
        {
            annotations[key] = value;
        }

        return new V1Node
        {
            ApiVersion = "v1",
            Kind = "Node",
            Metadata = new V1ObjectMeta { Name = node.Name, Labels = labels, Annotations = annotations },
            Spec = new V1NodeSpec
            {
                PodCIDR = node.PodCidr,
                PodCIDRs = [node.PodCidr],
                ProviderID = $"skiff://{node.Name}",
                Taints = node.Settings.Taints.Count > 0
                    ? [.. node.Settings.Taints.Select(t => new V1Taint { Key = t.Key, Value = t.Value, Effect = t.Effect })]
                    : null,
            },
            Status = Status(node, current: null, now),
        };
    }

    /// <summary>
    /// The node's full status: capacity (allocatable equal to it), conditions with the heartbeat at
    /// <paramref name="now"/> (a condition keeps its lastTransitionTime from <paramref name="current"/> unless its status
    /// changes), addresses, the kubelet endpoint and nodeInfo.
    /// </summary>
    public static V1NodeStatus Status(SimulatedNode node, V1Node? current, DateTimeOffset now) => new()
    {
        Capacity = new Dictionary<string, ResourceQuantity>(node.Settings.Capacity),
        Allocatable = new Dictionary<string, ResourceQuantity>(node.Settings.Capacity),
        Conditions = Conditions(current, now),
        Addresses =
        [
            new V1NodeAddress { Type = "InternalIP", Address = node.NodeIP },
            new V1NodeAddress { Type = "Hostname", Address = node.Name },
        ],
        DaemonEndpoints = new V1NodeDaemonEndpoints { KubeletEndpoint = new V1DaemonEndpoint { Port = KubeletPort } },
        NodeInfo = new V1NodeSystemInfo
        {
            MachineID = node.MachineId,
            SystemUUID = node.SystemUuid,
            BootID = node.BootId,
            KernelVersion = "6.1.0-skiff",
            OsImage = "Skiff simulated node",
            ContainerRuntimeVersion = ContainerRuntimeVersion,
            KubeletVersion = KubeletVersion,
            KubeProxyVersion = "",
            OperatingSystem = "linux",
            Architecture = "amd64",
        },
    };

    /// <summary>
    /// The periodic report: a strategic merge patch of the conditions with a fresh lastHeartbeatTime (and, with
    /// <paramref name="full"/>, the whole status, as after registration or a restart).
    /// </summary>
    public static string StatusPatch(SimulatedNode node, V1Node? current, DateTimeOffset now, bool full)
    {
        JsonObject status;
        if (full)
        {
            status = JsonNode.Parse(k8s.KubernetesJson.Serialize(Status(node, current, now)))!.AsObject();
        }
        else
        {
            var conditions = new JsonArray();
            foreach (var condition in Conditions(current, now))
            {
                conditions.Add(new JsonObject
                {
                    ["type"] = condition.Type,
                    ["status"] = condition.Status,
                    ["reason"] = condition.Reason,
                    ["message"] = condition.Message,
                    ["lastHeartbeatTime"] = ExpressionFunctions.FormatTime(now),
                    ["lastTransitionTime"] = ExpressionFunctions.FormatTime(condition.LastTransitionTime!.Value),
                });
            }

            status = new JsonObject { ["conditions"] = conditions };
        }

        return new JsonObject { ["status"] = status }.ToJsonString();
    }

    /// <summary>The node's Lease: held by the node, 40 s long, renewed at <paramref name="now"/>, owned by the Node.</summary>
    public static V1Lease Lease(SimulatedNode node, DateTimeOffset now) => new()
    {
        ApiVersion = "coordination.k8s.io/v1",
        Kind = "Lease",
        Metadata = new V1ObjectMeta
        {
            Name = node.Name,
            NamespaceProperty = LeaseNamespace,
            OwnerReferences = node.Uid is null ? null : [new V1OwnerReference { ApiVersion = "v1", Kind = "Node", Name = node.Name, Uid = node.Uid }],
        },
        Spec = new V1LeaseSpec
        {
            HolderIdentity = node.Name,
            LeaseDurationSeconds = LeaseDurationSeconds,
            RenewTime = now.UtcDateTime,
        },
    };

    /// <summary>A copy of the last written lease with a new renewTime, to update (the client owns what it is handed).</summary>
    public static V1Lease Renewed(V1Lease lease, DateTimeOffset now) => new()
    {
        ApiVersion = "coordination.k8s.io/v1",
        Kind = "Lease",
        Metadata = new V1ObjectMeta
        {
            Name = lease.Metadata.Name,
            NamespaceProperty = lease.Metadata.NamespaceProperty,
            Uid = lease.Metadata.Uid,
            ResourceVersion = lease.Metadata.ResourceVersion,
            CreationTimestamp = lease.Metadata.CreationTimestamp,
            OwnerReferences = lease.Metadata.OwnerReferences,
            Labels = lease.Metadata.Labels,
            Annotations = lease.Metadata.Annotations,
        },
        Spec = new V1LeaseSpec
        {
            HolderIdentity = lease.Spec?.HolderIdentity,
            LeaseDurationSeconds = lease.Spec?.LeaseDurationSeconds,
            AcquireTime = lease.Spec?.AcquireTime,
            LeaseTransitions = lease.Spec?.LeaseTransitions,
            RenewTime = now.UtcDateTime,
        },
    };

    private static List<V1NodeCondition> Conditions(V1Node? current, DateTimeOffset now)
    {
        var heartbeat = Second(now);
        var conditions = new List<V1NodeCondition>(HealthyConditions.Length);
        foreach (var (type, status, reason, message) in HealthyConditions)
        {
            var existing = current?.Status?.Conditions?.LastOrDefault(c => c.Type == type);
            conditions.Add(new V1NodeCondition
            {
                Type = type,
                Status = status,
                Reason = reason,
                Message = message,
                LastHeartbeatTime = heartbeat,
                LastTransitionTime = existing?.Status == status && existing.LastTransitionTime is { } kept ? kept : heartbeat,
            });
        }

        return conditions;
    }

    private static DateTime Second(DateTimeOffset t) => new(t.UtcTicks - t.UtcTicks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
}
