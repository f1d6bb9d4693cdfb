using System.Text;
using System.Text.Json.Nodes;
using k8s.Models;
using Skiff.Api.FieldManagement;

namespace Skiff.Api.Tests.FieldManagement;

public class FieldManagerTests
{
    private static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime T1 = T0.AddSeconds(5);

    private static readonly FieldManager Deployments = new(FieldSchema.For(typeof(V1Deployment)), "apps/v1", null, hasStatusSubresource: true);
    private static readonly FieldManager ConfigMaps = new(FieldSchema.For(typeof(V1ConfigMap)), "v1", null, hasStatusSubresource: false);

    private const string Deployment =
        "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web','namespace':'default','labels':{'app':'web'}}," +
        "'spec':{'replicas':3,'selector':{'matchLabels':{'app':'web'}},'template':{'metadata':{'labels':{'app':'web'}}," +
        "'spec':{'containers':[{'name':'nginx','image':'nginx:1.1','ports':[{'containerPort':80,'protocol':'TCP'}]}]}}}}";

    private static JsonObject Json(string text) => (JsonObject)JsonNode.Parse(text.Replace('\'', '"'))!;

    private static string Fields(ManagedFieldSets managed, ManagerIdentity id) =>
        Encoding.UTF8.GetString(managed[id]!.Set.ToFieldsV1Bytes()).Replace('"', '\'');

    [Fact]
    public void A_create_owns_every_field_it_sets_with_dots_only_on_nodes_the_zero_object_lacks()
    {
        var schema = FieldSchema.For(typeof(V1Deployment));
        var managed = Deployments.Update(schema.ZeroObject(), Json(Deployment), new ManagedFieldSets(), "kubectl-create", T0);
        var id = ManagerIdentity.ForUpdate("kubectl-create", "apps/v1", null);
        Assert.Equal(
            "{'f:metadata':{'f:labels':{'.':{},'f:app':{}}},'f:spec':{'f:replicas':{},'f:selector':{},'f:template':{'f:metadata':{'f:labels':{'.':{},'f:app':{}}}," +
            "'f:spec':{'f:containers':{'k:{\\'name\\':\\'nginx\\'}':{'.':{},'f:image':{},'f:name':{},'f:ports':{'.':{},'k:{\\'containerPort\\':80,\\'protocol\\':\\'TCP\\'}':{'.':{},'f:containerPort':{},'f:protocol':{}}}}}}}}}",
            Fields(managed, id));
        Assert.Equal(T0, managed[id]!.Time);
    }

    [Fact]
    public void An_update_takes_the_fields_it_changes_from_an_applier()
    {
        // Upstream's TestApplyManagedFields: an applier, then two merge patches by "updater".
        var applied = ConfigMaps.Apply(Json("{}"), Json("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'cm','labels':{'test-label':'test'}},'data':{'key':'value'}}"),
            new ManagedFieldSets(), "apply_test", force: false, T0);
        var afterFirst = Json(applied.Merged.ToJsonString());
        afterFirst["data"]!["new-key"] = "value";
        var managed = ConfigMaps.Update(applied.Merged, afterFirst, applied.Managed, "updater", T0);
        var afterSecond = Json(afterFirst.ToJsonString());
        afterSecond["data"]!["key"] = "new value";
        managed = ConfigMaps.Update(afterFirst, afterSecond, managed, "updater", T1);

        Assert.Equal("{'f:metadata':{'f:labels':{'f:test-label':{}}}}", Fields(managed, ManagerIdentity.ForApply("apply_test", null)));
        var updater = ManagerIdentity.ForUpdate("updater", "v1", null);
        Assert.Equal("{'f:data':{'f:key':{},'f:new-key':{}}}", Fields(managed, updater));
        Assert.Equal(T1, managed[updater]!.Time);
    }

    [Fact]
    public void An_update_that_changes_nothing_records_nothing()
    {
        var live = Json(Deployment);
        var managed = Deployments.Update(live, Json(Deployment), new ManagedFieldSets(), "kubectl-edit", T0);
        Assert.Equal(0, managed.Count);
    }

