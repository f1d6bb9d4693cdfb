using k8s.Models;

namespace Skiff.Scheduler.Cache;

/// <summary>
/// What a pod requests of a node, as upstream's resourcehelper.PodRequests: the sum of its containers, raised to the
/// largest init container (each of which runs alongside the sidecars started before it), plus the pod overhead.
/// </summary>
public static class PodResources
{
    /// <summary>The cpu the scheduler counts for a container without a cpu request when spreading load (100m).</summary>
    public const long DefaultMilliCpuRequest = 100;

    /// <summary>The memory counted for a container without a memory request when spreading load (200 MiB).</summary>
    public const long DefaultMemoryRequest = 200L * 1024 * 1024;

    /// <summary>
    /// The pod's requests. With <paramref name="nonZeroDefaults"/>, a container that sets no cpu (or memory) request
    /// counts as 100m (200 MiB), so that scoring does not pile request-less pods onto one node.
    /// </summary>
    /// <example>
    /// Containers C1 (cpu 2, memory 1G) and C2 (cpu 1, memory 1G), init containers I1 (cpu 2, memory 1G) and I2
    /// (cpu 2, memory 3G): the containers sum to cpu 3, memory 2G; the largest init container needs memory 3G; the
    /// pod requests cpu 3, memory 3G. A sidecar (init container with restartPolicy Always) S (cpu 1) before I2 adds
    /// to the sum (cpu 4) and to I2's own need while I2 runs (cpu 3).
    /// </example>
    public static ResourceVector Requests(V1PodSpec spec, bool nonZeroDefaults)
    {
        var total = new ResourceVector();
        foreach (var container in spec.Containers ?? [])
        {
            total.Add(ContainerRequests(container.Resources?.Requests, nonZeroDefaults));
        }

        var sidecars = new ResourceVector();
        var initMax = new ResourceVector();
        foreach (var container in spec.InitContainers ?? [])
        {
            var requests = ContainerRequests(container.Resources?.Requests, nonZeroDefaults);
            if (container.RestartPolicy == "Always")
            {
                total.Add(requests);
                sidecars.Add(requests);
                initMax.SetMax(sidecars);
            }
            else
            {
                requests.Add(sidecars);
                initMax.SetMax(requests);
            }
        }

        total.SetMax(initMax);
        total.Add(spec.Overhead);
        return total;
    }

    private static ResourceVector ContainerRequests(IDictionary<string, ResourceQuantity>? requests, bool nonZeroDefaults)
    {
        var vector = ResourceVector.From(requests);
        if (nonZeroDefaults)
        {
            if (requests is null || !requests.ContainsKey(ResourceVector.Cpu))
            {
                vector.MilliCpu = DefaultMilliCpuRequest;
            }

            if (requests is null || !requests.ContainsKey(ResourceVector.Memory))
            {
                vector.MemoryBytes = DefaultMemoryRequest;
            }
        }

        return vector;
    }
}
