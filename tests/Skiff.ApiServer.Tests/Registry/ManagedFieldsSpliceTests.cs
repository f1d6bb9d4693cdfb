using k8s.Models;
using Skiff.Api.FieldManagement;
using Skiff.ApiServer.Objects;

namespace Skiff.ApiServer.Tests.Registry;

public class ManagedFieldsSpliceTests
{
    private static List<V1ManagedFieldsEntry> Entries()
    {
        var set = new FieldSet();
        set.Insert([PathElement.Field("metadata"), PathElement.Field("labels"), PathElement.Field("app")]);
        var managed = new ManagedFieldSets
        {
            [ManagerIdentity.ForUpdate("kubectl-create", "v1", null)] = new VersionedFieldSet(set, "v1", new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc)),
        };
        return managed.Encode()!;
    }

    public static TheoryData<V1ObjectMeta> Metadata => new()
    {
        new V1ObjectMeta { Name = "p", NamespaceProperty = "default", Uid = "u", Labels = new Dictionary<string, string> { ["app"] = "x" } },
        new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "x" }, Annotations = new Dictionary<string, string> { ["a"] = "b" } },
        new V1ObjectMeta(),
        new V1ObjectMeta { Uid = "only-after" },
    };

    [Theory]
    [MemberData(nameof(Metadata))]
    public void The_splice_gives_the_bytes_the_serializer_writes(V1ObjectMeta metadata)
    {
        var pod = new V1Pod { ApiVersion = "v1", Kind = "Pod", Metadata = metadata, Spec = new V1PodSpec { Containers = [new V1Container { Name = "c" }] } };
        var without = ObjectCodec.SerializeToUtf8(pod);
        pod.Metadata.ManagedFields = Entries();

        var spliced = ManagedFieldsSplice.Insert(without, ObjectCodec.SerializeToUtf8(pod.Metadata.ManagedFields));

        Assert.Equal(System.Text.Encoding.UTF8.GetString(ObjectCodec.SerializeToUtf8(pod)), System.Text.Encoding.UTF8.GetString(spliced));
        var decoded = (V1Pod)ObjectCodec.Deserialize(spliced, typeof(V1Pod));
        Assert.Equal(spliced, ObjectCodec.SerializeToUtf8(decoded)); // read back and written again: the same bytes
    }
}
