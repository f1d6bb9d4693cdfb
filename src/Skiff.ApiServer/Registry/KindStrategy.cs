using k8s.Models;
using Skiff.Api.Resources;
using Skiff.ApiServer.Objects;

namespace Skiff.ApiServer.Registry;

/// <summary>
/// What upstream's per-kind registry strategies do before defaulting: reset a new object's status, keep status out of
/// spec updates, keep spec out of status updates.
/// </summary>
public static class KindStrategy
{
    /// <summary>Status a new object starts with (upstream PrepareForCreate): most kinds drop what the client sent.</summary>
    public static void PrepareForCreate(ResourceDefinition resource, object obj)
    {
        switch (obj)
        {
            case V1Pod pod:
                pod.Status = new V1PodStatus { Phase = "Pending", QosClass = PodQosClass.Of(pod.Spec) };
                break;
            case V1Namespace ns:
                ns.Status = new V1NamespaceStatus { Phase = "Active" };
                break;
            case V1Service svc:
                svc.Status = new V1ServiceStatus { LoadBalancer = new V1LoadBalancerStatus() };
                break;
            case V1PersistentVolumeClaim pvc:
                pvc.Status = new V1PersistentVolumeClaimStatus { Phase = "Pending" };
                break;
            case V1PersistentVolume pv:
                pv.Status = new V1PersistentVolumeStatus { Phase = "Pending" };
                break;
            case V1Deployment or V1ReplicaSet or V1StatefulSet or V1ReplicationController or V2HorizontalPodAutoscaler:
                ModelAccessor.SetStatus(obj, Activator.CreateInstance(StatusType(obj)));
                break;
        }

        if (resource.HasGeneration)
        {
            ModelAccessor.Metadata(obj).Generation = 1;
        }
    }

    private static Type StatusType(object obj) => obj.GetType().GetProperty("Status")!.PropertyType;
}
