using k8s.Models;

namespace Skiff.Scheduler.Tests.Infrastructure;

/// <summary>Builders for the nodes and pods the tests place (nodes are plain API objects: capacity, labels, taints, a Ready condition).</summary>
public static class TestObjects
{
    public static V1Node Node(string name, string cpu = "4", string memory = "8Gi", int pods = 110,
        IDictionary<string, string>? labels = null, IList<V1Taint>? taints = null, bool unschedulable = false)
    {
        var allocatable = new Dictionary<string, ResourceQuantity>
        {
            ["cpu"] = new(cpu),
            ["memory"] = new(memory),
            ["pods"] = new(pods.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        var nodeLabels = new Dictionary<string, string> { ["kubernetes.io/hostname"] = name };
        foreach (var (key, value) in labels ?? new Dictionary<string, string>())
        {
            nodeLabels[key] = value;
        }

        return new V1Node
        {
            ApiVersion = "v1",
            Kind = "Node",
            Metadata = new V1ObjectMeta { Name = name, Uid = "node-" + name, Labels = nodeLabels },
            Spec = new V1NodeSpec { Taints = taints, Unschedulable = unschedulable ? true : null },
            Status = new V1NodeStatus
            {
                Capacity = new Dictionary<string, ResourceQuantity>(allocatable),
                Allocatable = allocatable,
                Conditions = [new V1NodeCondition { Type = "Ready", Status = "True", Reason = "KubeletReady", Message = "kubelet is posting ready status" }],
            },
        };
    }

    public static V1Pod Pod(string name, string? cpu = null, string? memory = null, string ns = "default",
        IDictionary<string, string>? labels = null, string? nodeName = null, int? priority = null)
    {
        var requests = new Dictionary<string, ResourceQuantity>();
        if (cpu is not null)
        {
            requests["cpu"] = new ResourceQuantity(cpu);
        }

        if (memory is not null)
        {
            requests["memory"] = new ResourceQuantity(memory);
        }

        return new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Uid = $"uid-{ns}-{name}", Labels = labels },
            Spec = new V1PodSpec
            {
                Containers = [new V1Container { Name = "app", Image = "nginx:1.27", Resources = new V1ResourceRequirements { Requests = requests.Count > 0 ? requests : null } }],
                NodeName = nodeName,
                Priority = priority,
                SchedulerName = "default-scheduler",
            },
        };
    }

    public static V1Taint Taint(string key, string? value, string effect) => new() { Key = key, Value = value, Effect = effect };

    public static V1Toleration Toleration(string key, string? value, string? effect, string op = "Equal") =>
        new() { Key = key, Value = value, Effect = effect, OperatorProperty = op };

    public static Dictionary<string, string> Labels(params (string Key, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value);
}
