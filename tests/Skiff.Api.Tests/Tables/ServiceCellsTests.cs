using k8s.Models;
using static Skiff.Api.Tests.Tables.TableTestObjects;

namespace Skiff.Api.Tests.Tables;

public class ServiceCellsTests
{
    private static V1Service Service(string type, params V1ServicePort[] ports) => new()
    {
        Metadata = Meta("web"),
        Spec = new V1ServiceSpec { Type = type, ClusterIPs = ["10.96.0.10"], ClusterIP = "10.96.0.10", Ports = ports, Selector = new Dictionary<string, string> { ["tier"] = "fe", ["app"] = "web" } },
    };

    private static object?[] Cells(V1Service service) => Print("", "services", service);

    [Fact]
    public void ClusterIP_service()
    {
        var service = Service("ClusterIP", new V1ServicePort { Port = 53, Protocol = "UDP" }, new V1ServicePort { Port = 53, Protocol = "TCP" });
        Assert.Equal(["web", "ClusterIP", "10.96.0.10", "<none>", "53/UDP,53/TCP", "5m", "app=web,tier=fe"], Cells(service));
    }

    [Fact]
    public void ClusterIP_service_with_external_ips_lists_them()
    {
        var service = Service("ClusterIP", new V1ServicePort { Port = 80, Protocol = "TCP" });
        service.Spec.ExternalIPs = ["1.1.1.1", "2.2.2.2"];
        Assert.Equal("1.1.1.1,2.2.2.2", Cells(service)[3]);
    }

    [Fact]
    public void NodePort_service_prints_port_colon_node_port()
    {
        var service = Service("NodePort", new V1ServicePort { Port = 80, NodePort = 30080, Protocol = "TCP" }, new V1ServicePort { Port = 443, NodePort = 30443, Protocol = "TCP" });
        Assert.Equal(["NodePort", "10.96.0.10", "<none>", "80:30080/TCP,443:30443/TCP"], Cells(service)[1..5]);
    }

    [Fact]
    public void LoadBalancer_without_ingress_is_pending()
    {
        var service = Service("LoadBalancer", new V1ServicePort { Port = 80, NodePort = 31000, Protocol = "TCP" });
        Assert.Equal(["LoadBalancer", "10.96.0.10", "<pending>", "80:31000/TCP"], Cells(service)[1..5]);
    }

    [Fact]
    public void LoadBalancer_lists_sorted_unique_ingress_then_external_ips_uncut()
    {
        var service = Service("LoadBalancer", new V1ServicePort { Port = 80, Protocol = "TCP" });
        service.Status = new V1ServiceStatus
        {
            LoadBalancer = new V1LoadBalancerStatus
            {
                Ingress =
                [
                    new V1LoadBalancerIngress { Hostname = "a-very-long-hostname.elb.example.com" },
                    new V1LoadBalancerIngress { Ip = "203.0.113.7" },
                    new V1LoadBalancerIngress { Ip = "203.0.113.7" },
                ],
            },
        };
        Assert.Equal("203.0.113.7,a-very-long-hostname.elb.example.com", Cells(service)[3]);

        service.Spec.ExternalIPs = ["198.51.100.1"];
        Assert.Equal("203.0.113.7,a-very-long-hostname.elb.example.com,198.51.100.1", Cells(service)[3]);
    }

    [Fact]
    public void ExternalName_service_prints_the_name_and_none_for_missing_ip_ports_and_selector()
    {
        var service = new V1Service
        {
            Metadata = Meta("db"),
            Spec = new V1ServiceSpec { Type = "ExternalName", ExternalName = "db.example.com" },
        };
        Assert.Equal(["db", "ExternalName", "<none>", "db.example.com", "<none>", "5m", "<none>"], Cells(service));
    }

    [Fact]
    public void Headless_service_prints_None_cluster_ip()
    {
        var service = Service("ClusterIP", new V1ServicePort { Port = 5432, Protocol = "TCP" });
        service.Spec.ClusterIPs = ["None"];
        Assert.Equal("None", Cells(service)[2]);
    }
}
