using k8s.Models;
using Skiff.Api.Resources;
using Skiff.ApiServer.Http;
using Skiff.ApiServer.Registry;

namespace Skiff.ApiServer.Hosting;

/// <summary>Objects every cluster starts with: the four system namespaces and the "kubernetes" Service.</summary>
public static class ClusterBootstrap
{
    private static readonly string[] SystemNamespaces = ["default", "kube-system", "kube-public", "kube-node-lease"];

    public static async Task EnsureAsync(ObjectStore objects, CancellationToken ct)
    {
        var namespaces = objects.Registry.Find("", "v1", "namespaces")!;
        foreach (var name in SystemNamespaces)
        {
            await CreateIfMissingAsync(objects, namespaces, null, new V1Namespace { Metadata = new V1ObjectMeta { Name = name } }, ct);
        }

        var services = objects.Registry.Find("", "v1", "services")!;
        await CreateIfMissingAsync(objects, services, "default", new V1Service
        {
            Metadata = new V1ObjectMeta
            {
                Name = "kubernetes",
                Labels = new Dictionary<string, string> { ["component"] = "apiserver", ["provider"] = "kubernetes" },
            },
            Spec = new V1ServiceSpec
            {
                ClusterIP = ServiceAddressAllocator.KubernetesServiceIp,
                Ports = [new V1ServicePort { Name = "https", Port = 443, Protocol = "TCP", TargetPort = 6443 }],
            },
        }, ct);
    }

    private static async Task CreateIfMissingAsync(ObjectStore objects, ResourceDefinition resource, string? ns, object obj, CancellationToken ct)
    {
        var name = Objects.ModelAccessor.Metadata(obj).Name;
        if (await objects.Store.GetAsync(resource.KeyFor(ns, name), ct) is not null)
        {
            return; // Already there from an earlier start.
        }

        try
        {
            await objects.CreateAsync(resource, ns, obj, WriteOptions.Default, ct);
        }
        catch (ApiException e) when (e.Code == 409)
        {
            // Created concurrently by another API server sharing the store.
        }
    }
}
