using k8s.Models;
using static Skiff.Api.Tests.Tables.TableTestObjects;

namespace Skiff.Api.Tests.Tables;

public class NodeCellsTests
{
    private static V1Node Node(string? ready, bool unschedulable = false, Dictionary<string, string>? labels = null)
    {
        var node = new V1Node
        {
            Metadata = Meta("node-1", TimeSpan.FromDays(3)),
            Spec = new V1NodeSpec { Unschedulable = unschedulable },
            Status = new V1NodeStatus
            {
                Conditions = ready is null ? [] : [new V1NodeCondition { Type = "MemoryPressure", Status = "False" }, new V1NodeCondition { Type = "Ready", Status = ready }],
                Addresses = [new V1NodeAddress { Type = "Hostname", Address = "node-1" }, new V1NodeAddress { Type = "InternalIP", Address = "192.168.1.10" }],
                NodeInfo = new V1NodeSystemInfo
                {
                    KubeletVersion = "v1.32.0", OsImage = "Ubuntu 24.04", KernelVersion = "6.8.0", ContainerRuntimeVersion = "containerd://1.7.24",
                    Architecture = "amd64", BootID = "b", KubeProxyVersion = "", MachineID = "m", OperatingSystem = "linux", SystemUUID = "s",
                },
            },
        };
        node.Metadata.Labels = labels;
        return node;
    }

    [Fact]
    public void Ready_control_plane_node()
    {
        var node = Node("True", labels: new() { ["node-role.kubernetes.io/control-plane"] = "", ["kubernetes.io/hostname"] = "node-1" });
        Assert.Equal(
            ["node-1", "Ready", "control-plane", "3d", "v1.32.0", "192.168.1.10", "<none>", "Ubuntu 24.04", "6.8.0", "containerd://1.7.24"],
            Print("", "nodes", node));
    }

    [Fact]
    public void NotReady_cordoned_node_with_roles_from_both_label_styles()
    {
        var node = Node("False", unschedulable: true, labels: new() { ["node-role.kubernetes.io/infra"] = "", ["kubernetes.io/role"] = "worker", ["node-role.kubernetes.io/"] = "" });
        Assert.Equal(["NotReady,SchedulingDisabled", "infra,worker"], Print("", "nodes", node)[1..3]);
    }

    [Fact]
    public void Node_without_ready_condition_or_info_is_unknown()
    {
        var node = new V1Node { Metadata = Meta("bare"), Spec = new V1NodeSpec { Unschedulable = true } };
        Assert.Equal(["bare", "Unknown,SchedulingDisabled", "<none>", "5m", "", "<none>", "<none>", "<unknown>", "<unknown>", "<unknown>"], Print("", "nodes", node));
        Assert.Equal("Unknown", Print("", "nodes", Node(null))[1]);
    }
}
