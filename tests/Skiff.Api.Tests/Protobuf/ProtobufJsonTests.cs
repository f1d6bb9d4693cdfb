using System.Text.Json.Nodes;
using Skiff.Api.Protobuf;

namespace Skiff.Api.Tests.Protobuf;

public class ProtobufJsonTests
{
    [Theory]
    [MemberData(nameof(ServedKinds.Names), MemberType = typeof(ServedKinds))]
    public void An_object_with_every_field_set_survives_encoding_and_decoding(string apiVersion, string kind)
    {
        var message = ProtoSchema.FindKind(apiVersion, kind)!;
        var sample = SchemaSamples.Full(message);

        var bytes = ProtobufJson.Encode(sample, message);
        var decoded = ProtobufJson.Decode(bytes, message);

        JsonComparison.AssertEquivalent(sample, decoded);
        Assert.Equal(bytes, ProtobufJson.Encode(decoded, message));
    }

    [Theory]
    [MemberData(nameof(ServedKinds.DecodedNames), MemberType = typeof(ServedKinds))]
    public void Every_decoded_field_reaches_the_model(string apiVersion, string kind)
    {
        var message = ProtoSchema.FindKind(apiVersion, kind)!;
        var decoded = ProtobufJson.Decode(ProtobufJson.Encode(SchemaSamples.Full(message), message), message);

        var throughModel = ModelJson.ThroughModel(decoded, ServedKinds.ModelOf(apiVersion, kind));

        JsonComparison.AssertEquivalent(decoded, throughModel);
    }
}