    [Fact]
    public void An_apply_that_changes_a_field_another_manager_set_conflicts_with_upstreams_message()
    {
        var live = Json(Deployment);
        var created = Deployments.Update(FieldSchema.For(typeof(V1Deployment)).ZeroObject(), live, new ManagedFieldSets(), "kubectl-client-side-apply", T0);
        var config = Json(Deployment.Replace("'replicas':3", "'replicas':5", StringComparison.Ordinal));

        var conflict = Assert.Throws<ApplyConflictException>(() => Deployments.Apply(live, config, created, "kubectl", force: false, T1));
        Assert.Equal("Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\" using apps/v1: .spec.replicas", conflict.Message);
        var only = Assert.Single(conflict.Conflicts);
        Assert.Equal(".spec.replicas", only.Field);
        Assert.Equal("\"kubectl-client-side-apply\" using apps/v1", only.Manager.Describe());
    }

    [Fact]
    public void Several_conflicts_are_listed_per_manager()
    {
        var live = Json(Deployment);
        var created = Deployments.Update(FieldSchema.For(typeof(V1Deployment)).ZeroObject(), live, new ManagedFieldSets(), "creator", T0);
        var config = Json(Deployment.Replace("'replicas':3", "'replicas':5", StringComparison.Ordinal).Replace("nginx:1.1", "nginx:1.2", StringComparison.Ordinal));

        var conflict = Assert.Throws<ApplyConflictException>(() => Deployments.Apply(live, config, created, "applier", force: false, T1));
        Assert.Equal(
            "Apply failed with 2 conflicts: conflicts with \"creator\" using apps/v1:\n- .spec.replicas\n- .spec.template.spec.containers[name=\"nginx\"].image",
            conflict.Message);
    }

    [Fact]
    public void Force_takes_the_field_over_and_the_same_value_is_shared_without_conflict()
    {
        var live = Json(Deployment);
        var created = Deployments.Update(FieldSchema.For(typeof(V1Deployment)).ZeroObject(), live, new ManagedFieldSets(), "creator", T0);

        var shared = Deployments.Apply(live, Json(Deployment), created, "applier", force: false, T1);
        Assert.False(shared.Changed);
        Assert.Contains("f:replicas", Fields(shared.Managed, ManagerIdentity.ForUpdate("creator", "apps/v1", null)), StringComparison.Ordinal);
        Assert.Contains("f:replicas", Fields(shared.Managed, ManagerIdentity.ForApply("applier", null)), StringComparison.Ordinal);

        var forced = Deployments.Apply(live, Json(Deployment.Replace("'replicas':3", "'replicas':5", StringComparison.Ordinal)), shared.Managed, "applier", force: true, T1);
        Assert.Equal(5, forced.Merged["spec"]!["replicas"]!.GetValue<int>());
        Assert.DoesNotContain("f:replicas", Fields(forced.Managed, ManagerIdentity.ForUpdate("creator", "apps/v1", null)), StringComparison.Ordinal);
    }

    [Fact]
    public void Fields_dropped_from_the_configuration_are_removed_unless_another_manager_owns_them()
    {
        var cm = "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'cm','labels':{'a':'1','b':'2'}},'data':{'k':'v'}}";
        var first = ConfigMaps.Apply(Json("{}"), Json(cm), new ManagedFieldSets(), "applier", force: false, T0);
        var withOther = ConfigMaps.Apply(first.Merged, Json("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'cm','labels':{'b':'2'}}}"),
            first.Managed, "other", force: false, T0);

        var second = ConfigMaps.Apply(withOther.Merged, Json("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'cm'},'data':{'k':'v'}}"),
            withOther.Managed, "applier", force: false, T1);

        // "a" was the applier's alone and goes; "b" stays because "other" applied it too.
        Assert.Equal("{\"b\":\"2\"}", second.Merged["metadata"]!["labels"]!.ToJsonString());
        Assert.True(second.Changed);
    }

