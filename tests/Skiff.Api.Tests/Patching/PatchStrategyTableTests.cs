using k8s.Models;
using Skiff.Api.Patching;

namespace Skiff.Api.Tests.Patching;

public class PatchStrategyTableTests
{
    [Theory]
    [InlineData(typeof(V1PodSpec), "containers", "merge", "name")]
    [InlineData(typeof(V1PodSpec), "volumes", "merge,retainKeys", "name")]
    [InlineData(typeof(V1Container), "ports", "merge", "containerPort")]
    [InlineData(typeof(V1Container), "volumeMounts", "merge", "mountPath")]
    [InlineData(typeof(V1EphemeralContainer), "env", "merge", "name")]
    [InlineData(typeof(V1ServiceSpec), "ports", "merge", "port")]
    [InlineData(typeof(V1ObjectMeta), "ownerReferences", "merge", "uid")]
    [InlineData(typeof(V1ObjectMeta), "finalizers", "merge", null)]
    [InlineData(typeof(V1DeploymentSpec), "strategy", "retainKeys", null)]
    [InlineData(typeof(V2HorizontalPodAutoscalerStatus), "conditions", "merge", "type")]
    public void CarriesUpstreamTags(Type modelType, string field, string strategy, string? mergeKey)
    {
        Assert.Equal(new PatchFieldStrategy(strategy, mergeKey), PatchStrategyTable.Find(modelType, field));
    }

    [Theory]
    [InlineData(typeof(V1PodSpec), "tolerations")]
    [InlineData(typeof(V1Container), "args")]
    [InlineData(typeof(V1Container), "command")]
    [InlineData(typeof(V1EndpointSlice), "endpoints")]
    public void AtomicFieldsHaveNoStrategy(Type modelType, string field)
    {
        Assert.Null(PatchStrategyTable.Find(modelType, field));
    }

    [Fact]
    public void EveryRowNamesARealModelProperty()
    {
        foreach (var ((modelType, field), _) in PatchStrategyTable.Entries)
        {
            var names = modelType.GetProperties()
                .Select(p => p.GetCustomAttributes(typeof(System.Text.Json.Serialization.JsonPropertyNameAttribute), false)
                    .Cast<System.Text.Json.Serialization.JsonPropertyNameAttribute>().FirstOrDefault()?.Name);
            Assert.True(names.Contains(field), $"{modelType.Name} has no JSON field '{field}'");
        }
    }

    [Fact]
    public void StrategyFlagsSplitTheUpstreamString()
    {
        var volumes = new PatchFieldStrategy("merge,retainKeys", "name");

        Assert.True(volumes.Merges);
        Assert.True(volumes.RetainsKeys);
        Assert.False(volumes.Replaces);
        Assert.True(new PatchFieldStrategy("replace", null).Replaces);
    }
}
