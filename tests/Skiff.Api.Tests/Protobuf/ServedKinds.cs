using k8s.Models;
using Skiff.Api.Resources;

namespace Skiff.Api.Tests.Protobuf;

/// <summary>Every kind the server reads or writes as protobuf, with its k8s.Models class.</summary>
internal static class ServedKinds
{
    public static IEnumerable<(string ApiVersion, string Kind, Type Model)> All()
    {
        foreach (var resource in ResourceRegistry.CreateDefault().Resources)
        {
            yield return (resource.ApiVersion, resource.Kind, resource.ModelType);
            yield return (resource.ApiVersion, resource.Kind + "List", resource.ListModelType);
        }

        yield return ("v1", "Binding", typeof(V1Binding));
        yield return ("autoscaling/v1", "Scale", typeof(V1Scale));
        yield return ("v1", "Status", typeof(V1Status));
        yield return ("v1", "DeleteOptions", typeof(V1DeleteOptions));
    }

    public static TheoryData<string, string> Names()
    {
        var data = new TheoryData<string, string>();
        foreach (var (apiVersion, kind, _) in All())
        {
            data.Add(apiVersion, kind);
        }

        return data;
    }

    /// <summary>The kinds the server decodes from request bodies (it only writes Status, whose model cannot be serialized).</summary>
    public static TheoryData<string, string> DecodedNames()
    {
        var data = new TheoryData<string, string>();
        foreach (var (apiVersion, kind, _) in All().Where(k => k.Kind != "Status"))
        {
            data.Add(apiVersion, kind);
        }

        return data;
    }

    public static Type ModelOf(string apiVersion, string kind) => All().Single(k => k.ApiVersion == apiVersion && k.Kind == kind).Model;
}
