using k8s.Models;
using Skiff.Api.Admission;
using static Skiff.Api.Tests.Admission.AdmissionFixtures;

namespace Skiff.Api.Tests.Admission;

public class UpdateValidationTests
{
    private static IReadOnlyList<FieldError> Update<T>(string json, Action<T> edit)
    {
        var old = Admitted<T>(json);
        var updated = Admitted(json, edit);
        return ObjectValidator.ValidateUpdate(updated!, old!);
    }

    [Fact]
    public void Deployment_selector_is_immutable()
    {
        var errors = Update<V1Deployment>(Deployment, d =>
        {
            d.Spec.Selector.MatchLabels["tier"] = "front";
            d.Spec.Template.Metadata.Labels["tier"] = "front";
        });

        Assert.Equal(
            [new FieldError("FieldValueInvalid", "spec.selector",
                "Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"web\", \"tier\":\"front\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable")],
            errors);
    }

    [Fact]
    public void Deployment_template_and_replicas_may_change()
    {
        var errors = Update<V1Deployment>(Deployment, d =>
        {
            d.Spec.Replicas = 5;
            d.Spec.Template.Spec.Containers[0].Image = "nginx:1.27";
        });

        Assert.Empty(errors);
    }

    [Fact]
    public void Update_still_validates_the_new_spec()
    {
        var errors = Update<V1Deployment>(Deployment, d => d.Spec.Replicas = -2);

        Assert.Equal([new FieldError("FieldValueInvalid", "spec.replicas", "Invalid value: -2: must be greater than or equal to 0")], errors);
    }

