using System.Text.Json.Nodes;
using Skiff.Api.Protobuf;
using static Skiff.Api.Tests.Protobuf.Wire;

namespace Skiff.Api.Tests.Protobuf;

/// <summary>What the JSON form of a decoded message shows, field shape by field shape, as upstream's JSON would.</summary>
public class DecodingRulesTests
{
    private static ProtoMessage M(string name) => ProtoSchema.Messages[name];

    private static string Decode(string message, byte[] bytes) => ProtobufJson.Decode(bytes, M(message)).ToJsonString();

    [Fact]
    public void Zero_values_stay_for_pointers_and_plain_values_and_go_for_omitempty_values()
    {
        // DeploymentSpec: replicas *int32 = 0, minReadySeconds int32 (omitempty) = 0, paused bool (omitempty) = false.
        var spec = Concat(Varint(1, 0UL), Varint(5, 0UL), Varint(7, 0UL));
        Assert.Equal("""{"replicas":0}""", Decode("apps.v1.DeploymentSpec", spec));

        // ContainerPort: containerPort int32 without omitempty = 0; name (omitempty) = "".
        Assert.Equal("""{"name":"x","containerPort":0}""", Decode("core.v1.ContainerPort", Concat(Str(1, "x"), Varint(3, 0UL))));
        Assert.Equal("""{"containerPort":0}""", Decode("core.v1.ContainerPort", Concat(Str(1, ""), Varint(3, 0UL))));

        // PersistentVolumeClaimSpec.storageClassName is a *string: "" (no dynamic provisioning) must survive.
        Assert.Equal("""{"storageClassName":""}""", Decode("core.v1.PersistentVolumeClaimSpec", Str(5, "")));
    }

    [Fact]
    public void Fields_not_on_the_wire_are_left_out_and_empty_value_messages_show_as_empty_objects()
    {
        // A container with a name and an empty resources message (upstream always writes value structs).
        Assert.Equal("""{"name":"c","resources":{}}""", Decode("core.v1.Container", Concat(Str(1, "c"), Bytes(8, []))));
    }

    [Fact]
    public void Unknown_fields_of_every_wire_type_are_skipped()
    {
        var bytes = Concat(Varint(90, 5UL), Str(91, "x"), [0xE5, 0x05, 1, 2, 3, 4], [0xE1, 0x05, 1, 2, 3, 4, 5, 6, 7, 8], Str(1, "n"));

        Assert.Equal("""{"name":"n"}""", Decode("core.v1.LocalObjectReference", bytes));
    }

    [Fact]
    public void Repeated_scalars_are_read_unpacked_and_packed()
    {
        var unpacked = Concat(Varint(4, 1000UL), Varint(4, 2000UL));
        var packed = Bytes(4, [.. VarintBytes(1000), .. VarintBytes(2000)]);

        Assert.Equal("""{"supplementalGroups":[1000,2000]}""", Decode("core.v1.PodSecurityContext", unpacked));
        Assert.Equal("""{"supplementalGroups":[1000,2000]}""", Decode("core.v1.PodSecurityContext", packed));
    }

    [Fact]
    public void Negative_int32_values_are_sign_extended_to_ten_bytes()
    {
        var json = new JsonObject { ["exitCode"] = -1, ["startedAt"] = null };

        var bytes = ProtobufJson.Encode(json, M("core.v1.ContainerStateTerminated"));

        Assert.StartsWith("08ffffffffffffffffff01", Convert.ToHexStringLower(bytes));
        Assert.Equal(-1, ProtobufJson.Decode(bytes, M("core.v1.ContainerStateTerminated"))["exitCode"]!.GetValue<int>());
    }

