using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using k8s.Models;
using Skiff.Api.FieldManagement;

namespace Skiff.Api.Tests.FieldManagement;

/// <summary>
/// List and map semantics pinned to upstream's v1.32 OpenAPI v3 documents (x-kubernetes-list-type, -list-map-keys,
/// -map-type); the expected values were read from those documents, not from the table.
/// </summary>
public class FieldSemanticsTableTests
{
    [Theory]
    [InlineData(typeof(V1PodSpec), "containers", "name")]
    [InlineData(typeof(V1PodSpec), "volumes", "name")]
    [InlineData(typeof(V1PodSpec), "topologySpreadConstraints", "topologyKey,whenUnsatisfiable")]
    [InlineData(typeof(V1Container), "ports", "containerPort,protocol")]
    [InlineData(typeof(V1Container), "env", "name")]
    [InlineData(typeof(V1Container), "volumeMounts", "mountPath")]
    [InlineData(typeof(V1ContainerStatus), "volumeMounts", "mountPath")]
    [InlineData(typeof(V1ServiceSpec), "ports", "port,protocol")]
    [InlineData(typeof(V1PodStatus), "conditions", "type")]
    [InlineData(typeof(V1PodStatus), "podIPs", "ip")]
    [InlineData(typeof(V1DeploymentStatus), "conditions", "type")]
    [InlineData(typeof(V1NodeStatus), "addresses", "type")]
    [InlineData(typeof(V1ObjectMeta), "ownerReferences", "uid")]
    [InlineData(typeof(V1ServiceAccount), "secrets", "name")]
    public void Associative_lists_have_upstreams_keys(Type model, string field, string keys) =>
        Assert.Equal(keys.Split(','), FieldSemanticsTable.MapLists[(model, field)]);

    [Theory]
    [InlineData(typeof(V1PodSpec), "tolerations")]
    [InlineData(typeof(V1PodSpec), "readinessGates")]
    [InlineData(typeof(V1PodStatus), "hostIPs")]
    [InlineData(typeof(V1PodStatus), "containerStatuses")]
    [InlineData(typeof(V1Container), "args")]
    [InlineData(typeof(V1Container), "envFrom")]
    [InlineData(typeof(V1NodeSpec), "taints")]
    [InlineData(typeof(V1ServiceAccount), "imagePullSecrets")]
    [InlineData(typeof(V1StatefulSetSpec), "volumeClaimTemplates")]
    [InlineData(typeof(V2HorizontalPodAutoscalerSpec), "metrics")]
    [InlineData(typeof(V1LabelSelector), "matchExpressions")]
    [InlineData(typeof(V1EndpointSlice), "endpoints")]
    [InlineData(typeof(V1ObjectMeta), "managedFields")]
    public void Atomic_lists_are_neither_keyed_nor_sets(Type model, string field)
    {
        Assert.Contains((model, field), (IReadOnlySet<(Type, string)>)FieldSemanticsTable.AtomicLists);
        Assert.False(FieldSemanticsTable.MapLists.ContainsKey((model, field)));
        Assert.DoesNotContain((model, field), (IReadOnlySet<(Type, string)>)FieldSemanticsTable.SetLists);
    }

    [Fact]
    public void Sets_atomic_maps_and_atomic_structs_match_upstream()
    {
        Assert.Equal(
            [(typeof(V1Endpoint), "addresses"), (typeof(V1NodeSpec), "podCIDRs"), (typeof(V1ObjectMeta), "finalizers")],
            FieldSemanticsTable.SetLists.OrderBy(f => f.ModelType.Name, StringComparer.Ordinal));
        Assert.Equal(
            [(typeof(V1PodSpec), "nodeSelector"), (typeof(V1ReplicationControllerSpec), "selector"), (typeof(V1ServiceSpec), "selector")],
            FieldSemanticsTable.AtomicMaps.OrderBy(f => f.ModelType.Name, StringComparer.Ordinal));
        Assert.Contains((typeof(V1PersistentVolumeSpec), "claimRef"), (IReadOnlySet<(Type, string)>)FieldSemanticsTable.GranularFields);

        Type[] atomic = [typeof(V1LabelSelector), typeof(V1ObjectReference), typeof(V1OwnerReference), typeof(V1LocalObjectReference),
            typeof(V1NodeSelector), typeof(V1EndpointAddress), typeof(Discoveryv1EndpointPort), typeof(V1CrossVersionObjectReference)];
        Assert.All(atomic, t => Assert.True(FieldSemanticsTable.AtomicStructs.Contains(t), t.Name));
        Type[] granular = [typeof(V1TypedObjectReference), typeof(V2CrossVersionObjectReference), typeof(V1PodSpec), typeof(V1Toleration)];
        Assert.All(granular, t => Assert.False(FieldSemanticsTable.AtomicStructs.Contains(t), t.Name));
    }

