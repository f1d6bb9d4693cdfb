using System.Text.Json.Nodes;
using Skiff.Api.OpenApi;
using Skiff.Api.Resources;

namespace Skiff.Api.Tests.OpenApi;

/// <summary>
/// Required lists and defaults pinned to what kube-apiserver v1.32 publishes at /openapi/v3 for the same schemas
/// (the expected values below were read from those documents, not from this generator).
/// </summary>
public class UpstreamSchemaParityTests
{
    private static readonly OpenApiV3Builder Builder = new(ResourceRegistry.CreateDefault());
    private static readonly Dictionary<string, JsonObject> Documents = [];

    // Fields the client models carry from Kubernetes releases after v1.32; v1.32 has no schema for them.
    private static readonly Dictionary<string, string[]> NewerThanV132 = new()
    {
        ["io.k8s.api.core.v1.Container"] = ["restartPolicyRules"],
        ["io.k8s.api.core.v1.PodSpec"] = ["evictionResponders", "hostnameOverride", "schedulingGroup"],
    };

    // Defaults are "property=json" for the property itself and "property.items=json" or
    // "property.additionalProperties=json" for the elements of a list or map, separated by ';'.
    [Theory]
    [InlineData("apis/apps/v1", "io.k8s.api.apps.v1.DeploymentSpec", "selector,template", "strategy={};template={}")]
    [InlineData("apis/apps/v1", "io.k8s.api.apps.v1.DeploymentStrategy", "", "")]
    [InlineData("apis/apps/v1", "io.k8s.api.apps.v1.RollingUpdateDeployment", "", "")]
    [InlineData("apis/apps/v1", "io.k8s.api.apps.v1.StatefulSetSpec", "selector,serviceName,template",
        "serviceName=\"\";template={};updateStrategy={};volumeClaimTemplates.items={}")]
    [InlineData("apis/apps/v1", "io.k8s.api.apps.v1.StatefulSetUpdateStrategy", "", "")]
    [InlineData("apis/apps/v1", "io.k8s.api.apps.v1.ControllerRevision", "revision", "metadata={};revision=0")]
    [InlineData("apis/autoscaling/v2", "io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerSpec", "maxReplicas,scaleTargetRef",
        "maxReplicas=0;metrics.items={};scaleTargetRef={}")]
    [InlineData("apis/autoscaling/v2", "io.k8s.api.autoscaling.v2.MetricSpec", "type", "type=\"\"")]
    [InlineData("apis/autoscaling/v2", "io.k8s.api.autoscaling.v2.ObjectMetricSource", "describedObject,metric,target",
        "describedObject={};metric={};target={}")]
    [InlineData("api/v1", "io.k8s.api.core.v1.Container", "name",
        "args.items=\"\";command.items=\"\";env.items={};envFrom.items={};name=\"\";ports.items={};resizePolicy.items={};resources={};volumeDevices.items={};volumeMounts.items={}")]
    [InlineData("api/v1", "io.k8s.api.core.v1.ContainerPort", "containerPort", "containerPort=0;protocol=\"TCP\"")]
    [InlineData("api/v1", "io.k8s.api.core.v1.ServicePort", "port", "port=0;protocol=\"TCP\"")]
    [InlineData("api/v1", "io.k8s.api.core.v1.ServiceSpec", "",
        "clusterIPs.items=\"\";externalIPs.items=\"\";ipFamilies.items=\"\";loadBalancerSourceRanges.items=\"\";ports.items={};selector.additionalProperties=\"\"")]
    [InlineData("api/v1", "io.k8s.api.core.v1.PodSpec", "containers",
        "containers.items={};ephemeralContainers.items={};hostAliases.items={};imagePullSecrets.items={};initContainers.items={};nodeSelector.additionalProperties=\"\";readinessGates.items={};resourceClaims.items={};schedulingGates.items={};tolerations.items={};topologySpreadConstraints.items={};volumes.items={}")]
    [InlineData("api/v1", "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", "",
        "annotations.additionalProperties=\"\";finalizers.items=\"\";labels.additionalProperties=\"\";managedFields.items={};ownerReferences.items={}")]
    [InlineData("api/v1", "io.k8s.api.core.v1.ResourceRequirements", "", "claims.items={}")]
    [InlineData("api/v1", "io.k8s.api.core.v1.Probe", "", "")]
    [InlineData("api/v1", "io.k8s.api.core.v1.Event", "involvedObject,metadata",
        "involvedObject={};metadata={};reportingComponent=\"\";reportingInstance=\"\";source={}")]
    [InlineData("api/v1", "io.k8s.api.core.v1.ConfigMapKeySelector", "key", "key=\"\";name=\"\"")]
    [InlineData("api/v1", "io.k8s.api.core.v1.RBDVolumeSource", "image,monitors",
        "image=\"\";keyring=\"/etc/ceph/keyring\";monitors.items=\"\";pool=\"rbd\";user=\"admin\"")]
    public void Required_fields_and_defaults_match_v1_32(string document, string schemaName, string required, string defaults)
    {
        var schema = Schemas(document)[schemaName]!.AsObject();

        string[] requiredNames = [.. (schema["required"]?.AsArray() ?? []).Select(r => (string)r!).Order(StringComparer.Ordinal)];
        Assert.Equal(required.Split(',', StringSplitOptions.RemoveEmptyEntries), requiredNames);
        Assert.Equal(defaults.Split(';', StringSplitOptions.RemoveEmptyEntries), DefaultsOf(schemaName, schema));
    }