    [Fact]
    public void Removing_a_container_port_from_the_configuration_removes_it()
    {
        // Upstream's TestApplyRemoveContainerPort.
        var first = Deployments.Apply(FieldSchema.For(typeof(V1Deployment)).ZeroObject(), Json(Deployment), new ManagedFieldSets(), "apply_test", false, T0);
        var withoutPort = Json(Deployment.Replace(",'ports':[{'containerPort':80,'protocol':'TCP'}]", "", StringComparison.Ordinal));
        var second = Deployments.Apply(first.Merged, withoutPort, first.Managed, "apply_test", false, T1);
        Assert.Null(second.Merged["spec"]!["template"]!["spec"]!["containers"]![0]!["ports"]);
    }

    [Fact]
    public void Applying_the_same_configuration_again_changes_nothing_and_keeps_the_time()
    {
        var first = Deployments.Apply(FieldSchema.For(typeof(V1Deployment)).ZeroObject(), Json(Deployment), new ManagedFieldSets(), "kubectl", false, T0);
        var again = Deployments.Apply(first.Merged, Json(Deployment), first.Managed, "kubectl", false, T1);
        Assert.False(again.Changed);
        Assert.Equal(T0, again.Managed[ManagerIdentity.ForApply("kubectl", null)]!.Time);
        Assert.True(again.Managed.SameFieldsAs(first.Managed));
    }

    [Fact]
    public void An_applied_set_owns_leaves_items_and_map_entries_but_not_the_structs_leading_to_them()
    {
        var first = Deployments.Apply(FieldSchema.For(typeof(V1Deployment)).ZeroObject(), Json(Deployment), new ManagedFieldSets(), "kubectl", false, T0);
        Assert.Equal(
            "{'f:metadata':{'f:labels':{'f:app':{}}},'f:spec':{'f:replicas':{},'f:selector':{},'f:template':{'f:metadata':{'f:labels':{'f:app':{}}}," +
            "'f:spec':{'f:containers':{'k:{\\'name\\':\\'nginx\\'}':{'.':{},'f:image':{},'f:name':{},'f:ports':{'k:{\\'containerPort\\':80,\\'protocol\\':\\'TCP\\'}':{'.':{},'f:containerPort':{},'f:protocol':{}}}}}}}}}",
            Fields(first.Managed, ManagerIdentity.ForApply("kubectl", null)));
    }

    [Fact]
    public void Keyed_lists_merge_by_key_and_keep_unmentioned_live_items()
    {
        var live = Json("{'spec':{'template':{'spec':{'containers':[{'name':'a','image':'a:1'},{'name':'b','image':'b:1'}]}}}}");
        var config = Json("{'apiVersion':'apps/v1','kind':'Deployment','spec':{'template':{'spec':{'containers':[{'name':'b','image':'b:2'},{'name':'c','image':'c:1'}]}}}}");
        var merged = Deployments.Apply(live, config, new ManagedFieldSets(), "m", false, T0).Merged;
        Assert.Equal(
            "[{\"name\":\"a\",\"image\":\"a:1\"},{\"name\":\"b\",\"image\":\"b:2\"},{\"name\":\"c\",\"image\":\"c:1\"}]",
            merged["spec"]!["template"]!["spec"]!["containers"]!.ToJsonString());
    }

    [Fact]
    public void Live_duplicates_are_kept_unless_named_and_then_replaced_by_the_one_applied_item()
    {
        const string Live = "{'spec':{'template':{'spec':{'containers':[{'name':'c','env':[{'name':'A','value':'1'},{'name':'B','value':'2'},{'name':'B','value':'3'}]}]}}}}";
        static string Env(JsonObject obj) => obj["spec"]!["template"]!["spec"]!["containers"]![0]!["env"]!.ToJsonString().Replace('"', '\'');
        static JsonObject Config(string env) =>
            Json("{'apiVersion':'apps/v1','kind':'Deployment','spec':{'template':{'spec':{'containers':[{'name':'c','env':[" + env + "]}]}}}}");

        var namesA = Deployments.Apply(Json(Live), Config("{'name':'A','value':'9'}"), new ManagedFieldSets(), "m", false, T0).Merged;
        Assert.Equal("[{'name':'A','value':'9'},{'name':'B','value':'2'},{'name':'B','value':'3'}]", Env(namesA));

        // The applied B is merged with neither live B: it alone replaces both.
        var namesB = Deployments.Apply(Json(Live), Config("{'name':'B','value':'7'}"), new ManagedFieldSets(), "m", false, T0).Merged;
        Assert.Equal("[{'name':'A','value':'1'},{'name':'B','value':'7'}]", Env(namesB));
    }

