namespace Skiff.Api.Protobuf;

// The core/v1 part of the schema table; the notation is described in ProtoSchema.cs.
public static partial class ProtoSchema
{
    private const string CoreV1 = """
        package core.v1 v1
        message AWSElasticBlockStoreVolumeSource
          1 volumeID string
          2 fsType string?
          3 partition int32?
          4 readOnly bool?
        message Affinity
          1 nodeAffinity *NodeAffinity
          2 podAffinity *PodAffinity
          3 podAntiAffinity *PodAntiAffinity
        message AppArmorProfile
          1 type string
          2 localhostProfile *string
        message AttachedVolume
          1 name string
          2 devicePath string
        message AzureDiskVolumeSource
          1 diskName string
          2 diskURI string
          3 cachingMode *string
          4 fsType *string
          5 readOnly *bool
          6 kind *string
        message AzureFilePersistentVolumeSource
          1 secretName string
          2 shareName string
          3 readOnly bool?
          4 secretNamespace *string
        message AzureFileVolumeSource
          1 secretName string
          2 shareName string
          3 readOnly bool?
        kind Binding
          1 metadata meta.v1.ObjectMeta
          2 target ObjectReference
        message CSIPersistentVolumeSource
          1 driver string
          2 volumeHandle string
          3 readOnly bool?
          4 fsType string?
          5 volumeAttributes map[string]string
          6 controllerPublishSecretRef *SecretReference
          7 nodeStageSecretRef *SecretReference
          8 nodePublishSecretRef *SecretReference
          9 controllerExpandSecretRef *SecretReference
          10 nodeExpandSecretRef *SecretReference
        message CSIVolumeSource
          1 driver string
          2 readOnly *bool
          3 fsType *string
          4 volumeAttributes map[string]string
          5 nodePublishSecretRef *LocalObjectReference
        message Capabilities
          1 add []string
          2 drop []string
        message CephFSPersistentVolumeSource
          1 monitors []string
          2 path string?
          3 user string?
          4 secretFile string?
          5 secretRef *SecretReference
          6 readOnly bool?
        message CephFSVolumeSource
          1 monitors []string
          2 path string?
          3 user string?
          4 secretFile string?
          5 secretRef *LocalObjectReference
          6 readOnly bool?
        message CinderPersistentVolumeSource
          1 volumeID string
          2 fsType string?
          3 readOnly bool?
          4 secretRef *SecretReference
        message CinderVolumeSource
          1 volumeID string
          2 fsType string?
          3 readOnly bool?
          4 secretRef *LocalObjectReference
        message ClientIPConfig
          1 timeoutSeconds *int32
        message ClusterTrustBundleProjection
          1 name *string
          2 signerName *string
          3 labelSelector *meta.v1.LabelSelector
          4 path string
          5 optional *bool
          6 user *int64
        kind ConfigMap
          1 metadata meta.v1.ObjectMeta
          2 data map[string]string
          3 binaryData map[string]bytes
          4 immutable *bool
        message ConfigMapEnvSource
          1 localObjectReference LocalObjectReference inline
          2 optional *bool
        message ConfigMapKeySelector
          1 localObjectReference LocalObjectReference inline
          2 key string
          3 optional *bool
        kind ConfigMapList
          1 metadata meta.v1.ListMeta
          2 items []ConfigMap
        message ConfigMapNodeConfigSource
          1 namespace string
          2 name string
          3 uid string?
          4 resourceVersion string?
          5 kubeletConfigKey string
        message ConfigMapProjection
          1 localObjectReference LocalObjectReference inline
          2 items []KeyToPath
          4 optional *bool
        message ConfigMapVolumeSource
          1 localObjectReference LocalObjectReference inline
          2 items []KeyToPath
          3 defaultMode *int32
          4 optional *bool
          5 defaultUser *int64
        message Container
          1 name string
          2 image string?
          3 command []string
          4 args []string
          5 workingDir string?
          6 ports []ContainerPort
          7 env []EnvVar
          8 resources ResourceRequirements
          9 volumeMounts []VolumeMount
          10 livenessProbe *Probe
          11 readinessProbe *Probe
          12 lifecycle *Lifecycle
          13 terminationMessagePath string?
          14 imagePullPolicy string?
          15 securityContext *SecurityContext
          16 stdin bool?
          17 stdinOnce bool?
          18 tty bool?
          19 envFrom []EnvFromSource
          20 terminationMessagePolicy string?
          21 volumeDevices []VolumeDevice
          22 startupProbe *Probe
          23 resizePolicy []ContainerResizePolicy
          24 restartPolicy *string
          25 restartPolicyRules []ContainerRestartRule
        message ContainerExtendedResourceRequest
          1 containerName string
          2 resourceName string
          3 requestName string
        message ContainerImage
          1 names []string
          2 sizeBytes int64?
        message ContainerPort
          1 name string?
          2 hostPort int32?
          3 containerPort int32
          4 protocol string?
          5 hostIP string?
        message ContainerResizePolicy
          1 resourceName string
          2 restartPolicy string
        message ContainerRestartRule
          1 action string?
          2 exitCodes *ContainerRestartRuleOnExitCodes
        message ContainerRestartRuleOnExitCodes
          1 operator string?
          2 values []int32
        message ContainerState
          1 waiting *ContainerStateWaiting
          2 running *ContainerStateRunning
          3 terminated *ContainerStateTerminated
        message ContainerStateRunning
          1 startedAt Time
        message ContainerStateTerminated
          1 exitCode int32
          2 signal int32?
          3 reason string?
          4 message string?
          5 startedAt Time
          6 finishedAt Time
          7 containerID string?
        message ContainerStateWaiting
          1 reason string?
          2 message string?
        message ContainerStatus
          1 name string
          2 state ContainerState
          3 lastState ContainerState
          4 ready bool
          5 restartCount int32
          6 image string
          7 imageID string
          8 containerID string?
          9 started *bool
          10 allocatedResources map[string]Quantity
          11 resources *ResourceRequirements
          12 volumeMounts []VolumeMountStatus
          13 user *ContainerUser
          14 allocatedResourcesStatus []ResourceStatus
          15 stopSignal *string
        message ContainerUser
          1 linux *LinuxContainerUser
        message DaemonEndpoint
          1 Port int32
        message DownwardAPIProjection
          1 items []DownwardAPIVolumeFile
        message DownwardAPIVolumeFile
          1 path string
          2 fieldRef *ObjectFieldSelector
          3 resourceFieldRef *ResourceFieldSelector
          4 mode *int32
          5 user *int64
        message DownwardAPIVolumeSource
          1 items []DownwardAPIVolumeFile
          2 defaultMode *int32
          3 defaultUser *int64
        message EmptyDirVolumeSource
          1 medium string?
          2 sizeLimit *Quantity
          3 mode *int32
        message EndpointAddress
          1 ip string
          2 targetRef *ObjectReference
          3 hostname string?
          4 nodeName *string
        message EndpointPort
          1 name string?
          2 port int32
          3 protocol string?
          4 appProtocol *string
        message EndpointSubset
          1 addresses []EndpointAddress
          2 notReadyAddresses []EndpointAddress
          3 ports []EndpointPort
        kind Endpoints
          1 metadata meta.v1.ObjectMeta
          2 subsets []EndpointSubset
        kind EndpointsList
          1 metadata meta.v1.ListMeta
          2 items []Endpoints
        message EnvFromSource
          1 prefix string?
          2 configMapRef *ConfigMapEnvSource
          3 secretRef *SecretEnvSource
        message EnvVar
          1 name string
          2 value string?
          3 valueFrom *EnvVarSource
        message EnvVarSource
          1 fieldRef *ObjectFieldSelector
          2 resourceFieldRef *ResourceFieldSelector
          3 configMapKeyRef *ConfigMapKeySelector
          4 secretKeyRef *SecretKeySelector
          5 fileKeyRef *FileKeySelector
        message EphemeralContainer
          1 ephemeralContainerCommon EphemeralContainerCommon inline
          2 targetContainerName string?
        message EphemeralContainerCommon
          1 name string
          2 image string?
          3 command []string
          4 args []string
          5 workingDir string?
          6 ports []ContainerPort
          7 env []EnvVar
          8 resources ResourceRequirements
          9 volumeMounts []VolumeMount
          10 livenessProbe *Probe
          11 readinessProbe *Probe
          12 lifecycle *Lifecycle
          13 terminationMessagePath string?
          14 imagePullPolicy string?
          15 securityContext *SecurityContext
          16 stdin bool?
          17 stdinOnce bool?
          18 tty bool?
          19 envFrom []EnvFromSource
          20 terminationMessagePolicy string?
          21 volumeDevices []VolumeDevice
          22 startupProbe *Probe
          23 resizePolicy []ContainerResizePolicy
          24 restartPolicy *string
          25 restartPolicyRules []ContainerRestartRule
        message EphemeralVolumeSource
          1 volumeClaimTemplate *PersistentVolumeClaimTemplate
        kind Event
          1 metadata meta.v1.ObjectMeta
          2 involvedObject ObjectReference
          3 reason string?
          4 message string?
          5 source EventSource
          6 firstTimestamp Time
          7 lastTimestamp Time
          8 count int32?
          9 type string?
          10 eventTime MicroTime
          11 series *EventSeries
          12 action string?
          13 related *ObjectReference
          14 reportingComponent string
          15 reportingInstance string
        kind EventList
          1 metadata meta.v1.ListMeta
          2 items []Event
        message EventSeries
          1 count int32?
          2 lastObservedTime MicroTime
        message EventSource
          1 component string?
          2 host string?
        message EvictionResponder
          1 name string
          2 priority *int32
        message ExecAction
          1 command []string
        message FCVolumeSource
          1 targetWWNs []string
          2 lun *int32
          3 fsType string?
          4 readOnly bool?
          5 wwids []string
        message FileKeySelector
          1 volumeName string
          2 path string
          3 key string
          4 optional *bool
        message FlexPersistentVolumeSource
          1 driver string
          2 fsType string?
          3 secretRef *SecretReference
          4 readOnly bool?
          5 options map[string]string
        message FlexVolumeSource
          1 driver string
          2 fsType string?
          3 secretRef *LocalObjectReference
          4 readOnly bool?
          5 options map[string]string
        message FlockerVolumeSource
          1 datasetName string?
          2 datasetUUID string?
        message GCEPersistentDiskVolumeSource
          1 pdName string
          2 fsType string?
          3 partition int32?
          4 readOnly bool?
        message GRPCAction
          1 port int32
          2 service *string
          3 mode *string
        message GitRepoVolumeSource
          1 repository string
          2 revision string?
          3 directory string?
        message GlusterfsPersistentVolumeSource
          1 endpoints string
          2 path string
          3 readOnly bool?
          4 endpointsNamespace *string
        message GlusterfsVolumeSource
          1 endpoints string
          2 path string
          3 readOnly bool?
        message HTTPGetAction
          1 path string?
          2 port IntOrString
          3 host string?
          4 scheme string?
          5 httpHeaders []HTTPHeader
          6 protocol *string
        message HTTPHeader
          1 name string
          2 value string
        message HostAlias
          1 ip string
          2 hostnames []string
        message HostIP
          1 ip string
        message HostPathVolumeSource
          1 path string
          2 type *string
        message ISCSIPersistentVolumeSource
          1 targetPortal string
          2 iqn string
          3 lun int32
          4 iscsiInterface string?
          5 fsType string?
          6 readOnly bool?
          7 portals []string
          8 chapAuthDiscovery bool?
          10 secretRef *SecretReference
          11 chapAuthSession bool?
          12 initiatorName *string
        message ISCSIVolumeSource
          1 targetPortal string
          2 iqn string
          3 lun int32
          4 iscsiInterface string?
          5 fsType string?
          6 readOnly bool?
          7 portals []string
          8 chapAuthDiscovery bool?
          10 secretRef *LocalObjectReference
          11 chapAuthSession bool?
          12 initiatorName *string
        message ImageVolumeSource
          1 reference string?
          2 pullPolicy string?
        message ImageVolumeStatus
          1 imageRef string?
        message KeyToPath
          1 key string
          2 path string
          3 mode *int32
          4 user *int64
        message Lifecycle
          1 postStart *LifecycleHandler
          2 preStop *LifecycleHandler
          3 stopSignal *string
        message LifecycleHandler
          1 exec *ExecAction
          2 httpGet *HTTPGetAction
          3 tcpSocket *TCPSocketAction
          4 sleep *SleepAction
        message LinuxContainerUser
          1 uid int64
          2 gid int64
          3 supplementalGroups []int64
        message LoadBalancerIngress
          1 ip string?
          2 hostname string?
          3 ipMode *string
          4 ports []PortStatus
        message LoadBalancerStatus
          1 ingress []LoadBalancerIngress
        message LocalObjectReference
          1 name string?
        message LocalVolumeSource
          1 path string
          2 fsType *string
        message ModifyVolumeStatus
          1 targetVolumeAttributesClassName string?
          2 status string
        message NFSVolumeSource
          1 server string
          2 path string
          3 readOnly bool?
        kind Namespace
          1 metadata meta.v1.ObjectMeta
          2 spec NamespaceSpec
          3 status NamespaceStatus
        message NamespaceCondition
          1 type string
          2 status string
          4 lastTransitionTime Time
          5 reason string?
          6 message string?
        kind NamespaceList
          1 metadata meta.v1.ListMeta
          2 items []Namespace
        message NamespaceSpec
          1 finalizers []string
        message NamespaceStatus
          1 phase string?
          2 conditions []NamespaceCondition
        kind Node
          1 metadata meta.v1.ObjectMeta
          2 spec NodeSpec
          3 status NodeStatus
        message NodeAddress
          1 type string
          2 address string
        message NodeAffinity
          1 requiredDuringSchedulingIgnoredDuringExecution *NodeSelector
          2 preferredDuringSchedulingIgnoredDuringExecution []PreferredSchedulingTerm
        message NodeAllocatableMappedResources
          1 name string
          2 quantity *Quantity
        message NodeAllocatableOverheadResources
          1 name string
          2 perPod *Quantity
          3 perContainer *Quantity
        message NodeAllocatableResourceClaimStatus
          1 resourceClaimName string
          2 containers []string
          4 mapping []NodeAllocatableMappedResources
          5 overhead []NodeAllocatableOverheadResources
        message NodeCondition
          1 type string
          2 status string
          3 lastHeartbeatTime Time
          4 lastTransitionTime Time
          5 reason string?
          6 message string?
        message NodeConfigSource
          2 configMap *ConfigMapNodeConfigSource
        message NodeConfigStatus
          1 assigned *NodeConfigSource
          2 active *NodeConfigSource
          3 lastKnownGood *NodeConfigSource
          4 error string?
        message NodeDaemonEndpoints
          1 kubeletEndpoint DaemonEndpoint
        message NodeFeatures
          1 supplementalGroupsPolicy *bool
        kind NodeList
          1 metadata meta.v1.ListMeta
          2 items []Node
        message NodePodPreemptionPolicy
          1 disableResizePreemption []string
        message NodeRuntimeHandler
          1 name string
          2 features *NodeRuntimeHandlerFeatures
        message NodeRuntimeHandlerFeatures
          1 recursiveReadOnlyMounts *bool
          2 userNamespaces *bool
        message NodeSelector
          1 nodeSelectorTerms []NodeSelectorTerm
        message NodeSelectorRequirement
          1 key string
          2 operator string
          3 values []string
        message NodeSelectorTerm
          1 matchExpressions []NodeSelectorRequirement
          2 matchFields []NodeSelectorRequirement
        message NodeSpec
          1 podCIDR string?
          2 externalID string?
          3 providerID string?
          4 unschedulable bool?
          5 taints []Taint
          6 configSource *NodeConfigSource
          7 podCIDRs []string
          8 podPreemptionPolicy *NodePodPreemptionPolicy
        message NodeStatus
          1 capacity map[string]Quantity
          2 allocatable map[string]Quantity
          3 phase string?
          4 conditions []NodeCondition
          5 addresses []NodeAddress
          6 daemonEndpoints NodeDaemonEndpoints
          7 nodeInfo NodeSystemInfo
          8 images []ContainerImage
          9 volumesInUse []string
          10 volumesAttached []AttachedVolume
          11 config *NodeConfigStatus
          12 runtimeHandlers []NodeRuntimeHandler
          13 features *NodeFeatures
          14 declaredFeatures []string
        message NodeSwapStatus
          1 capacity *int64
        message NodeSystemInfo
          1 machineID string
          2 systemUUID string
          3 bootID string
          4 kernelVersion string
          5 osImage string
          6 containerRuntimeVersion string
          7 kubeletVersion string
          8 kubeProxyVersion string
          9 operatingSystem string
          10 architecture string
          11 swap *NodeSwapStatus
          # 1.37 (kubernetes/kubernetes#134639); KubernetesClient already models it.
          12 runningInUserNamespace *bool
        message ObjectFieldSelector
          1 apiVersion string?
          2 fieldPath string
        message ObjectReference
          1 kind string?
          2 namespace string?
          3 name string?
          4 uid string?
          5 apiVersion string?
          6 resourceVersion string?
          7 fieldPath string?
        kind PersistentVolume
          1 metadata meta.v1.ObjectMeta
          2 spec PersistentVolumeSpec
          3 status PersistentVolumeStatus
        kind PersistentVolumeClaim
          1 metadata meta.v1.ObjectMeta
          2 spec PersistentVolumeClaimSpec
          3 status PersistentVolumeClaimStatus
        message PersistentVolumeClaimCondition
          1 type string
          2 status string
          3 lastProbeTime Time
          4 lastTransitionTime Time
          5 reason string?
          6 message string?
        kind PersistentVolumeClaimList
          1 metadata meta.v1.ListMeta
          2 items []PersistentVolumeClaim
        message PersistentVolumeClaimSpec
          1 accessModes []string
          2 resources VolumeResourceRequirements
          3 volumeName string?
          4 selector *meta.v1.LabelSelector
          5 storageClassName *string
          6 volumeMode *string
          7 dataSource *TypedLocalObjectReference
          8 dataSourceRef *TypedObjectReference
          9 volumeAttributesClassName *string
        message PersistentVolumeClaimStatus
          1 phase string?
          2 accessModes []string
          3 capacity map[string]Quantity
          4 conditions []PersistentVolumeClaimCondition
          5 allocatedResources map[string]Quantity
          7 allocatedResourceStatuses map[string]string
          8 currentVolumeAttributesClassName *string
          9 modifyVolumeStatus *ModifyVolumeStatus
          10 healthStatus *VolumeHealthStatus
        message PersistentVolumeClaimTemplate
          1 metadata meta.v1.ObjectMeta
          2 spec PersistentVolumeClaimSpec
        message PersistentVolumeClaimVolumeSource
          1 claimName string
          2 readOnly bool?
        kind PersistentVolumeList
          1 metadata meta.v1.ListMeta
          2 items []PersistentVolume
        message PersistentVolumeSource
          1 gcePersistentDisk *GCEPersistentDiskVolumeSource
          2 awsElasticBlockStore *AWSElasticBlockStoreVolumeSource
          3 hostPath *HostPathVolumeSource
          4 glusterfs *GlusterfsPersistentVolumeSource
          5 nfs *NFSVolumeSource
          6 rbd *RBDPersistentVolumeSource
          7 iscsi *ISCSIPersistentVolumeSource
          8 cinder *CinderPersistentVolumeSource
          9 cephfs *CephFSPersistentVolumeSource
          10 fc *FCVolumeSource
          11 flocker *FlockerVolumeSource
          12 flexVolume *FlexPersistentVolumeSource
          13 azureFile *AzureFilePersistentVolumeSource
          14 vsphereVolume *VsphereVirtualDiskVolumeSource
          15 quobyte *QuobyteVolumeSource
          16 azureDisk *AzureDiskVolumeSource
          17 photonPersistentDisk *PhotonPersistentDiskVolumeSource
          18 portworxVolume *PortworxVolumeSource
          19 scaleIO *ScaleIOPersistentVolumeSource
          20 local *LocalVolumeSource
          21 storageos *StorageOSPersistentVolumeSource
          22 csi *CSIPersistentVolumeSource
        message PersistentVolumeSpec
          1 capacity map[string]Quantity
          2 persistentVolumeSource PersistentVolumeSource inline
          3 accessModes []string
          4 claimRef *ObjectReference
          5 persistentVolumeReclaimPolicy string?
          6 storageClassName string?
          7 mountOptions []string
          8 volumeMode *string
          9 nodeAffinity *VolumeNodeAffinity
          10 volumeAttributesClassName *string
        message PersistentVolumeStatus
          1 phase string?
          2 message string?
          3 reason string?
          4 lastPhaseTransitionTime *Time
        message PhotonPersistentDiskVolumeSource
          1 pdID string
          2 fsType string?
        kind Pod
          1 metadata meta.v1.ObjectMeta
          2 spec PodSpec
          3 status PodStatus
        message PodAffinity
          1 requiredDuringSchedulingIgnoredDuringExecution []PodAffinityTerm
          2 preferredDuringSchedulingIgnoredDuringExecution []WeightedPodAffinityTerm
        message PodAffinityTerm
          1 labelSelector *meta.v1.LabelSelector
          2 namespaces []string
          3 topologyKey string
          4 namespaceSelector *meta.v1.LabelSelector
          5 matchLabelKeys []string
          6 mismatchLabelKeys []string
        message PodAntiAffinity
          1 requiredDuringSchedulingIgnoredDuringExecution []PodAffinityTerm
          2 preferredDuringSchedulingIgnoredDuringExecution []WeightedPodAffinityTerm
        message PodCertificateProjection
          1 signerName string?
          2 keyType string?
          3 maxExpirationSeconds *int32
          4 credentialBundlePath string?
          5 keyPath string?
          6 certificateChainPath string?
          7 userAnnotations map[string]string
          8 user *int64
        message PodCondition
          1 type string
          2 status string
          3 lastProbeTime Time
          4 lastTransitionTime Time
          5 reason string?
          6 message string?
          7 observedGeneration int64?
        message PodDNSConfig
          1 nameservers []string
          2 searches []string
          3 options []PodDNSConfigOption
        message PodDNSConfigOption
          1 name string?
          2 value *string
        message PodExtendedResourceClaimStatus
          1 requestMappings []ContainerExtendedResourceRequest
          2 resourceClaimName string
        message PodIP
          1 ip string
        kind PodList
          1 metadata meta.v1.ListMeta
          2 items []Pod
        message PodOS
          1 name string
        message PodReadinessGate
          1 conditionType string
        message PodResourceClaim
          1 name string
          3 resourceClaimName *string
          4 resourceClaimTemplateName *string
        message PodResourceClaimStatus
          1 name string
          2 resourceClaimName *string
        message PodSchedulingGate
          1 name string
        message PodSchedulingGroup
          1 podGroupName *string
        message PodSecurityContext
          1 seLinuxOptions *SELinuxOptions
          2 runAsUser *int64
          3 runAsNonRoot *bool
          4 supplementalGroups []int64
          5 fsGroup *int64
          6 runAsGroup *int64
          7 sysctls []Sysctl
          8 windowsOptions *WindowsSecurityContextOptions
          9 fsGroupChangePolicy *string
          10 seccompProfile *SeccompProfile
          11 appArmorProfile *AppArmorProfile
          12 supplementalGroupsPolicy *string
          13 seLinuxChangePolicy *string
        message PodSpec
          1 volumes []Volume
          2 containers []Container
          3 restartPolicy string?
          4 terminationGracePeriodSeconds *int64
          5 activeDeadlineSeconds *int64
          6 dnsPolicy string?
          7 nodeSelector map[string]string
          8 serviceAccountName string?
          9 serviceAccount string?
          10 nodeName string?
          11 hostNetwork bool?
          12 hostPID bool?
          13 hostIPC bool?
          14 securityContext *PodSecurityContext
          15 imagePullSecrets []LocalObjectReference
          16 hostname string?
          17 subdomain string?
          18 affinity *Affinity
          19 schedulerName string?
          20 initContainers []Container
          21 automountServiceAccountToken *bool
          22 tolerations []Toleration
          23 hostAliases []HostAlias
          24 priorityClassName string?
          25 priority *int32
          26 dnsConfig *PodDNSConfig
          27 shareProcessNamespace *bool
          28 readinessGates []PodReadinessGate
          29 runtimeClassName *string
          30 enableServiceLinks *bool
          31 preemptionPolicy *string
          32 overhead map[string]Quantity
          33 topologySpreadConstraints []TopologySpreadConstraint
          34 ephemeralContainers []EphemeralContainer
          35 setHostnameAsFQDN *bool
          36 os *PodOS
          37 hostUsers *bool
          38 schedulingGates []PodSchedulingGate
          39 resourceClaims []PodResourceClaim
          40 resources *ResourceRequirements
          41 hostnameOverride *string
          43 schedulingGroup *PodSchedulingGroup
          44 evictionResponders []EvictionResponder
        message PodStatus
          1 phase string?
          2 conditions []PodCondition
          3 message string?
          4 reason string?
          5 hostIP string?
          6 podIP string?
          7 startTime *Time
          8 containerStatuses []ContainerStatus
          9 qosClass string?
          10 initContainerStatuses []ContainerStatus
          11 nominatedNodeName string?
          12 podIPs []PodIP
          13 ephemeralContainerStatuses []ContainerStatus
          14 resize string?
          15 resourceClaimStatuses []PodResourceClaimStatus
          16 hostIPs []HostIP
          17 observedGeneration int64?
          18 extendedResourceClaimStatus *PodExtendedResourceClaimStatus
          19 allocatedResources map[string]Quantity
          20 resources *ResourceRequirements
          21 nodeAllocatableResourceClaimStatuses []NodeAllocatableResourceClaimStatus
          22 volumeHealth []PodVolumeHealth
        message PodTemplateSpec
          1 metadata meta.v1.ObjectMeta
          2 spec PodSpec
        message PodVolumeHealth
          1 name string
          2 healthConditions []VolumeHealthCondition
          3 lastTransitionTime Time
        message PortStatus
          1 port int32
          2 protocol string
          3 error *string
        message PortworxVolumeSource
          1 volumeID string
          2 fsType string?
          3 readOnly bool?
        message PreferredSchedulingTerm
          1 weight int32
          2 preference NodeSelectorTerm
        message Probe
          1 handler ProbeHandler inline
          2 initialDelaySeconds int32?
          3 timeoutSeconds int32?
          4 periodSeconds int32?
          5 successThreshold int32?
          6 failureThreshold int32?
          7 terminationGracePeriodSeconds *int64
        message ProbeHandler
          1 exec *ExecAction
          2 httpGet *HTTPGetAction
          3 tcpSocket *TCPSocketAction
          4 grpc *GRPCAction
        message ProjectedVolumeSource
          1 sources []VolumeProjection
          2 defaultMode *int32
          3 defaultUser *int64
        message QuobyteVolumeSource
          1 registry string
          2 volume string
          3 readOnly bool?
          4 user string?
          5 group string?
          6 tenant string?
        message RBDPersistentVolumeSource
          1 monitors []string
          2 image string
          3 fsType string?
          4 pool string?
          5 user string?
          6 keyring string?
          7 secretRef *SecretReference
          8 readOnly bool?
        message RBDVolumeSource
          1 monitors []string
          2 image string
          3 fsType string?
          4 pool string?
          5 user string?
          6 keyring string?
          7 secretRef *LocalObjectReference
          8 readOnly bool?
        kind ReplicationController
          1 metadata meta.v1.ObjectMeta
          2 spec ReplicationControllerSpec
          3 status ReplicationControllerStatus
        message ReplicationControllerCondition
          1 type string
          2 status string
          3 lastTransitionTime Time
          4 reason string?
          5 message string?
        kind ReplicationControllerList
          1 metadata meta.v1.ListMeta
          2 items []ReplicationController
        message ReplicationControllerSpec
          1 replicas *int32
          2 selector map[string]string
          3 template *PodTemplateSpec
          4 minReadySeconds int32?
        message ReplicationControllerStatus
          1 replicas int32
          2 fullyLabeledReplicas int32?
          3 observedGeneration int64?
          4 readyReplicas int32?
          5 availableReplicas int32?
          6 conditions []ReplicationControllerCondition
        message ResourceClaim
          1 name string
          2 request string?
        message ResourceFieldSelector
          1 containerName string?
          2 resource string
          3 divisor Quantity
        message ResourceHealth
          1 resourceID string
          2 health string?
          6 message *string
        message ResourceRequirements
          1 limits map[string]Quantity
          2 requests map[string]Quantity
          3 claims []ResourceClaim
        message ResourceStatus
          1 name string
          2 resources []ResourceHealth
        message SELinuxOptions
          1 user string?
          2 role string?
          3 type string?
          4 level string?
        message ScaleIOPersistentVolumeSource
          1 gateway string
          2 system string
          3 secretRef *SecretReference
          4 sslEnabled bool?
          5 protectionDomain string?
          6 storagePool string?
          7 storageMode string?
          8 volumeName string?
          9 fsType string?
          10 readOnly bool?
        message ScaleIOVolumeSource
          1 gateway string
          2 system string
          3 secretRef *LocalObjectReference
          4 sslEnabled bool?
          5 protectionDomain string?
          6 storagePool string?
          7 storageMode string?
          8 volumeName string?
          9 fsType string?
          10 readOnly bool?
        message SeccompProfile
          1 type string
          2 localhostProfile *string
        kind Secret
          1 metadata meta.v1.ObjectMeta
          2 data map[string]bytes
          3 type string?
          4 stringData map[string]string
          5 immutable *bool
        message SecretEnvSource
          1 localObjectReference LocalObjectReference inline
          2 optional *bool
        message SecretKeySelector
          1 localObjectReference LocalObjectReference inline
          2 key string
          3 optional *bool
        kind SecretList
          1 metadata meta.v1.ListMeta
          2 items []Secret
        message SecretProjection
          1 localObjectReference LocalObjectReference inline
          2 items []KeyToPath
          4 optional *bool
        message SecretReference
          1 name string?
          2 namespace string?
        message SecretVolumeSource
          1 secretName string?
          2 items []KeyToPath
          3 defaultMode *int32
          4 optional *bool
          5 defaultUser *int64
        message SecurityContext
          1 capabilities *Capabilities
          2 privileged *bool
          3 seLinuxOptions *SELinuxOptions
          4 runAsUser *int64
          5 runAsNonRoot *bool
          6 readOnlyRootFilesystem *bool
          7 allowPrivilegeEscalation *bool
          8 runAsGroup *int64
          9 procMount *string
          10 windowsOptions *WindowsSecurityContextOptions
          11 seccompProfile *SeccompProfile
          12 appArmorProfile *AppArmorProfile
        kind Service
          1 metadata meta.v1.ObjectMeta
          2 spec ServiceSpec
          3 status ServiceStatus
        kind ServiceAccount
          1 metadata meta.v1.ObjectMeta
          2 secrets []ObjectReference
          3 imagePullSecrets []LocalObjectReference
          4 automountServiceAccountToken *bool
        kind ServiceAccountList
          1 metadata meta.v1.ListMeta
          2 items []ServiceAccount
        message ServiceAccountTokenProjection
          1 audience string?
          2 expirationSeconds *int64
          3 path string
          4 user *int64
        kind ServiceList
          1 metadata meta.v1.ListMeta
          2 items []Service
        message ServicePort
          1 name string?
          2 protocol string?
          3 port int32
          4 targetPort IntOrString
          5 nodePort int32?
          6 appProtocol *string
        message ServiceSpec
          1 ports []ServicePort
          2 selector map[string]string
          3 clusterIP string?
          4 type string?
          5 externalIPs []string
          7 sessionAffinity string?
          8 loadBalancerIP string?
          9 loadBalancerSourceRanges []string
          10 externalName string?
          11 externalTrafficPolicy string?
          12 healthCheckNodePort int32?
          13 publishNotReadyAddresses bool?
          14 sessionAffinityConfig *SessionAffinityConfig
          17 ipFamilyPolicy *string
          18 clusterIPs []string
          19 ipFamilies []string
          20 allocateLoadBalancerNodePorts *bool
          21 loadBalancerClass *string
          22 internalTrafficPolicy *string
          23 trafficDistribution *string
        message ServiceStatus
          1 loadBalancer LoadBalancerStatus
          2 conditions []meta.v1.Condition
        message SessionAffinityConfig
          1 clientIP *ClientIPConfig
        message SleepAction
          1 seconds int64
        message StorageOSPersistentVolumeSource
          1 volumeName string?
          2 volumeNamespace string?
          3 fsType string?
          4 readOnly bool?
          5 secretRef *ObjectReference
        message StorageOSVolumeSource
          1 volumeName string?
          2 volumeNamespace string?
          3 fsType string?
          4 readOnly bool?
          5 secretRef *LocalObjectReference
        message Sysctl
          1 name string
          2 value string
        message TCPSocketAction
          1 port IntOrString
          2 host string?
        message Taint
          1 key string
          2 value string?
          3 effect string
          4 timeAdded *Time
        message Toleration
          1 key string?
          2 operator string?
          3 value string?
          4 effect string?
          5 tolerationSeconds *int64
        message TopologySpreadConstraint
          1 maxSkew int32
          2 topologyKey string
          3 whenUnsatisfiable string
          4 labelSelector *meta.v1.LabelSelector
          5 minDomains *int32
          6 nodeAffinityPolicy *string
          7 nodeTaintsPolicy *string
          8 matchLabelKeys []string
        message TypedLocalObjectReference
          1 apiGroup *string
          2 kind string
          3 name string
        message TypedObjectReference
          1 apiGroup *string
          2 kind string
          3 name string
          4 namespace *string
        message Volume
          1 name string
          2 volumeSource VolumeSource inline
        message VolumeDevice
          1 name string
          2 devicePath string
        message VolumeHealthCondition
          1 status string
          2 reason string
          3 message string?
        message VolumeHealthStatus
          1 healthConditions []VolumeHealthCondition
          2 lastTransitionTime Time
        message VolumeMount
          1 name string
          2 readOnly bool?
          3 mountPath string
          4 subPath string?
          5 mountPropagation *string
          6 subPathExpr string?
          7 recursiveReadOnly *string
          8 bindMountOptions []string
        message VolumeMountStatus
          1 name string
          2 mountPath string
          3 readOnly bool?
          4 recursiveReadOnly *string
          5 volumeStatus *VolumeStatus
        message VolumeNodeAffinity
          1 required *NodeSelector
        message VolumeProjection
          1 secret *SecretProjection
          2 downwardAPI *DownwardAPIProjection
          3 configMap *ConfigMapProjection
          4 serviceAccountToken *ServiceAccountTokenProjection
          5 clusterTrustBundle *ClusterTrustBundleProjection
          6 podCertificate *PodCertificateProjection
        message VolumeResourceRequirements
          1 limits map[string]Quantity
          2 requests map[string]Quantity
        message VolumeSource
          1 hostPath *HostPathVolumeSource
          2 emptyDir *EmptyDirVolumeSource
          3 gcePersistentDisk *GCEPersistentDiskVolumeSource
          4 awsElasticBlockStore *AWSElasticBlockStoreVolumeSource
          5 gitRepo *GitRepoVolumeSource
          6 secret *SecretVolumeSource
          7 nfs *NFSVolumeSource
          8 iscsi *ISCSIVolumeSource
          9 glusterfs *GlusterfsVolumeSource
          10 persistentVolumeClaim *PersistentVolumeClaimVolumeSource
          11 rbd *RBDVolumeSource
          12 flexVolume *FlexVolumeSource
          13 cinder *CinderVolumeSource
          14 cephfs *CephFSVolumeSource
          15 flocker *FlockerVolumeSource
          16 downwardAPI *DownwardAPIVolumeSource
          17 fc *FCVolumeSource
          18 azureFile *AzureFileVolumeSource
          19 configMap *ConfigMapVolumeSource
          20 vsphereVolume *VsphereVirtualDiskVolumeSource
          21 quobyte *QuobyteVolumeSource
          22 azureDisk *AzureDiskVolumeSource
          23 photonPersistentDisk *PhotonPersistentDiskVolumeSource
          24 portworxVolume *PortworxVolumeSource
          25 scaleIO *ScaleIOVolumeSource
          26 projected *ProjectedVolumeSource
          27 storageos *StorageOSVolumeSource
          28 csi *CSIVolumeSource
          29 ephemeral *EphemeralVolumeSource
          30 image *ImageVolumeSource
        message VolumeStatus
          1 image *ImageVolumeStatus
        message VsphereVirtualDiskVolumeSource
          1 volumePath string
          2 fsType string?
          3 storagePolicyName string?
          4 storagePolicyID string?
        message WeightedPodAffinityTerm
          1 weight int32
          2 podAffinityTerm PodAffinityTerm
        message WindowsSecurityContextOptions
          1 gmsaCredentialSpecName *string
          2 gmsaCredentialSpec *string
          3 runAsUserName *string
          4 hostProcess *bool
        """;
}
