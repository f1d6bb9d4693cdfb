using System.Text;
using System.Text.Json.Nodes;
using Skiff.Api.Protobuf;

namespace Skiff.Api.Tests.Protobuf;

/// <summary>Objects with every field of a message set to a non-zero value, nested messages, slices and maps included.</summary>
internal static class SchemaSamples
{
    public static JsonObject Full(ProtoMessage message)
    {
        var target = new JsonObject();
        Fill(target, message);
        return target;
    }

    private static void Fill(JsonObject target, ProtoMessage message)
    {
        foreach (var field in message.Fields)
        {
            switch (field.Shape)
            {
                case ProtoFieldShape.Inline:
                    Fill(target, field.Message!);
                    break;
                case ProtoFieldShape.Repeated:
                    target[field.JsonName] = new JsonArray(Sample(field, 0), Sample(field, 1));
                    break;
                case ProtoFieldShape.Map:
                    // Out of order on purpose: the encoder sorts keys.
                    target[field.JsonName] = new JsonObject { ["k2"] = Sample(field, 1), ["k1"] = Sample(field, 0) };
                    break;
                default:
                    target[field.JsonName] = Sample(field, 0);
                    break;
            }
        }
    }

    private static JsonNode Sample(ProtoField field, int index) => field.Type switch
    {
        ProtoType.String => $"{field.JsonName}-{index}",
        ProtoType.Bool => true,
        ProtoType.Int32 => 7 + index,
        ProtoType.Int64 => 1234567890123L + index,
        ProtoType.Double => 1.5 + index,
        ProtoType.Bytes => Convert.ToBase64String(Encoding.UTF8.GetBytes($"bytes-{index}")),
        ProtoType.Time => $"2024-05-06T07:08:0{index}Z",
        ProtoType.MicroTime => $"2024-05-06T07:08:09.12345{index}Z",
        ProtoType.Quantity => index == 0 ? "250m" : "2Gi",
        ProtoType.IntOrString => index == 0 ? 8080 : "http",
        ProtoType.RawExtension => new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Pod", ["spec"] = new JsonObject { ["n"] = index } },
        ProtoType.FieldsV1 => new JsonObject { ["f:metadata"] = new JsonObject { ["f:name"] = new JsonObject() } },
        _ => Full(field.Message!),
    };
}