    [Fact]
    public void Atomic_values_are_replaced_whole()
    {
        var live = Json("{'spec':{'selector':{'matchLabels':{'a':'1','b':'2'}},'template':{'spec':{'tolerations':[{'key':'x'}]}}}}");
        var config = Json("{'apiVersion':'apps/v1','kind':'Deployment','spec':{'selector':{'matchLabels':{'a':'1'}},'template':{'spec':{'tolerations':[{'key':'y'}]}}}}");
        var merged = Deployments.Apply(live, config, new ManagedFieldSets(), "m", false, T0).Merged;
        Assert.Equal("{\"matchLabels\":{\"a\":\"1\"}}", merged["spec"]!["selector"]!.ToJsonString());
        Assert.Equal("[{\"key\":\"y\"}]", merged["spec"]!["template"]!["spec"]!["tolerations"]!.ToJsonString());
    }

    [Fact]
    public void The_main_endpoint_never_owns_status_and_the_status_endpoint_owns_only_status()
    {
        var withStatus = Json(Deployment);
        withStatus["status"] = Json("{'replicas':3}");
        var main = Deployments.Update(FieldSchema.For(typeof(V1Deployment)).ZeroObject(), withStatus, new ManagedFieldSets(), "m", T0);
        Assert.DoesNotContain("f:status", Fields(main, ManagerIdentity.ForUpdate("m", "apps/v1", null)), StringComparison.Ordinal);

        var statusManager = new FieldManager(FieldSchema.For(typeof(V1Deployment)), "apps/v1", "status", hasStatusSubresource: true);
        var changed = Json(withStatus.ToJsonString());
        changed["status"]!["replicas"] = 4;
        changed["spec"]!["replicas"] = 4;
        var status = statusManager.Update(withStatus, changed, new ManagedFieldSets(), "kube-controller-manager", T0);
        Assert.Equal("{'f:status':{'f:replicas':{}}}", Fields(status, ManagerIdentity.ForUpdate("kube-controller-manager", "apps/v1", "status")));
    }

    [Fact]
    public void More_than_ten_update_managers_merge_the_oldest_into_ancient_changes()
    {
        var live = Json("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'cm'},'data':{}}");
        var managed = new ManagedFieldSets();
        for (var i = 0; i < 12; i++)
        {
            var next = Json(live.ToJsonString());
            next["data"]![$"k{i}"] = "v";
            managed = ConfigMaps.Update(live, next, managed, $"manager-{i:D2}", T0.AddSeconds(i));
            live = next;
        }

        var ancient = ManagerIdentity.ForUpdate(FieldManager.AncientChanges, "v1", null);
        Assert.Equal(10, managed.Count);
        Assert.Equal("{'f:data':{'f:k0':{},'f:k1':{},'f:k2':{}}}", Fields(managed, ancient));
        Assert.Equal(T0.AddSeconds(2), managed[ancient]!.Time);
        Assert.Null(managed[ManagerIdentity.ForUpdate("manager-00", "v1", null)]);
    }

