using Skiff.Api.Syntax;
using k8s;
using k8s.Models;

namespace Skiff.Api.Admission;

/// <summary>
/// Validates typed API objects as upstream's registry strategies do, returning the causes of a 422 Invalid (empty
/// when valid). Call after ObjectDefaulter.Apply and after the server has set metadata.namespace: validation
/// assumes defaulted objects, as upstream's does. Kinds without specific rules get metadata validation only.
/// </summary>
public static class ObjectValidator
{
    /// <summary>The causes for creating <paramref name="obj"/>, in upstream's order, duplicates removed.</summary>
    public static IReadOnlyList<FieldError> ValidateCreate(object obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var errors = new List<FieldError>();
        switch (obj)
        {
            case V1Deployment deployment: DeploymentValidation.ValidateCreate(deployment, errors); break;
            case V1ReplicaSet replicaSet: ReplicaSetValidation.ValidateCreate(replicaSet, errors); break;
            case V1StatefulSet statefulSet: StatefulSetValidation.ValidateCreate(statefulSet, errors); break;
            case V1ReplicationController controller: ReplicationControllerValidation.ValidateCreate(controller, errors); break;
            case V1Pod pod: PodValidation.ValidateCreate(pod, errors); break;
            case V1Service service: ServiceValidation.ValidateCreate(service, errors); break;
            case V2HorizontalPodAutoscaler autoscaler: HorizontalPodAutoscalerValidation.ValidateCreate(autoscaler, errors); break;
            case V1HorizontalPodAutoscaler autoscaler: HorizontalPodAutoscalerValidation.ValidateCreate(autoscaler, errors); break;
            case V1ConfigMap configMap: ConfigDataValidation.ValidateCreate(configMap, errors); break;
            case V1Secret secret: ConfigDataValidation.ValidateCreate(secret, errors); break;
            case V1Namespace ns: NamespaceValidation.ValidateCreate(ns, errors); break;
            case V1PersistentVolumeClaim claim: PersistentVolumeClaimValidation.ValidateCreate(claim, errors); break;
            default: ValidateMetadataOnly(obj, errors); break;
        }
        return Deduplicate(errors);
    }

    /// <summary>The causes for replacing <paramref name="oldObj"/> by <paramref name="obj"/>, including immutability rules.</summary>
    public static IReadOnlyList<FieldError> ValidateUpdate(object obj, object oldObj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(oldObj);
        if (obj.GetType() != oldObj.GetType())
        {
            throw new ArgumentException($"Cannot compare a {obj.GetType().Name} with a {oldObj.GetType().Name}.", nameof(oldObj));
        }
        var errors = new List<FieldError>();
        switch (obj)
        {
            case V1Deployment deployment: DeploymentValidation.ValidateUpdate(deployment, (V1Deployment)oldObj, errors); break;
            case V1ReplicaSet replicaSet: ReplicaSetValidation.ValidateUpdate(replicaSet, (V1ReplicaSet)oldObj, errors); break;
            case V1StatefulSet statefulSet: StatefulSetValidation.ValidateUpdate(statefulSet, (V1StatefulSet)oldObj, errors); break;
            case V1ReplicationController controller: ReplicationControllerValidation.ValidateUpdate(controller, (V1ReplicationController)oldObj, errors); break;
            case V1Pod pod: PodValidation.ValidateUpdate(pod, (V1Pod)oldObj, errors); break;
            case V1Service service: ServiceValidation.ValidateUpdate(service, (V1Service)oldObj, errors); break;
            case V2HorizontalPodAutoscaler autoscaler: HorizontalPodAutoscalerValidation.ValidateUpdate(autoscaler, (V2HorizontalPodAutoscaler)oldObj, errors); break;
            case V1HorizontalPodAutoscaler autoscaler: HorizontalPodAutoscalerValidation.ValidateUpdate(autoscaler, (V1HorizontalPodAutoscaler)oldObj, errors); break;
            case V1ConfigMap configMap: ConfigDataValidation.ValidateUpdate(configMap, (V1ConfigMap)oldObj, errors); break;
            case V1Secret secret: ConfigDataValidation.ValidateUpdate(secret, (V1Secret)oldObj, errors); break;
            case V1Namespace ns: NamespaceValidation.ValidateUpdate(ns, (V1Namespace)oldObj, errors); break;
            case V1PersistentVolumeClaim claim: PersistentVolumeClaimValidation.ValidateUpdate(claim, (V1PersistentVolumeClaim)oldObj, errors); break;
            default:
                if (obj is IMetadata<V1ObjectMeta> metadata && oldObj is IMetadata<V1ObjectMeta> oldMetadata)
                {
                    ObjectMetaValidation.ValidateUpdate(metadata.Metadata, oldMetadata.Metadata, errors);
                }
                break;
        }
        return Deduplicate(errors);
    }

    private static void ValidateMetadataOnly(object obj, List<FieldError> errors)
    {
        if (obj is not IMetadata<V1ObjectMeta> metadata)
        {
            return;
        }
        // Cluster-scoped kinds must not carry a namespace; for kinds this class does not know, the scope is unknown,
        // so a namespace is checked when present but not required.
        var namespaced = obj switch
        {
            V1Node or V1PersistentVolume => false,
            V1Endpoints or Corev1Event or V1ServiceAccount or V1ControllerRevision or V1Lease or V1EndpointSlice => true,
            _ => !string.IsNullOrEmpty(metadata.Metadata?.NamespaceProperty),
        };
        ObjectMetaValidation.ValidateCreate(metadata.Metadata, namespaced, NameValidation.NameIsDnsSubdomain, errors);
    }

    /// <summary>Upstream's aggregate drops causes whose text repeats (some rules report the same problem twice).</summary>
    private static List<FieldError> Deduplicate(List<FieldError> errors) => [.. errors.Distinct()];
}
