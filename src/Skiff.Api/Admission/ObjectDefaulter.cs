using k8s.Models;

namespace Skiff.Api.Admission;

/// <summary>
/// Fills unset fields of typed API objects with upstream's defaults, in place. Idempotent: applying twice changes
/// nothing. Kinds without defaults are left untouched.
/// </summary>
public static class ObjectDefaulter
{
    /// <summary>The defaults upstream applies when decoding any write (create, update, patch).</summary>
    public static void Apply(object obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        switch (obj)
        {
            case V1Deployment deployment: WorkloadDefaults.Apply(deployment); break;
            case V1ReplicaSet replicaSet: WorkloadDefaults.Apply(replicaSet); break;
            case V1StatefulSet statefulSet: WorkloadDefaults.Apply(statefulSet); break;
            case V1ReplicationController controller: WorkloadDefaults.Apply(controller); break;
            case V1Pod pod: PodSpecDefaults.ApplyToPod(pod); break;
            case V1Service service: ServiceDefaults.Apply(service); break;
            case V2HorizontalPodAutoscaler autoscaler: HorizontalPodAutoscalerDefaults.Apply(autoscaler); break;
            case V1HorizontalPodAutoscaler autoscaler: HorizontalPodAutoscalerDefaults.Apply(autoscaler); break;
            case V1Namespace ns: CoreObjectDefaults.Apply(ns); break;
            case V1Secret secret: CoreObjectDefaults.Apply(secret); break;
            case V1ConfigMap configMap: CoreObjectDefaults.Apply(configMap); break;
            case V1PersistentVolumeClaim claim: CoreObjectDefaults.Apply(claim); break;
            case V1PersistentVolume volume: CoreObjectDefaults.Apply(volume); break;
            case V1Endpoints endpoints: CoreObjectDefaults.Apply(endpoints); break;
            case V1EndpointSlice slice: CoreObjectDefaults.Apply(slice); break;
            default: break;
        }
    }

    /// <summary>
    /// <see cref="Apply"/> plus the create-only rules of upstream's strategies: a new Namespace gets the "kubernetes"
    /// finalizer (which the finalize call later removes, so updates must not re-add it). Use this on create.
    /// </summary>
    public static void ApplyForCreate(object obj)
    {
        Apply(obj);
        if (obj is V1Namespace ns)
        {
            CoreObjectDefaults.ApplyForCreate(ns);
        }
    }
}
