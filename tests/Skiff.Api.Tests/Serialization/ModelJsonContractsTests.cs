using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using k8s;
using k8s.Models;

namespace Skiff.Api.Tests.Serialization;

// The skiff binary switches KubernetesJson to the reflection resolver (ModelJsonContracts.UseReflection); these tests
// hold that the switch changes no JSON: for every model type, the contract reflection builds matches the one
// KubernetesClient's generated context builds, with the same options. This process never switches, so the shared
// options here are still the library's own.
public class ModelJsonContractsTests
{
    private static readonly JsonSerializerOptions Generated = CopyOfShared(resolver: null);
    private static readonly JsonSerializerOptions Reflected = CopyOfShared(new DefaultJsonTypeInfoResolver());

    public static TheoryData<string> ModelTypes()
    {
        var data = new TheoryData<string>();
        foreach (var type in typeof(V1Pod).Assembly.GetExportedTypes()
            .Where(t => t.Namespace == "k8s.Models" && t.IsClass && !t.IsAbstract && !t.IsGenericTypeDefinition)
            .OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            data.Add(type.FullName!);
        }

        return data;
    }

    [Fact]
    public void The_two_options_use_different_resolvers()
    {
        // Guards the comparison below against comparing reflection with itself.
        Assert.Equal("k8s.SourceGenerationContext", Generated.GetTypeInfo(typeof(V1Pod)).OriginatingResolver?.GetType().FullName);
        Assert.IsType<DefaultJsonTypeInfoResolver>(Reflected.GetTypeInfo(typeof(V1Pod)).OriginatingResolver);
    }

    [Fact]
    public void Every_model_type_is_compared()
    {
        Assert.True(ModelTypes().Count > 800, $"only {ModelTypes().Count} model types found");
    }

    [Theory]
    [MemberData(nameof(ModelTypes))]
    public void Reflection_builds_the_contract_the_generated_context_builds(string typeName)
    {
        var type = typeof(V1Pod).Assembly.GetType(typeName, throwOnError: true)!;
        Assert.Equal(Describe(Generated.GetTypeInfo(type)), Describe(Reflected.GetTypeInfo(type)));
    }

    [Fact]
    public void A_rich_deployment_reads_and_writes_the_same_bytes()
    {
        const string json = """
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"default","labels":{"app":"web"},
            "annotations":{"a":"\u003cb\u003e"},"creationTimestamp":"2026-11-25T10:00:00Z","generation":3,
            "managedFields":[{"manager":"kubectl","operation":"Apply","apiVersion":"apps/v1","time":"2026-11-25T10:00:00Z",
            "fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:replicas":{}}}}],
            "ownerReferences":[{"apiVersion":"v1","kind":"ConfigMap","name":"c","uid":"u-1","controller":true}]},
            "spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"},"matchExpressions":[{"key":"tier","operator":"In","values":["a","b"]}]},
            "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%","maxUnavailable":1}},
            "template":{"metadata":{"labels":{"app":"web"}},"spec":{"terminationGracePeriodSeconds":30,
            "containers":[{"name":"c","image":"nginx:1.27","ports":[{"containerPort":80,"protocol":"TCP"}],
            "resources":{"requests":{"cpu":"100m","memory":"64Mi"},"limits":{"cpu":"1.5","memory":"1Gi"}},
            "readinessProbe":{"httpGet":{"path":"/","port":"http"},"periodSeconds":5},
            "env":[{"name":"A","value":"1"},{"name":"B","valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}}]}],
            "tolerations":[{"key":"k","operator":"Exists","effect":"NoExecute","tolerationSeconds":300}],
            "affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[{"matchExpressions":[{"key":"zone","operator":"NotIn","values":["z"]}]}]}}}}}},
            "status":{"observedGeneration":3,"replicas":3,"readyReplicas":2,
            "conditions":[{"type":"Available","status":"True","lastUpdateTime":"2026-11-25T10:00:01.123456Z","lastTransitionTime":"2026-11-25T10:00:01Z","reason":"MinimumReplicasAvailable","message":"ok"}]}}
            """;

        var generated = JsonSerializer.Deserialize<V1Deployment>(json, Generated)!;
        var reflected = JsonSerializer.Deserialize<V1Deployment>(json, Reflected)!;

        var expected = JsonSerializer.Serialize(generated, Generated);
        Assert.Equal(expected, JsonSerializer.Serialize(generated, Reflected));
        Assert.Equal(expected, JsonSerializer.Serialize(reflected, Reflected));
        Assert.Contains("\"maxSurge\":\"25%\"", expected, StringComparison.Ordinal);
        Assert.Contains("\"cpu\":\"100m\"", expected, StringComparison.Ordinal);
    }

    private static JsonSerializerOptions CopyOfShared(IJsonTypeInfoResolver? resolver)
    {
        JsonSerializerOptions? shared = null;
        KubernetesJson.AddJsonOptions(options => shared = options);
        var copy = new JsonSerializerOptions(shared!);
        if (resolver is not null)
        {
            copy.TypeInfoResolver = resolver;
        }

        copy.MakeReadOnly();
        return copy;
    }

    // Everything about a contract that decides what is read and written: kind, converter, how objects are created,
    // and each property's JSON name, CLR type, order, accessors, converter and flags.
    private static string Describe(JsonTypeInfo info)
    {
        var text = new StringBuilder()
            .Append($"{info.Kind} converter={ConverterType(info.Converter)} create={info.CreateObject is not null} ")
            .Append($"numbers={info.NumberHandling} unmapped={info.UnmappedMemberHandling} polymorphic={info.PolymorphismOptions is not null}\n");
        foreach (var property in info.Properties)
        {
            text.Append($"  {property.Name}: {property.PropertyType} order={property.Order} get={property.Get is not null} ")
                .Append($"set={property.Set is not null} converter={property.CustomConverter?.GetType()} ")
                .Append($"extension={property.IsExtensionData} required={property.IsRequired} ")
                .Append($"shouldSerialize={property.ShouldSerialize is not null} numbers={property.NumberHandling}\n");
        }

        return text.ToString();
    }

    // The generated context hands out its converters wrapped in JsonMetadataServicesConverter<T>; the one inside is the
    // one that reads and writes (ObjectDefaultConverter<T>, ListOfTConverter<...>, ...).
    private static Type ConverterType(JsonConverter converter)
    {
        var type = converter.GetType();
        if (!type.Name.StartsWith("JsonMetadataServicesConverter", StringComparison.Ordinal))
        {
            return type;
        }

        var inner = type.GetProperty("Converter", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            ?? throw new InvalidOperationException($"{type} has no Converter property to unwrap");
        return ((JsonConverter)inner.GetValue(converter)!).GetType();
    }
}