    [Fact]
    public void Kubectl_may_take_over_fields_its_client_side_configuration_set()
    {
        var lastApplied = GoJson.Encode(Json(Deployment));
        var live = Json(Deployment);
        live["metadata"]!["annotations"] = new JsonObject { [FieldManager.LastAppliedAnnotation] = lastApplied };
        var created = Deployments.Update(FieldSchema.For(typeof(V1Deployment)).ZeroObject(), live, new ManagedFieldSets(), "kubectl-client-side-apply", T0);
        var config = Json(Deployment.Replace("'replicas':3", "'replicas':5", StringComparison.Ordinal));

        Assert.Throws<ApplyConflictException>(() => Deployments.Apply(live, config, created, "someone-else", false, T1));
        var applied = Deployments.Apply(live, config, created, FieldManager.KubectlManager, false, T1);
        Assert.Equal(5, applied.Merged["spec"]!["replicas"]!.GetValue<int>());
        // The client-side annotation follows the applied configuration.
        Assert.Contains("\"replicas\":5", applied.Merged["metadata"]!["annotations"]![FieldManager.LastAppliedAnnotation]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void Managed_fields_decode_and_encode_sorted_as_upstream()
    {
        var entries = new List<V1ManagedFieldsEntry>
        {
            new() { Manager = "b", Operation = "Update", ApiVersion = "v1", FieldsType = "FieldsV1", Time = T1, FieldsV1 = JsonNode.Parse("{\"f:data\":{\"f:x\":{}}}") },
            new() { Manager = "a", Operation = "Update", ApiVersion = "v1", FieldsType = "FieldsV1", Time = T0, FieldsV1 = JsonNode.Parse("{\"f:data\":{\"f:y\":{}}}") },
            new() { Manager = "z", Operation = "Apply", ApiVersion = "v1", FieldsType = "FieldsV1", Time = T1, FieldsV1 = JsonNode.Parse("{\"f:data\":{\"f:z\":{}}}") },
        };
        var encoded = ManagedFieldSets.Decode(entries).Encode()!;
        Assert.Equal(["z", "a", "b"], encoded.Select(e => e.Manager));

        Assert.Equal("operation must be `Apply` or `Update`",
            Assert.Throws<FormatException>(() => ManagedFieldSets.Decode([new V1ManagedFieldsEntry { Operation = "Patch", ApiVersion = "v1", FieldsType = "FieldsV1" }])).Message);
        Assert.Equal("invalid fieldsType \"FieldsV2\" in managed fields entry 0",
            Assert.Throws<FormatException>(() => ManagedFieldSets.Decode([new V1ManagedFieldsEntry { Operation = "Apply", ApiVersion = "v1", FieldsType = "FieldsV2" }])).Message);
        Assert.True(ManagedFieldSets.IsReset([]));
        Assert.True(ManagedFieldSets.IsReset([new V1ManagedFieldsEntry()]));
    }

    [Theory]
    [InlineData(typeof(V1Deployment), Deployment)]
    [InlineData(typeof(V1Pod), "{'apiVersion':'v1','kind':'Pod','metadata':{'name':'p','annotations':{'a':'b'}},'spec':{'containers':[{'name':'c','image':'i','ports':[{'containerPort':80}],'resources':{},'env':[{'name':'A','value':'1'}]}],'securityContext':{},'tolerations':[{'key':'k'}]},'status':{'phase':'Pending'}}")]
    [InlineData(typeof(V1Service), "{'apiVersion':'v1','kind':'Service','metadata':{'name':'s'},'spec':{'ports':[{'port':80,'protocol':'TCP'}],'selector':{'a':'b'}},'status':{'loadBalancer':{}}}")]
    [InlineData(typeof(V1StatefulSet), "{'apiVersion':'apps/v1','kind':'StatefulSet','metadata':{'name':'s'},'spec':{'serviceName':'x','updateStrategy':{'type':'RollingUpdate'},'template':{'metadata':{},'spec':{'containers':[]}},'volumeClaimTemplates':[{'metadata':{'name':'d'}}]}}")]
    public void Reading_a_create_from_its_bytes_owns_what_comparing_with_the_zero_object_owns(Type kind, string json)
    {
        var schema = FieldSchema.For(kind);
        var fields = new FieldManager(schema, "v1", null, hasStatusSubresource: true);
        var obj = Json(json);
        var compared = fields.Update(schema.ZeroObject(), obj, new ManagedFieldSets(), "m", T0)[ManagerIdentity.ForUpdate("m", "v1", null)]!.Set;
        using var document = System.Text.Json.JsonDocument.Parse(obj.ToJsonString());
        var read = fields.CreatedFields(document.RootElement);
        Assert.True(FieldSet.SetEquals(compared, read),
            $"compared {Encoding.UTF8.GetString(compared.ToFieldsV1Bytes())}\nread     {Encoding.UTF8.GetString(read.ToFieldsV1Bytes())}");
    }
}