    [Fact]
    public void Every_entry_names_a_list_or_map_field_of_its_model_and_lists_have_one_type()
    {
        var lists = FieldSemanticsTable.MapLists.Keys.Concat(FieldSemanticsTable.SetLists).Concat(FieldSemanticsTable.AtomicLists).ToList();
        Assert.Equal(lists.Count, lists.Distinct().Count());
        Assert.All(lists, f => Assert.True(IsList(PropertyType(f.ModelType, f.JsonField)), $"{f.ModelType.Name}.{f.JsonField} is not a list"));
        Assert.All(FieldSemanticsTable.AtomicMaps, f => Assert.True(IsMap(PropertyType(f.ModelType, f.JsonField)), $"{f.ModelType.Name}.{f.JsonField} is not a map"));
        Assert.All(FieldSemanticsTable.GranularFields, f => Assert.NotNull(PropertyType(f.ModelType, f.JsonField)));
        Assert.All(FieldSemanticsTable.MapLists, entry =>
        {
            var element = PropertyType(entry.Key.ModelType, entry.Key.JsonField)!.GetGenericArguments()[0];
            Assert.All(entry.Value, key => Assert.NotNull(PropertyType(element, key)));
        });
    }

    [Fact]
    public void Server_side_apply_owns_host_ips_whole_and_pod_ips_by_ip()
    {
        var schema = FieldSchema.For(typeof(V1Pod));
        var fields = new FieldManager(schema, "v1", "status", hasStatusSubresource: true);
        var live = (JsonObject)JsonNode.Parse("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"i"}]},"status":{}}""")!;
        var updated = (JsonObject)live.DeepClone();
        updated["status"] = JsonNode.Parse("""{"hostIPs":[{"ip":"10.0.0.1"}],"podIPs":[{"ip":"10.1.0.5"}]}""");

        var managed = fields.Update(live, updated, new ManagedFieldSets(), "kubelet", DateTime.UnixEpoch);

        Assert.Equal(
            """{"f:status":{"f:hostIPs":{},"f:podIPs":{".":{},"k:{\"ip\":\"10.1.0.5\"}":{".":{},"f:ip":{}}}}}""",
            Encoding.UTF8.GetString(managed[ManagerIdentity.ForUpdate("kubelet", "v1", "status")]!.Set.ToFieldsV1Bytes()));
    }

    private static Type? PropertyType(Type model, string jsonName) => model.GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .FirstOrDefault(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name == jsonName)?.PropertyType;

    private static bool IsList(Type? type) =>
        type is { IsGenericType: true } && type.GetGenericArguments().Length == 1 && typeof(System.Collections.IEnumerable).IsAssignableFrom(type);

    private static bool IsMap(Type? type) =>
        type is { IsGenericType: true } && type.GetGenericArguments() is [var key, _] && key == typeof(string);

    [Fact]
    public void A_persistent_volume_claim_ref_is_granular_while_object_references_elsewhere_stay_atomic()
    {
        var claimRef = FieldSchema.For(typeof(V1PersistentVolume)).Field("spec")!.Field("claimRef")!;
        var involvedObject = FieldSchema.For(typeof(Corev1Event)).Field("involvedObject")!;

        Assert.False(claimRef.IsAtomic);
        Assert.True(involvedObject.IsAtomic);
    }
}
