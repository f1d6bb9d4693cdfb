namespace Skiff.Api.Protobuf;

// The apps/v1 part of the schema table; the notation is described in ProtoSchema.cs.
public static partial class ProtoSchema
{
    private const string AppsV1 = """
        package apps.v1 apps/v1
        kind ControllerRevision
          1 metadata meta.v1.ObjectMeta
          2 data RawExtension
          3 revision int64
        kind ControllerRevisionList
          1 metadata meta.v1.ListMeta
          2 items []ControllerRevision
        kind Deployment
          1 metadata meta.v1.ObjectMeta
          2 spec DeploymentSpec
          3 status DeploymentStatus
        message DeploymentCondition
          1 type string
          2 status string
          4 reason string?
          5 message string?
          6 lastUpdateTime Time
          7 lastTransitionTime Time
        kind DeploymentList
          1 metadata meta.v1.ListMeta
          2 items []Deployment
        message DeploymentSpec
          1 replicas *int32
          2 selector *meta.v1.LabelSelector
          3 template core.v1.PodTemplateSpec
          4 strategy DeploymentStrategy
          5 minReadySeconds int32?
          6 revisionHistoryLimit *int32
          7 paused bool?
          9 progressDeadlineSeconds *int32
        message DeploymentStatus
          1 observedGeneration int64?
          2 replicas int32?
          3 updatedReplicas int32?
          4 availableReplicas int32?
          5 unavailableReplicas int32?
          6 conditions []DeploymentCondition
          7 readyReplicas int32?
          8 collisionCount *int32
          9 terminatingReplicas *int32
        message DeploymentStrategy
          1 type string?
          2 rollingUpdate *RollingUpdateDeployment
        kind ReplicaSet
          1 metadata meta.v1.ObjectMeta
          2 spec ReplicaSetSpec
          3 status ReplicaSetStatus
        message ReplicaSetCondition
          1 type string
          2 status string
          3 lastTransitionTime Time
          4 reason string?
          5 message string?
        kind ReplicaSetList
          1 metadata meta.v1.ListMeta
          2 items []ReplicaSet
        message ReplicaSetSpec
          1 replicas *int32
          2 selector *meta.v1.LabelSelector
          3 template core.v1.PodTemplateSpec
          4 minReadySeconds int32?
        message ReplicaSetStatus
          1 replicas int32
          2 fullyLabeledReplicas int32?
          3 observedGeneration int64?
          4 readyReplicas int32?
          5 availableReplicas int32?
          6 conditions []ReplicaSetCondition
          7 terminatingReplicas *int32
        message RollingUpdateDeployment
          1 maxUnavailable *IntOrString
          2 maxSurge *IntOrString
        message RollingUpdateStatefulSetStrategy
          1 partition *int32
          2 maxUnavailable *IntOrString
        kind StatefulSet
          1 metadata meta.v1.ObjectMeta
          2 spec StatefulSetSpec
          3 status StatefulSetStatus
        message StatefulSetCondition
          1 type string
          2 status string
          3 lastTransitionTime Time
          4 reason string?
          5 message string?
        kind StatefulSetList
          1 metadata meta.v1.ListMeta
          2 items []StatefulSet
        message StatefulSetOrdinals
          1 start int32
        message StatefulSetPersistentVolumeClaimRetentionPolicy
          1 whenDeleted string?
          2 whenScaled string?
        message StatefulSetSpec
          1 replicas *int32
          2 selector *meta.v1.LabelSelector
          3 template core.v1.PodTemplateSpec
          4 volumeClaimTemplates []core.v1.PersistentVolumeClaim
          5 serviceName string
          6 podManagementPolicy string?
          7 updateStrategy StatefulSetUpdateStrategy
          8 revisionHistoryLimit *int32
          9 minReadySeconds int32?
          10 persistentVolumeClaimRetentionPolicy *StatefulSetPersistentVolumeClaimRetentionPolicy
          11 ordinals *StatefulSetOrdinals
        message StatefulSetStatus
          1 observedGeneration int64?
          2 replicas int32
          3 readyReplicas int32?
          4 currentReplicas int32?
          5 updatedReplicas int32?
          6 currentRevision string?
          7 updateRevision string?
          9 collisionCount *int32
          10 conditions []StatefulSetCondition
          11 availableReplicas int32
        message StatefulSetUpdateStrategy
          1 type string?
          2 rollingUpdate *RollingUpdateStatefulSetStrategy
        """;
}
