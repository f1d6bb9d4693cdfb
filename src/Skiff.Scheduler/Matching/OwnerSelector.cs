using k8s.Models;
using Skiff.Api.Selectors;
using Skiff.Scheduler.Framework;

namespace Skiff.Scheduler.Matching;

/// <summary>
/// The selector of "the pod's siblings", as upstream's helper.DefaultSelector: the selectors of the services that
/// select the pod, merged with that of its controlling ReplicationController, ReplicaSet or StatefulSet. System
/// default spreading spreads the pods this selects.
/// </summary>
public static class OwnerSelector
{
    public static PodSelector Of(V1Pod pod, IClusterLister cluster)
    {
        var ns = pod.Metadata.NamespaceProperty ?? "";
        var labels = pod.Metadata.Labels;
        var merged = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var service in cluster.ServicesIn(ns))
        {
            // A service without a selector (e.g. "kubernetes") selects nothing; an empty one would select everything.
            if (service.Spec?.Selector is not { } selector || !LabelSelector.FromMap(selector).Matches(labels))
            {
                continue;
            }

            foreach (var (key, value) in selector)
            {
                merged[key] = value;
            }
        }

        var controller = pod.Metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true);
        LabelSelector? ownerSelector = null;
        switch (controller)
        {
            case { ApiVersion: "v1", Kind: "ReplicationController" }:
                if (cluster.ReplicationController(ns, controller.Name)?.Spec?.Selector is { } rcSelector)
                {
                    foreach (var (key, value) in rcSelector)
                    {
                        merged[key] = value;
                    }
                }

                break;
            case { ApiVersion: "apps/v1", Kind: "ReplicaSet" }:
                ownerSelector = Parse(cluster.ReplicaSet(ns, controller.Name)?.Spec?.Selector);
                break;
            case { ApiVersion: "apps/v1", Kind: "StatefulSet" }:
                ownerSelector = Parse(cluster.StatefulSet(ns, controller.Name)?.Spec?.Selector);
                break;
        }

        return ownerSelector is null ? new PodSelector(LabelSelector.FromMap(merged)) : new PodSelector(LabelSelector.FromMap(merged), ownerSelector);
    }

    /// <summary>A selector that is missing or does not parse adds no requirement (upstream ignores it).</summary>
    private static LabelSelector? Parse(V1LabelSelector? selector)
    {
        if (selector is null)
        {
            return null;
        }

        try
        {
            return LabelSelector.FromModel(selector);
        }
        catch (SelectorParseException)
        {
            return null;
        }
    }
}
