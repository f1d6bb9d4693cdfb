using Skiff.Api.Protobuf;
using static Skiff.Api.Tests.Protobuf.Wire;

namespace Skiff.Api.Tests.Protobuf;

/// <summary>Bodies upstream's protobuf decoder rejects, with its messages and whether the envelope's kind was known.</summary>
public class MalformedProtobufTests
{
    private static readonly byte[] Magic = [0x6b, 0x38, 0x73, 0x00];

    private static byte[] Body(string apiVersion, string kind, byte[] raw) =>
        [.. Magic, .. Msg(1, Str(1, apiVersion), Str(2, kind)), .. Bytes(2, raw), .. Str(3, ""), .. Str(4, "")];

    private static ProtobufException Fails(byte[] body) =>
        Assert.Throws<ProtobufException>(() => KubernetesProtobuf.Decode(body, "apps/v1", "Deployment"));

    [Fact]
    public void A_body_without_the_magic_is_not_protobuf()
    {
        var e = Fails("{\"kind\":\"Deployment\"}"u8.ToArray());

        Assert.Equal("provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]", e.Message);
        Assert.Null(e.DataKind);
    }

    [Fact]
    public void Empty_bodies_are_rejected()
    {
        Assert.Equal("empty data", Fails([]).Message);
        Assert.Equal("empty body", Fails(Magic).Message);
    }

    [Fact]
    public void A_truncated_envelope_fails_before_any_kind_is_known()
    {
        var body = Body("apps/v1", "Deployment", Msg(1, Str(1, "web")));

        var e = Fails(body[..^6]);

        Assert.Equal("unexpected EOF", e.Message);
        Assert.Null(e.DataKind);
    }

    [Fact]
    public void A_truncated_varint_in_the_object_fails_with_the_envelopes_kind()
    {
        // DeploymentSpec.replicas whose varint never ends.
        var e = Fails(Body("apps/v1", "Deployment", [0x12, 0x02, 0x08, 0x80]));

        Assert.Equal("unexpected EOF", e.Message);
        Assert.Equal("Deployment", e.DataKind);
        Assert.Equal("v1", e.DataVersion);
    }

    [Fact]
    public void A_wrong_wire_type_names_the_field()
    {
        // metadata (field 1) sent as a varint.
        var e = Fails(Body("apps/v1", "Deployment", Varint(1, 3UL)));

        Assert.Equal("proto: wrong wireType = 0 for field Metadata", e.Message);
        Assert.Equal("Deployment", e.DataKind);
    }

    [Fact]
    public void An_unknown_kind_is_not_registered()
    {
        var e = Fails(Body("apps/v1", "Widget", []));

        Assert.Equal("no kind \"Widget\" is registered for version \"apps/v1\" in scheme \"pkg/api/legacyscheme/scheme.go:30\"", e.Message);
        Assert.Equal("Widget", e.DataKind);
    }

    [Fact]
    public void An_envelope_without_type_meta_takes_the_endpoints_kind()
    {
        byte[] body = [.. Magic, .. Bytes(2, Msg(1, Str(1, "web")))];

        var json = KubernetesProtobuf.Decode(body, "apps/v1", "Deployment");

        Assert.Equal("""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"}}""", json.ToJsonString());
    }
}
