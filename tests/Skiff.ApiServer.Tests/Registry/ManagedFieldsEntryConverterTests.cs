using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Skiff.Api.FieldManagement;
using Skiff.ApiServer.Objects;

namespace Skiff.ApiServer.Tests.Registry;

public class ManagedFieldsEntryConverterTests
{
    [Fact]
    public void Entries_are_written_as_the_models_write_them_and_read_back_to_the_same_bytes()
    {
        var configMap = new V1ConfigMap
        {
            ApiVersion = "v1",
            Kind = "ConfigMap",
            Metadata = new V1ObjectMeta
            {
                Name = "c",
                ManagedFields =
                [
                    new V1ManagedFieldsEntry
                    {
                        Manager = "kubectl", Operation = "Apply", ApiVersion = "v1", FieldsType = "FieldsV1", Subresource = "status",
                        Time = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc),
                        FieldsV1 = JsonNode.Parse("""{"f:data":{".":{},"f:k":{}},"f:list":{"k:{\"name\":\"a\"}":{}}}"""),
                    },
                    new V1ManagedFieldsEntry { Manager = "m", Operation = "Update" },
                ],
            },
            Data = new Dictionary<string, string> { ["k"] = "v" },
        };

        var bytes = ObjectCodec.SerializeToUtf8(configMap);
        Assert.Equal(KubernetesJson.Serialize(configMap), Encoding.UTF8.GetString(bytes));

        var decoded = (V1ConfigMap)ObjectCodec.Deserialize(bytes, typeof(V1ConfigMap));
        var entry = decoded.Metadata.ManagedFields[0];
        Assert.IsType<RawFieldsV1>(entry.FieldsV1);
        Assert.Equal(("kubectl", "Apply", "v1", "status"), (entry.Manager, entry.Operation, entry.ApiVersion, entry.Subresource));
        Assert.Equal(new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc), entry.Time);
        Assert.Null(decoded.Metadata.ManagedFields[1].FieldsV1);
        Assert.Equal(bytes, ObjectCodec.SerializeToUtf8(decoded));
        Assert.Equal(["f:data", "f:list"], ManagedFieldSets.Decode([decoded.Metadata.ManagedFields[0]]).Entries.Single().Value.Set.Children.Select(c => c.Key.FieldsV1Key));
    }
}