    [Fact]
    public void ReplicaSet_selector_is_immutable()
    {
        var errors = Update<V1ReplicaSet>(ReplicaSetWithExpressions, r => r.Spec.Selector.MatchExpressions[0].Values.Add("dev"));

        var error = Assert.Single(errors);
        Assert.Equal(("spec.selector", "FieldValueInvalid"), (error.Field, error.Type));
        Assert.EndsWith(": field is immutable", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Selector_order_of_keys_does_not_count_as_a_change()
    {
        var old = Admitted<V1Deployment>(Deployment, d => d.Spec.Selector.MatchLabels = new Dictionary<string, string> { ["app"] = "web", ["tier"] = "a" });
        var updated = Admitted<V1Deployment>(Deployment, d => d.Spec.Selector.MatchLabels = new Dictionary<string, string> { ["tier"] = "a", ["app"] = "web" });
        old.Spec.Template.Metadata.Labels["tier"] = "a";
        updated.Spec.Template.Metadata.Labels["tier"] = "a";

        Assert.Empty(ObjectValidator.ValidateUpdate(updated, old));
    }

    [Fact]
    public void ReplicationController_selector_may_change()
    {
        var errors = Update<V1ReplicationController>(NginxReplicationController, r =>
        {
            r.Spec.Selector["track"] = "stable";
            r.Spec.Template.Metadata.Labels["track"] = "stable";
        });

        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("serviceName")]
    [InlineData("podManagementPolicy")]
    [InlineData("volumeClaimTemplates")]
    [InlineData("selector")]
    public void StatefulSet_fixed_fields_are_forbidden_to_change(string fieldName)
    {
        var errors = Update<V1StatefulSet>(StatefulSet, s =>
        {
            switch (fieldName)
            {
                case "serviceName": s.Spec.ServiceName = "db-headless"; break;
                case "podManagementPolicy": s.Spec.PodManagementPolicy = "Parallel"; break;
                case "volumeClaimTemplates": s.Spec.VolumeClaimTemplates[0].Spec.Resources.Requests["storage"] = new ResourceQuantity("2Gi"); break;
                default:
                    s.Spec.Selector.MatchLabels["tier"] = "x";
                    s.Spec.Template.Metadata.Labels["tier"] = "x";
                    break;
            }
        });

        Assert.Equal(
            [new FieldError("FieldValueForbidden", "spec",
                "Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden")],
            errors);
    }

    [Fact]
    public void StatefulSet_updatable_fields_may_change()
    {
        var errors = Update<V1StatefulSet>(StatefulSet, s =>
        {
            s.Spec.Replicas = 5;
            s.Spec.MinReadySeconds = 10;
            s.Spec.Template.Spec.Containers[0].Image = "postgres:17";
            s.Spec.UpdateStrategy = new V1StatefulSetUpdateStrategy { Type = "OnDelete" };
            s.Spec.PersistentVolumeClaimRetentionPolicy = new V1StatefulSetPersistentVolumeClaimRetentionPolicy { WhenDeleted = "Delete", WhenScaled = "Retain" };
        });

        Assert.Empty(errors);
    }

    [Fact]
    public void Service_cluster_ip_may_not_change()
    {
        var old = Admitted<V1Service>(Service, s => s.Spec.ClusterIP = "10.96.0.10");
        var updated = Admitted<V1Service>(Service, s => s.Spec.ClusterIP = "None");

        var errors = ObjectValidator.ValidateUpdate(updated, old);

        Assert.Contains(new FieldError("FieldValueInvalid", "spec.clusterIPs[0]", "Invalid value: []string{\"None\"}: may not change once set"), errors);
    }

    [Fact]
    public void Service_update_without_cluster_ip_keeps_the_stored_one()
    {
        var old = Admitted<V1Service>(Service, s => s.Spec.ClusterIP = "10.96.0.10");
        var updated = Admitted<V1Service>(Service);

        Assert.Empty(ObjectValidator.ValidateUpdate(updated, old));
    }

    [Fact]
    public void Metadata_name_is_immutable()
    {
        var errors = Update<V1ConfigMap>(ConfigMap, c => c.Metadata.Name = "other");

        Assert.Equal([new FieldError("FieldValueInvalid", "metadata.name", "Invalid value: \"other\": field is immutable")], errors);
    }

    [Fact]
    public void Metadata_uid_is_immutable_when_given()
    {
        var old = Admitted<V1ConfigMap>(ConfigMap, c => c.Metadata.Uid = "1111");
        var updated = Admitted<V1ConfigMap>(ConfigMap, c => c.Metadata.Uid = "2222");
        var omitted = Admitted<V1ConfigMap>(ConfigMap);

        Assert.Equal([new FieldError("FieldValueInvalid", "metadata.uid", "Invalid value: \"2222\": field is immutable")], ObjectValidator.ValidateUpdate(updated, old));
        Assert.Empty(ObjectValidator.ValidateUpdate(omitted, old));
    }

    [Fact]
    public void Immutable_configmap_data_may_not_change()
    {
        var old = Admitted<V1ConfigMap>(ConfigMap, c => c.Immutable = true);
        var updated = Admitted<V1ConfigMap>(ConfigMap, c => { c.Immutable = true; c.Data["LOG_LEVEL"] = "debug"; });

        Assert.Equal([new FieldError("FieldValueForbidden", "data", "Forbidden: field is immutable when `immutable` is set")], ObjectValidator.ValidateUpdate(updated, old));
    }

    [Fact]
    public void Immutable_secret_may_not_become_mutable()
    {
        var old = Admitted<V1Secret>(Secret, s => s.Immutable = true);
        var updated = Admitted<V1Secret>(Secret, s => s.Immutable = false);

        Assert.Equal([new FieldError("FieldValueForbidden", "immutable", "Forbidden: field is immutable when `immutable` is set")], ObjectValidator.ValidateUpdate(updated, old));
    }

    [Fact]
    public void Secret_type_is_immutable()
    {
        var errors = Update<V1Secret>(Secret, s => { s.Type = "kubernetes.io/basic-auth"; s.Data["username"] = [1]; });

        Assert.Equal([new FieldError("FieldValueInvalid", "type", "Invalid value: \"kubernetes.io/basic-auth\": field is immutable")], errors);
    }

    [Fact]
    public void Pod_image_may_change_but_not_the_rest()
    {
        // As with kubectl set image, the stored pull policy comes along with the patched object.
        Assert.Empty(Update<V1Pod>(Pod, p => { p.Spec.Containers[0].Image = "busybox:1.36"; p.Spec.Containers[0].ImagePullPolicy = "Always"; }));

        var error = Assert.Single(Update<V1Pod>(Pod, p => p.Spec.Containers[0].Command = ["sleep", "10"]));
        Assert.Equal(("FieldValueForbidden", "spec"), (error.Type, error.Field));
        Assert.StartsWith("Forbidden: pod updates may not change fields other than `spec.containers[*].image`", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Finalizers_may_not_be_added_while_deleting()
    {
        var old = Admitted<V1ConfigMap>(ConfigMap, c => c.Metadata.DeletionTimestamp = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        var updated = Admitted<V1ConfigMap>(ConfigMap, c =>
        {
            c.Metadata.DeletionTimestamp = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            c.Metadata.Finalizers = ["example.com/cleanup"];
        });

        Assert.Equal(
            [new FieldError("FieldValueForbidden", "metadata.finalizers", "Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{\"example.com/cleanup\"}")],
            ObjectValidator.ValidateUpdate(updated, old));
    }

    [Fact]
    public void Objects_of_different_kinds_cannot_be_compared()
    {
        Assert.Throws<ArgumentException>(() => ObjectValidator.ValidateUpdate(Admitted<V1ConfigMap>(ConfigMap), Admitted<V1Secret>(Secret)));
    }
}
