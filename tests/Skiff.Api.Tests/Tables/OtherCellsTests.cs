using System.Text;
using k8s.Models;
using static Skiff.Api.Tests.Tables.TableTestObjects;

namespace Skiff.Api.Tests.Tables;

public class OtherCellsTests
{
    [Fact]
    public void Event_prints_last_seen_object_and_trimmed_message_with_wide_columns()
    {
        var ev = new Corev1Event
        {
            Metadata = Meta("web.17f2a"),
            InvolvedObject = new V1ObjectReference { Kind = "Pod", Name = "web", FieldPath = "spec.containers{web}" },
            Type = "Warning",
            Reason = "BackOff",
            Message = "  Back-off restarting failed container\n",
            Source = new V1EventSource { Component = "kubelet", Host = "node-1" },
            FirstTimestamp = Now.AddMinutes(-10),
            LastTimestamp = Now.AddSeconds(-30),
            Count = 5,
        };
        Assert.Equal(
            ["30s", "Warning", "BackOff", "pod/web", "spec.containers{web}", "kubelet, node-1", "Back-off restarting failed container", "10m", 5L, "web.17f2a"],
            Print("", "events", ev));
    }

    [Fact]
    public void Event_from_the_new_api_uses_event_time_series_and_reporting_controller()
    {
        var ev = new Corev1Event
        {
            Metadata = Meta("ev"),
            InvolvedObject = new V1ObjectReference { Kind = "Node" },
            Type = "Normal",
            Reason = "Starting",
            EventTime = Now.AddHours(-1),
            ReportingComponent = "kube-proxy",
            Series = new Corev1EventSeries { Count = 7, LastObservedTime = Now.AddMinutes(-3) },
        };
        var cells = Print("", "events", ev);
        Assert.Equal(["3m", "Normal", "Starting", "node", "", "kube-proxy", "", "60m", 7L], cells[..9]);

        ev.Series = null;
        Assert.Equal(["60m", 1L], new[] { Print("", "events", ev)[0], Print("", "events", ev)[8] });
    }

    [Fact]
    public void Secret_counts_data_keys()
    {
        var secret = new V1Secret
        {
            Metadata = Meta("creds"),
            Type = "Opaque",
            Data = new Dictionary<string, byte[]> { ["user"] = Encoding.UTF8.GetBytes("admin"), ["password"] = Encoding.UTF8.GetBytes("pw") },
        };
        Assert.Equal(["creds", "Opaque", 2L, "5m"], Print("", "secrets", secret));
    }

    [Fact]
    public void ConfigMap_counts_data_and_binary_data()
    {
        var configMap = new V1ConfigMap
        {
            Metadata = Meta("settings"),
            Data = new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" },
            BinaryData = new Dictionary<string, byte[]> { ["c"] = [1, 2] },
        };
        Assert.Equal(["settings", 3L, "5m"], Print("", "configmaps", configMap));
        Assert.Equal(0L, Print("", "configmaps", new V1ConfigMap { Metadata = Meta("empty") })[1]);
    }

    [Fact]
    public void Namespace_service_account_and_lease()
    {
        Assert.Equal(["default", "Active", "5m"], Print("", "namespaces", new V1Namespace { Metadata = Meta("default"), Status = new V1NamespaceStatus { Phase = "Active" } }));
        Assert.Equal(["default", 0L, "5m"], Print("", "serviceaccounts", new V1ServiceAccount { Metadata = Meta("default") }));
        Assert.Equal(["kube-scheduler", "node-1_abc", "5m"], Print("coordination.k8s.io", "leases", new V1Lease { Metadata = Meta("kube-scheduler"), Spec = new V1LeaseSpec { HolderIdentity = "node-1_abc" } }));
    }

    [Fact]
    public void Endpoints_list_three_addresses_then_summarise()
    {
        var endpoints = new V1Endpoints
        {
            Metadata = Meta("web"),
            Subsets =
            [
                new V1EndpointSubset
                {
                    Addresses = [new V1EndpointAddress { Ip = "10.0.0.1" }, new V1EndpointAddress { Ip = "10.0.0.2" }],
                    Ports = [new Corev1EndpointPort { Port = 80 }, new Corev1EndpointPort { Port = 443 }],
                },
                new V1EndpointSubset { Addresses = [new V1EndpointAddress { Ip = "fd00::1" }], Ports = [new Corev1EndpointPort { Port = 80 }] },
            ],
        };
        Assert.Equal("10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 2 more...", Print("", "endpoints", endpoints)[1]);

        endpoints.Subsets = [endpoints.Subsets[1]];
        Assert.Equal("[fd00::1]:80", Print("", "endpoints", endpoints)[1]);

        endpoints.Subsets = null;
        Assert.Equal("<none>", Print("", "endpoints", endpoints)[1]);
    }

    [Fact]
    public void EndpointSlice_lists_ports_and_addresses()
    {
        var slice = new V1EndpointSlice
        {
            Metadata = Meta("web-abc"),
            AddressType = "IPv4",
            Ports = [new Discoveryv1EndpointPort { Port = 80 }, new Discoveryv1EndpointPort { Name = "metrics" }],
            Endpoints = [.. Enumerable.Range(1, 5).Select(i => new V1Endpoint { Addresses = [$"10.0.0.{i}"] })],
        };
        Assert.Equal(["web-abc", "IPv4", "80,metrics", "10.0.0.1,10.0.0.2,10.0.0.3 + 2 more...", "5m"], Print("discovery.k8s.io", "endpointslices", slice));

        slice.Ports = null;
        slice.Endpoints = null;
        Assert.Equal(["<unset>", "<unset>"], Print("discovery.k8s.io", "endpointslices", slice)[2..4]);
    }

    [Fact]
    public void Unset_creation_timestamp_is_unknown()
    {
        Assert.Equal("<unknown>", Print("", "configmaps", new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "x" } })[2]);
    }

    [Fact]
    public void Resource_without_printer_gets_name_and_rfc3339_created_at()
    {
        var role = new V1Role { Metadata = new V1ObjectMeta { Name = "reader", CreationTimestamp = new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc) } };
        Assert.Equal(["reader", "2024-01-02T03:04:05Z"], Print("rbac.authorization.k8s.io", "roles", role));

        var json = System.Text.Json.Nodes.JsonNode.Parse("""{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w","creationTimestamp":"2024-05-06T07:08:09Z"}}""")!;
        Assert.Equal(["w", "2024-05-06T07:08:09Z"], Print("example.com", "widgets", json));
    }
}