    [Fact]
    public void Inline_structs_put_their_fields_in_the_parent_object()
    {
        // ConfigMapKeySelector {1: LocalObjectReference{1: name}, 2: key, 3: optional}
        var bytes = Concat(Msg(1, Str(1, "settings")), Str(2, "LOG_LEVEL"), Varint(3, 1UL));

        Assert.Equal("""{"name":"settings","key":"LOG_LEVEL","optional":true}""", Decode("core.v1.ConfigMapKeySelector", bytes));
        Assert.Equal(bytes, ProtobufJson.Encode(JsonNode.Parse("""{"key":"LOG_LEVEL","optional":true,"name":"settings"}""")!.AsObject(),
            M("core.v1.ConfigMapKeySelector")));
    }

    [Fact]
    public void Times_keep_whole_seconds_micro_times_keep_microseconds_and_the_zero_time_is_left_out()
    {
        // 2024-05-06T07:08:09Z is 1714979289 seconds after the epoch.
        var time = Msg(8, Varint(1, 1714979289UL), Varint(2, 500000000UL));
        Assert.Equal("""{"creationTimestamp":"2024-05-06T07:08:09Z"}""", Decode("meta.v1.ObjectMeta", time));
        Assert.Equal("{}", Decode("meta.v1.ObjectMeta", Bytes(8, [])));

        var micro = Msg(3, Varint(1, 1714979289UL), Varint(2, 123456789UL));
        Assert.Equal("""{"acquireTime":"2024-05-06T07:08:09.123456Z"}""", Decode("coordination.v1.LeaseSpec", micro));
        Assert.Equal(Msg(3, Varint(1, 1714979289UL), Varint(2, 123456000UL)),
            ProtobufJson.Encode(JsonNode.Parse("""{"acquireTime":"2024-05-06T07:08:09.123456Z"}""")!.AsObject(), M("coordination.v1.LeaseSpec")));
    }

    [Fact]
    public void Int_or_string_quantity_and_bytes_take_their_json_forms()
    {
        // ServicePort targetPort {type 0, intVal 8080} and {type 1, strVal "http"}.
        Assert.Equal("""{"targetPort":8080}""", Decode("core.v1.ServicePort", Msg(4, Varint(1, 0UL), Varint(2, 8080UL), Str(3, ""))));
        Assert.Equal("""{"targetPort":"http"}""", Decode("core.v1.ServicePort", Msg(4, Varint(1, 1UL), Varint(2, 0UL), Str(3, "http"))));

        // ResourceRequirements limits map<string, Quantity>.
        Assert.Equal("""{"limits":{"cpu":"500m"}}""", Decode("core.v1.ResourceRequirements", Msg(1, Str(1, "cpu"), Msg(2, Str(1, "500m")))));

        // Secret data map<string, bytes> is base64 in JSON.
        Assert.Equal("""{"data":{"k":"dg=="}}""", Decode("core.v1.Secret", Msg(2, Str(1, "k"), Str(2, "v"))));
    }

    [Fact]
    public void Raw_extensions_embed_their_json()
    {
        var revision = Concat(Msg(2, Str(1, """{"spec":{"replicas":2}}""")), Varint(3, 4UL));

        Assert.Equal("""{"data":{"spec":{"replicas":2}},"revision":4}""", Decode("apps.v1.ControllerRevision", revision));
    }

    [Fact]
    public void Map_entries_are_written_in_key_order_and_values_are_written_even_when_zero()
    {
        var json = JsonNode.Parse("""{"b":"2","a":"","c":"3"}""")!;

        var bytes = ProtobufJson.Encode(new JsonObject { ["labels"] = json }, M("meta.v1.ObjectMeta"));

        var expectedLabels = Concat(Msg(11, Str(1, "a"), Str(2, "")), Msg(11, Str(1, "b"), Str(2, "2")), Msg(11, Str(1, "c"), Str(2, "3")));
        Assert.Contains(Convert.ToHexStringLower(expectedLabels), Convert.ToHexStringLower(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public void A_field_with_the_wrong_wire_type_is_an_error_naming_it()
    {
        var e = Assert.Throws<ProtobufException>(() => Decode("meta.v1.ObjectMeta", Varint(1, 5UL)));

        Assert.Equal("proto: wrong wireType = 0 for field Name", e.Message);
    }
}
