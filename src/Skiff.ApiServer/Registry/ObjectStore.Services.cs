using k8s.Models;
using Skiff.Api.Admission;

namespace Skiff.ApiServer.Registry;

/// <summary>Service creation: cluster IP and node port allocation, as kube-apiserver's service REST storage.</summary>
public sealed partial class ObjectStore
{
    private ServiceAddressAllocator Allocator => field ??= new ServiceAddressAllocator(store);

    private async Task AllocateServiceAddressesAsync(V1Service service, bool dryRun, CancellationToken ct)
    {
        var spec = service.Spec ??= new V1ServiceSpec();
        if (spec.Type != "ExternalName")
        {
            if (string.IsNullOrEmpty(spec.ClusterIP))
            {
                spec.ClusterIP = dryRun ? "10.96.0.0" : await Allocator.AllocateClusterIpAsync(ct);
            }
            else if (spec.ClusterIP != "None" && !dryRun && !await Allocator.ClaimClusterIpAsync(spec.ClusterIP, ct))
            {
                throw Http.ApiErrors.Invalid(Registry.Find("", "v1", "services")!, service.Metadata.Name,
                    [new FieldError("FieldValueInvalid", "spec.clusterIPs", $"Invalid value: [\"{spec.ClusterIP}\"]: failed to allocate IP {spec.ClusterIP}: provided IP is already allocated")]);
            }

            spec.ClusterIPs = [spec.ClusterIP];
        }

        if (spec.Type is "NodePort" or "LoadBalancer")
        {
            foreach (var port in spec.Ports ?? [])
            {
                if (port.NodePort is null or 0)
                {
                    port.NodePort = dryRun ? 30000 : await Allocator.AllocateNodePortAsync(ct);
                }
            }
        }
    }
}
