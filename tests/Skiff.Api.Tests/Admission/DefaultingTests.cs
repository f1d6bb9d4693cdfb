using k8s.Models;
using Skiff.Api.Admission;
using static Skiff.Api.Tests.Admission.AdmissionFixtures;

namespace Skiff.Api.Tests.Admission;

public class DefaultingTests
{
    [Theory]
    [MemberData(nameof(ValidExamplesTests.Examples), MemberType = typeof(ValidExamplesTests))]
    public void Applying_defaults_twice_changes_nothing(string example)
    {
        var once = ValidExamplesTests.Admit(example);
        var before = Json(once);

        ObjectDefaulter.Apply(once);

        Assert.Equal(before, Json(once));
    }

    [Fact]
    public void Deployment_gets_upstream_defaults()
    {
        var deployment = Admitted<V1Deployment>(Deployment);

        var spec = deployment.Spec;
        Assert.Equal(1, spec.Replicas);
        Assert.Equal("RollingUpdate", spec.Strategy.Type);
        Assert.Equal("25%", spec.Strategy.RollingUpdate.MaxSurge.Value);
        Assert.Equal("25%", spec.Strategy.RollingUpdate.MaxUnavailable.Value);
        Assert.Equal(10, spec.RevisionHistoryLimit);
        Assert.Equal(600, spec.ProgressDeadlineSeconds);
        var pod = spec.Template.Spec;
        Assert.Equal("Always", pod.RestartPolicy);
        Assert.Equal(30, pod.TerminationGracePeriodSeconds);
        Assert.Equal("ClusterFirst", pod.DnsPolicy);
        Assert.Equal("default-scheduler", pod.SchedulerName);
        Assert.NotNull(pod.SecurityContext);
        Assert.Null(pod.EnableServiceLinks); // a Pod-only default
        var container = pod.Containers[0];
        Assert.Equal("IfNotPresent", container.ImagePullPolicy);
        Assert.Equal("/dev/termination-log", container.TerminationMessagePath);
        Assert.Equal("File", container.TerminationMessagePolicy);
        Assert.Equal("TCP", container.Ports[0].Protocol);
        Assert.Equal((1, 10, 1, 3), (container.ReadinessProbe.TimeoutSeconds, container.ReadinessProbe.PeriodSeconds, container.ReadinessProbe.SuccessThreshold, container.ReadinessProbe.FailureThreshold));
        Assert.Equal("HTTP", container.ReadinessProbe.HttpGet.Scheme);
        Assert.Equal("v1", container.Env[1].ValueFrom.FieldRef.ApiVersion);
    }

    [Fact]
    public void Recreate_strategy_gets_no_rolling_update()
    {
        var deployment = Admitted<V1Deployment>(Deployment, d => d.Spec.Strategy = new V1DeploymentStrategy { Type = "Recreate" });

        Assert.Null(deployment.Spec.Strategy.RollingUpdate);
    }

