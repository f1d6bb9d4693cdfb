using System.Text;
using Microsoft.AspNetCore.Http;
using Skiff.ApiServer.Http;

namespace Skiff.ApiServer.Tests.Http;

public class ProtobufNegotiationTests
{
    private static HttpRequest Request(string? accept, string? contentType = null)
    {
        var context = new DefaultHttpContext();
        if (accept is not null)
        {
            context.Request.Headers.Accept = accept;
        }

        context.Request.ContentType = contentType;
        return context.Request;
    }

    [Theory]
    [InlineData("application/vnd.kubernetes.protobuf,application/json", true)]
    [InlineData("application/vnd.kubernetes.protobuf, */*", true)]
    [InlineData("application/json;q=0.5, application/vnd.kubernetes.protobuf", true)]
    [InlineData("application/json", false)]
    [InlineData("application/json, application/vnd.kubernetes.protobuf", false)]
    [InlineData("*/*", false)]
    [InlineData(null, false)]
    [InlineData("application/vnd.kubernetes.protobuf;q=0, application/json", false)]
    [InlineData("application/json;as=Table;v=v1;g=meta.k8s.io,application/json", false)]
    [InlineData("application/vnd.kubernetes.protobuf;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json", false)]
    [InlineData("application/vnd.kubernetes.protobuf;as=Table;v=v1;g=meta.k8s.io,application/vnd.kubernetes.protobuf", true)]
    public void Protobuf_is_chosen_only_when_it_is_the_most_preferred_plain_media_type(string? accept, bool preferred)
    {
        Assert.Equal(preferred, ProtobufResponses.Preferred(Request(accept)));
    }

    [Fact]
    public void Json_of_a_known_kind_is_transcoded_and_anything_else_stays_json()
    {
        var request = Request("application/vnd.kubernetes.protobuf,application/json");
        var configMap = """{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"c"}}"""u8.ToArray();
        var version = """{"major":"1","minor":"32"}"""u8.ToArray();

        var (body, contentType) = ProtobufResponses.Choose(request, configMap);
        Assert.Equal("application/vnd.kubernetes.protobuf", contentType);
        Assert.Equal("k8s\0"u8.ToArray(), body[..4]);

        Assert.Equal((version, "application/json"), ProtobufResponses.Choose(request, version));
        Assert.Equal((configMap, "application/json"), ProtobufResponses.Choose(Request("application/json"), configMap));
    }

    [Fact]
    public void Malformed_bodies_are_bad_requests_worded_as_upstream_words_them()
    {
        var notProtobuf = Assert.Throws<ApiException>(() => ProtobufBody.Decode(Encoding.UTF8.GetBytes("""{"kind":"Pod","apiVersion":"v1","metadata":{"name":"p"}}"""), "v1", "Pod"));
        Assert.Equal(400, notProtobuf.Status.Code);
        Assert.Equal("the object provided is unrecognized (must be of type Pod): provided data does not appear to be a protobuf message, expected prefix [107 56 115 0] ({\"kind\":\"Pod\",\"apiVersion\":\"v1 ...)",
            notProtobuf.Status.Message);

        var empty = Assert.Throws<ApiException>(() => ProtobufBody.Decode([], "v1", "Pod"));
        Assert.Equal("the object provided is unrecognized (must be of type Pod): empty data (<empty>)", empty.Status.Message);
    }

    [Fact]
    public void A_delete_options_body_must_hold_delete_options()
    {
        // k8s\0, Unknown{typeMeta{"v1", "Pod"}, raw: {}}
        byte[] pod = [0x6b, 0x38, 0x73, 0x00, 0x0a, 0x09, 0x0a, 0x02, (byte)'v', (byte)'1', 0x12, 0x03, (byte)'P', (byte)'o', (byte)'d', 0x12, 0x00];
        var request = Request(null, "application/vnd.kubernetes.protobuf");

        var e = Assert.Throws<ApiException>(() => ProtobufBody.AsJson(request, pod, "meta.k8s.io/v1", "DeleteOptions"));

        Assert.Equal("decoded object cannot be converted to DeleteOptions", e.Status.Message);
        Assert.Equal("""{"a":1}"""u8.ToArray(), ProtobufBody.AsJson(Request(null, "application/json"), """{"a":1}"""u8.ToArray(), "v1", "Binding"));
    }
}