    // Markers are "list-type[:keys]" or "map-type"; the expected values were read from upstream's v1.32 documents.
    [Theory]
    [InlineData("api/v1", "io.k8s.api.core.v1.PodSpec", "containers", "map:name")]
    [InlineData("api/v1", "io.k8s.api.core.v1.PodSpec", "tolerations", "atomic")]
    [InlineData("api/v1", "io.k8s.api.core.v1.PodSpec", "topologySpreadConstraints", "map:topologyKey,whenUnsatisfiable")]
    [InlineData("api/v1", "io.k8s.api.core.v1.PodSpec", "nodeSelector", "atomic")]
    [InlineData("api/v1", "io.k8s.api.core.v1.Container", "ports", "map:containerPort,protocol")]
    [InlineData("api/v1", "io.k8s.api.core.v1.Container", "env", "map:name")]
    [InlineData("api/v1", "io.k8s.api.core.v1.Container", "command", "atomic")]
    [InlineData("api/v1", "io.k8s.api.core.v1.ServiceSpec", "ports", "map:port,protocol")]
    [InlineData("api/v1", "io.k8s.api.core.v1.PodStatus", "hostIPs", "atomic")]
    [InlineData("api/v1", "io.k8s.api.core.v1.NodeSpec", "podCIDRs", "set")]
    [InlineData("api/v1", "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", "finalizers", "set")]
    [InlineData("api/v1", "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", "ownerReferences", "map:uid")]
    [InlineData("api/v1", "io.k8s.api.core.v1.PersistentVolumeSpec", "claimRef", "granular")]
    [InlineData("apis/apps/v1", "io.k8s.api.apps.v1.DeploymentStatus", "conditions", "map:type")]
    [InlineData("apis/apps/v1", "io.k8s.api.apps.v1.DeploymentList", "items", "")]
    [InlineData("apis/discovery.k8s.io/v1", "io.k8s.api.discovery.v1.Endpoint", "addresses", "set")]
    public void Fields_carry_upstreams_list_and_map_types(string document, string schemaName, string field, string expected)
    {
        var property = Schemas(document)[schemaName]!["properties"]![field]!;
        var listType = (string?)property["x-kubernetes-list-type"];
        var keys = property["x-kubernetes-list-map-keys"]?.AsArray().Select(k => (string?)k);
        var actual = listType is null ? (string?)property["x-kubernetes-map-type"] ?? ""
            : keys is null ? listType : $"{listType}:{string.Join(',', keys)}";
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Atomic_structs_are_marked_on_the_type_in_v3_and_v2()
    {
        Assert.Equal("atomic", (string?)Schemas("apis/apps/v1")["io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector"]!["x-kubernetes-map-type"]);
        Assert.Equal("atomic", (string?)Schemas("apis/autoscaling/v1")["io.k8s.api.autoscaling.v1.CrossVersionObjectReference"]!["x-kubernetes-map-type"]);
        Assert.Null(Schemas("apis/autoscaling/v2")["io.k8s.api.autoscaling.v2.CrossVersionObjectReference"]!["x-kubernetes-map-type"]);
        Assert.Null(Schemas("api/v1")["io.k8s.api.core.v1.PodSpec"]!["x-kubernetes-map-type"]);

        var v2 = JsonNode.Parse(new OpenApiV2Builder(Builder).Json())!["definitions"]!.AsObject();
        Assert.Equal("atomic", (string?)v2["io.k8s.api.core.v1.ObjectReference"]!["x-kubernetes-map-type"]);
        var ports = v2["io.k8s.api.core.v1.Container"]!["properties"]!["ports"]!;
        Assert.Equal("map", (string?)ports["x-kubernetes-list-type"]);
        Assert.Equal(["containerPort", "protocol"], ports["x-kubernetes-list-map-keys"]!.AsArray().Select(k => (string?)k));
        Assert.Equal("granular", (string?)v2["io.k8s.api.core.v1.PersistentVolumeSpec"]!["properties"]!["claimRef"]!["x-kubernetes-map-type"]);
    }

    [Fact]
    public void Micro_time_fields_reference_micro_time()
    {
        Assert.Equal("#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime",
            (string?)Schemas("api/v1")["io.k8s.api.core.v1.Event"]!["properties"]!["eventTime"]!["allOf"]![0]!["$ref"]);
        var lease = Schemas("apis/coordination.k8s.io/v1");
        Assert.Equal("#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime",
            (string?)lease["io.k8s.api.coordination.v1.LeaseSpec"]!["properties"]!["renewTime"]!["allOf"]![0]!["$ref"]);
        Assert.Equal("date-time", (string?)lease["io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime"]!["format"]);
        Assert.Equal("#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.Time",
            (string?)lease["io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"]!["properties"]!["creationTimestamp"]!["allOf"]![0]!["$ref"]);
    }

    [Fact]
    public void Profiles_are_discriminated_unions()
    {
        foreach (var name in new[] { "io.k8s.api.core.v1.SeccompProfile", "io.k8s.api.core.v1.AppArmorProfile" })
        {
            var union = Assert.Single(Schemas("api/v1")[name]!["x-kubernetes-unions"]!.AsArray())!;
            Assert.Equal("type", (string?)union["discriminator"]);
            Assert.Equal("LocalhostProfile", (string?)union["fields-to-discriminateBy"]!["localhostProfile"]);
        }

        Assert.Null(Schemas("api/v1")["io.k8s.api.core.v1.Container"]!["x-kubernetes-unions"]);
    }

    [Fact]
    public void Meta_kinds_list_every_served_group_version_in_every_document()
    {
        string[] expected = ["/v1", "apps/v1", "autoscaling/v1", "autoscaling/v2", "coordination.k8s.io/v1", "discovery.k8s.io/v1"];
        foreach (var document in new[] { "api/v1", "apis/apps/v1", "apis/discovery.k8s.io/v1" })
        {
            var kinds = Schemas(document)["io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions"]!["x-kubernetes-group-version-kind"]!.AsArray();
            Assert.Equal(expected, kinds.Select(k => $"{(string?)k!["group"]}/{(string?)k["version"]}"));
            var list = Assert.Single(Schemas(document)["io.k8s.apimachinery.pkg.apis.meta.v1.APIResourceList"]!["x-kubernetes-group-version-kind"]!.AsArray())!;
            Assert.Equal(("", "v1", "APIResourceList"), ((string?)list["group"], (string?)list["version"], (string?)list["kind"]));
        }
    }

    [Fact]
    public void The_v2_document_carries_no_defaults()
    {
        var v2 = JsonNode.Parse(new OpenApiV2Builder(Builder).Json())!["definitions"]!.AsObject();
        var ports = v2["io.k8s.api.core.v1.ContainerPort"]!["properties"]!;
        Assert.Null(ports["protocol"]!["default"]);
        Assert.Null(v2["io.k8s.api.core.v1.PodSpec"]!["properties"]!["containers"]!["items"]!["default"]);
        Assert.Equal("#/definitions/io.k8s.api.core.v1.Container", (string?)v2["io.k8s.api.core.v1.PodSpec"]!["properties"]!["containers"]!["items"]!["$ref"]);
        Assert.DoesNotContain(v2, d => HasDefault(d.Value!));
        Assert.Equal(["selector", "serviceName", "template"], v2["io.k8s.api.apps.v1.StatefulSetSpec"]!["required"]!.AsArray().Select(r => (string?)r).Order(StringComparer.Ordinal));

        // "default" as a property name (LimitRangeItem upstream) is not a default; only the schema keyword is.
        static bool HasDefault(JsonNode schema) => schema switch
        {
            JsonObject o => o.ContainsKey("default") || o.Where(p => p.Key != "properties").Any(p => p.Value is not null && HasDefault(p.Value))
                || (o["properties"] is JsonObject properties && properties.Any(p => HasDefault(p.Value!))),
            JsonArray a => a.Any(e => e is not null && HasDefault(e)),
            _ => false,
        };
    }

    private static JsonObject Schemas(string key)
    {
        lock (Documents)
        {
            if (!Documents.TryGetValue(key, out var schemas))
            {
                schemas = JsonNode.Parse(Builder.GroupVersionJson(key)!)!["components"]!["schemas"]!.AsObject();
                Documents[key] = schemas;
            }

            return schemas;
        }
    }

    private static List<string> DefaultsOf(string schemaName, JsonObject schema)
    {
        var newer = NewerThanV132.GetValueOrDefault(schemaName) ?? [];
        var defaults = new List<string>();
        foreach (var (name, property) in schema["properties"]!.AsObject().Where(p => !newer.Contains(p.Key)))
        {
            if (property!["default"] is { } value)
            {
                defaults.Add($"{name}={value.ToJsonString()}");
            }

            foreach (var element in new[] { "items", "additionalProperties" })
            {
                if (property[element]?["default"] is { } elementDefault)
                {
                    defaults.Add($"{name}.{element}={elementDefault.ToJsonString()}");
                }
            }
        }

        return [.. defaults.Order(StringComparer.Ordinal)];
    }
}