    [Theory]
    [InlineData("nginx", "Always")]
    [InlineData("nginx:latest", "Always")]
    [InlineData("nginx:1.25", "IfNotPresent")]
    [InlineData("nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "IfNotPresent")]
    [InlineData("nginx:latest@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "Always")]
    [InlineData("localhost:5000/team/app", "Always")]
    [InlineData("localhost:5000/team/app:2", "IfNotPresent")]
    [InlineData("registry.example.com/app:latest", "Always")]
    public void Image_pull_policy_follows_the_tag(string image, string expected)
    {
        var deployment = Admitted<V1Deployment>(Deployment, d => d.Spec.Template.Spec.Containers[0].Image = image);

        Assert.Equal(expected, deployment.Spec.Template.Spec.Containers[0].ImagePullPolicy);
    }

    [Fact]
    public void Explicit_values_are_kept()
    {
        var deployment = Admitted<V1Deployment>(Deployment, d =>
        {
            d.Spec.Replicas = 0;
            d.Spec.RevisionHistoryLimit = 0;
            d.Spec.Template.Spec.Containers[0].ImagePullPolicy = "Never";
        });

        Assert.Equal(0, deployment.Spec.Replicas);
        Assert.Equal(0, deployment.Spec.RevisionHistoryLimit);
        Assert.Equal("Never", deployment.Spec.Template.Spec.Containers[0].ImagePullPolicy);
    }

    [Fact]
    public void ReplicaSet_defaults_replicas()
    {
        var replicaSet = Admitted<V1ReplicaSet>(ReplicaSetWithExpressions, r => r.Spec.Replicas = null);

        Assert.Equal(1, replicaSet.Spec.Replicas);
        Assert.Equal("Always", replicaSet.Spec.Template.Spec.RestartPolicy);
    }

    [Fact]
    public void ReplicationController_takes_selector_and_labels_from_template()
    {
        var controller = Admitted<V1ReplicationController>(NginxReplicationController, r => { r.Spec.Selector = null; r.Spec.Replicas = null; });

        Assert.Equal(new Dictionary<string, string> { ["app"] = "nginx" }, controller.Spec.Selector);
        Assert.Equal(new Dictionary<string, string> { ["app"] = "nginx" }, controller.Metadata.Labels);
        Assert.Equal(1, controller.Spec.Replicas);
    }

    [Fact]
    public void StatefulSet_gets_upstream_defaults()
    {
        var statefulSet = Admitted<V1StatefulSet>(StatefulSet, s => s.Spec.Replicas = null);

        var spec = statefulSet.Spec;
        Assert.Equal(1, spec.Replicas);
        Assert.Equal("OrderedReady", spec.PodManagementPolicy);
        Assert.Equal("RollingUpdate", spec.UpdateStrategy.Type);
        Assert.Equal(0, spec.UpdateStrategy.RollingUpdate.Partition);
        Assert.Equal(10, spec.RevisionHistoryLimit);
        Assert.Equal(("Retain", "Retain"), (spec.PersistentVolumeClaimRetentionPolicy.WhenDeleted, spec.PersistentVolumeClaimRetentionPolicy.WhenScaled));
        Assert.Equal("Filesystem", spec.VolumeClaimTemplates[0].Spec.VolumeMode);
        Assert.Equal("Pending", spec.VolumeClaimTemplates[0].Status.Phase);
        Assert.Equal("IfNotPresent", spec.Template.Spec.Containers[0].ImagePullPolicy);
    }

    [Fact]
    public void OnDelete_statefulset_gets_no_partition()
    {
        var statefulSet = Admitted<V1StatefulSet>(StatefulSet, s => s.Spec.UpdateStrategy = new V1StatefulSetUpdateStrategy { Type = "OnDelete" });

        Assert.Null(statefulSet.Spec.UpdateStrategy.RollingUpdate);
    }

    [Fact]
    public void Pod_gets_pod_only_defaults()
    {
        var pod = Admitted<V1Pod>(Pod);

        Assert.True(pod.Spec.EnableServiceLinks);
        var container = pod.Spec.Containers[0];
        Assert.Equal("Always", container.ImagePullPolicy);
        Assert.Equal("1", container.Resources.Requests["cpu"].ToString());
        Assert.Equal("1Gi", container.Resources.Requests["memory"].ToString());
    }

    [Fact]
    public void Pod_template_limits_are_not_copied_to_requests()
    {
        var deployment = Admitted<V1Deployment>(Deployment, d => d.Spec.Template.Spec.Containers[0].Resources.Requests = null);

        Assert.Null(deployment.Spec.Template.Spec.Containers[0].Resources.Requests);
    }

    [Fact]
    public void Volumes_get_source_and_mode_defaults()
    {
        var deployment = Admitted<V1Deployment>(Deployment, d => d.Spec.Template.Spec.Volumes =
        [
            new V1Volume { Name = "scratch" },
            new V1Volume { Name = "cfg", ConfigMap = new V1ConfigMapVolumeSource { Name = "settings" } },
            new V1Volume { Name = "creds", Secret = new V1SecretVolumeSource { SecretName = "creds" } },
        ]);

        var volumes = deployment.Spec.Template.Spec.Volumes;
        Assert.NotNull(volumes[0].EmptyDir);
        Assert.Equal(420, volumes[1].ConfigMap.DefaultMode);
        Assert.Equal(420, volumes[2].Secret.DefaultMode);
    }

    [Fact]
    public void ClusterIP_service_gets_upstream_defaults()
    {
        var service = Admitted<V1Service>(Service, s => s.Spec.Ports[0].TargetPort = null);

        var spec = service.Spec;
        Assert.Equal("ClusterIP", spec.Type);
        Assert.Equal("None", spec.SessionAffinity);
        Assert.Equal("TCP", spec.Ports[0].Protocol);
        Assert.Equal("80", spec.Ports[0].TargetPort.Value);
        Assert.Equal("Cluster", spec.InternalTrafficPolicy);
        Assert.Null(spec.ExternalTrafficPolicy);
        Assert.Equal("SingleStack", spec.IpFamilyPolicy);
        Assert.Equal(["IPv4"], spec.IpFamilies);
    }

    [Fact]
    public void NodePort_service_gets_external_traffic_policy()
    {
        var service = Admitted<V1Service>(Service, s => s.Spec.Type = "NodePort");

        Assert.Equal("Cluster", service.Spec.ExternalTrafficPolicy);
    }

    [Fact]
    public void LoadBalancer_service_allocates_node_ports_by_default()
    {
        var service = Admitted<V1Service>(Service, s => s.Spec.Type = "LoadBalancer");

        Assert.Equal("Cluster", service.Spec.ExternalTrafficPolicy);
        Assert.True(service.Spec.AllocateLoadBalancerNodePorts);
    }

    [Fact]
    public void Headless_service_mirrors_clusterIP()
    {
        var service = Admitted<V1Service>(HeadlessService);

        Assert.Equal(["None"], service.Spec.ClusterIPs);
        Assert.Equal("SingleStack", service.Spec.IpFamilyPolicy);
    }

    [Fact]
    public void Headless_service_without_selector_requires_dual_stack()
    {
        var service = Admitted<V1Service>(HeadlessService, s => s.Spec.Selector = null);

        Assert.Equal("RequireDualStack", service.Spec.IpFamilyPolicy);
        Assert.Equal(["IPv4"], service.Spec.IpFamilies);
    }

    [Fact]
    public void ClientIP_affinity_gets_default_timeout()
    {
        var service = Admitted<V1Service>(Service, s => s.Spec.SessionAffinity = "ClientIP");

        Assert.Equal(10800, service.Spec.SessionAffinityConfig.ClientIP.TimeoutSeconds);
    }

    [Fact]
    public void ExternalName_service_gets_no_ip_families()
    {
        var service = Admitted<V1Service>(Service, s => { s.Spec.Type = "ExternalName"; s.Spec.ExternalName = "db.example.com"; s.Spec.Ports = null; });

        Assert.Null(service.Spec.IpFamilyPolicy);
        Assert.Null(service.Spec.InternalTrafficPolicy);
        Assert.Empty(ObjectValidator.ValidateCreate(service));
    }

    [Fact]
    public void Hpa_gets_min_replicas_and_cpu_metric()
    {
        var hpa = Admitted<V2HorizontalPodAutoscaler>(HorizontalPodAutoscaler, h => { h.Spec.MinReplicas = null; h.Spec.Metrics = null; h.Spec.Behavior = null; });

        Assert.Equal(1, hpa.Spec.MinReplicas);
        var metric = Assert.Single(hpa.Spec.Metrics);
        Assert.Equal(("Resource", "cpu", "Utilization", 80), (metric.Type, metric.Resource.Name, metric.Resource.Target.Type, metric.Resource.Target.AverageUtilization));
        Assert.Null(hpa.Spec.Behavior);
    }

    [Fact]
    public void Hpa_behavior_is_completed_with_upstream_rules()
    {
        var hpa = Admitted<V2HorizontalPodAutoscaler>(HorizontalPodAutoscaler);

        var up = hpa.Spec.Behavior.ScaleUp;
        Assert.Equal(("Max", 0), (up.SelectPolicy, up.StabilizationWindowSeconds));
        Assert.Equal([("Pods", 4, 15), ("Percent", 100, 15)], up.Policies.Select(p => (p.Type, p.Value, p.PeriodSeconds)));
        var down = hpa.Spec.Behavior.ScaleDown;
        Assert.Equal(("Max", 300), (down.SelectPolicy, down.StabilizationWindowSeconds));
        Assert.Equal([("Pods", 1, 60)], down.Policies.Select(p => (p.Type, p.Value, p.PeriodSeconds)));
    }

    [Fact]
    public void Hpa_v1_gets_min_replicas()
    {
        var hpa = Admitted<V1HorizontalPodAutoscaler>("""{"metadata":{"name":"web","namespace":"default"},"spec":{"scaleTargetRef":{"kind":"Deployment","name":"web"},"maxReplicas":5}}""");

        Assert.Equal(1, hpa.Spec.MinReplicas);
        Assert.Empty(ObjectValidator.ValidateCreate(hpa));
    }

    [Fact]
    public void Namespace_gets_name_label_and_active_phase()
    {
        var ns = Admitted<V1Namespace>(Namespace);

        Assert.Equal("team-a", ns.Metadata.Labels["kubernetes.io/metadata.name"]);
        Assert.Equal("Active", ns.Status.Phase);
        Assert.Null(ns.Spec?.Finalizers);
    }

    [Fact]
    public void New_namespace_gets_the_kubernetes_finalizer_once()
    {
        var ns = Parse<V1Namespace>(Namespace);

        ObjectDefaulter.ApplyForCreate(ns);
        ObjectDefaulter.ApplyForCreate(ns);

        Assert.Equal(["kubernetes"], ns.Spec.Finalizers);
        Assert.Empty(ObjectValidator.ValidateCreate(ns));
    }

    [Fact]
    public void Secret_defaults_to_opaque_and_folds_string_data()
    {
        var secret = Admitted<V1Secret>("""{"metadata":{"name":"s","namespace":"default"},"data":{"a":"YQ=="},"stringData":{"a":"override","b":"bee"}}""");

        Assert.Equal("Opaque", secret.Type);
        Assert.Null(secret.StringData);
        Assert.Equal("override"u8.ToArray(), secret.Data["a"]);
        Assert.Equal("bee"u8.ToArray(), secret.Data["b"]);
    }

    [Fact]
    public void Claim_gets_filesystem_volume_mode()
    {
        var claim = Admitted<V1PersistentVolumeClaim>("""{"metadata":{"name":"data","namespace":"default"},"spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}}""");

        Assert.Equal("Filesystem", claim.Spec.VolumeMode);
        Assert.Equal("Pending", claim.Status.Phase);
        Assert.Empty(ObjectValidator.ValidateCreate(claim));
    }

    [Fact]
    public void Kinds_without_defaults_are_untouched()
    {
        var lease = new V1Lease { Metadata = new V1ObjectMeta { Name = "l" } };
        var before = Json(lease);

        ObjectDefaulter.Apply(lease);

        Assert.Equal(before, Json(lease));
    }
}
