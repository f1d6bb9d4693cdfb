using k8s;
using Skiff.Api.Protobuf;

namespace Skiff.Api.Tests.Protobuf;

/// <summary>Every manifest in examples/: JSON → protobuf → JSON keeps every field.</summary>
public class ExampleRoundTripTests
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(ExamplesDirectory(), "*.yaml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_field_of_the_example_survives_protobuf(string file)
    {
        var objects = KubernetesYaml.LoadAllFromString(File.ReadAllText(Path.Combine(ExamplesDirectory(), file)));
        Assert.NotEmpty(objects);
        foreach (var obj in objects)
        {
            var json = ModelJson.ToJson(obj);
            var kind = json["kind"]!.GetValue<string>();
            var apiVersion = json["apiVersion"]!.GetValue<string>();

            var bytes = KubernetesProtobuf.TryEncode(json);
            Assert.NotNull(bytes);
            var decoded = KubernetesProtobuf.Decode(bytes, apiVersion, kind);

            // Every original field comes back with its value; the only additions are the zero values upstream's
            // marshaller writes for value fields the manifest left out (e.g. "resources": {}, "status": {}).
            JsonComparison.AssertEquivalent(json, decoded, allowZeroExtras: true);
            JsonComparison.AssertEquivalent(json, ModelJson.ThroughModel(decoded, obj.GetType()), allowZeroExtras: true);
            Assert.Equal(bytes, KubernetesProtobuf.TryEncode(decoded));
        }
    }

    private static string ExamplesDirectory()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Skiff.sln")))
        {
            directory = directory.Parent;
        }

        return Path.Combine(directory?.FullName ?? throw new DirectoryNotFoundException("no Skiff.sln above the test output"), "examples");
    }
}
