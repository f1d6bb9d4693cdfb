using k8s.Models;
using Skiff.ApiServer.Objects;

namespace Skiff.ApiServer.Registry;

/// <summary>The pod QoS class as upstream computes it: Guaranteed, Burstable or BestEffort.</summary>
public static class PodQosClass
{
    private static readonly string[] Tracked = ["cpu", "memory"];

    public static string Of(V1PodSpec? spec)
    {
        var containers = (spec?.Containers ?? []).Concat(spec?.InitContainers ?? []).ToList();
        var anySet = false;
        var guaranteed = true;
        foreach (var container in containers)
        {
            var requests = container.Resources?.Requests;
            var limits = container.Resources?.Limits;
            foreach (var name in Tracked)
            {
                var hasRequest = requests?.TryGetValue(name, out var request) == true && !QuantityConverter.Canonical(request).StartsWith('0');
                var hasLimit = limits?.TryGetValue(name, out var limit) == true && !QuantityConverter.Canonical(limit).StartsWith('0');
                anySet |= hasRequest || hasLimit;
                if (!hasLimit)
                {
                    guaranteed = false;
                }
                else if (hasRequest && requests![name].ToDecimal() != limits![name].ToDecimal())
                {
                    guaranteed = false;
                }
            }
        }

        if (!anySet)
        {
            return "BestEffort";
        }

        return guaranteed ? "Guaranteed" : "Burstable";
    }
}
