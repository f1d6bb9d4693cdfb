using System.Text.Json.Nodes;
using Skiff.Api.Protobuf;

namespace Skiff.Api.Tests.Protobuf;

/// <summary>
/// Whole bodies byte for byte as kube-apiserver and client-go write them, assembled by hand from upstream's generated
/// marshallers: value fields always written (empty strings, zero numbers, the zero time as an empty message), pointers,
/// slices and maps only when set, fields in number order, map keys sorted, and the envelope's empty contentEncoding
/// and contentType at the end.
/// </summary>
public class UpstreamBytesTests
{
    // ConfigMap{ObjectMeta{Name: "c", Namespace: "default"}, Data: {"a": "b"}}
    private const string ConfigMapBody =
        "6b387300" +                        // k8s\0
        "0a0f" + "0a027631" + "1209436f6e6669674d6170" + // typeMeta{apiVersion "v1", kind "ConfigMap"}
        "1222" +                            // raw: ConfigMap, 34 bytes
        "0a18" +                            //   metadata, 24 bytes
        "0a0163" +                          //     name "c"
        "1200" +                            //     generateName ""
        "1a0764656661756c74" +              //     namespace "default"
        "2200" + "2a00" + "3200" +          //     selfLink, uid, resourceVersion ""
        "3800" +                            //     generation 0
        "4200" +                            //     creationTimestamp: zero time, empty
        "1206" + "0a0161" + "120162" +      //   data entry {key "a", value "b"}
        "1a00" + "2200";                    // contentEncoding "", contentType ""

    // Namespace{ObjectMeta{Name: "n"}, Spec{Finalizers: ["kubernetes"]}, Status{Phase: "Active"}}
    private const string NamespaceBody =
        "6b387300" +
        "0a0f" + "0a027631" + "12094e616d657370616365" + // typeMeta{apiVersion "v1", kind "Namespace"}
        "122b" +                            // raw: Namespace, 43 bytes
        "0a11" +                            //   metadata, 17 bytes
        "0a016e" + "1200" + "1a00" + "2200" + "2a00" + "3200" + "3800" + "4200" +
        "120c" + "0a0a6b756265726e65746573" + //   spec{finalizers ["kubernetes"]}
        "1a08" + "0a06416374697665" +       //   status{phase "Active"}
        "1a00" + "2200";

    [Fact]
    public void A_config_map_is_encoded_as_upstream_encodes_it()
    {
        var json = JsonNode.Parse("""{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"c","namespace":"default"},"data":{"a":"b"}}""")!.AsObject();

        Assert.Equal(ConfigMapBody, Convert.ToHexStringLower(KubernetesProtobuf.TryEncode(json)!));
    }

    [Fact]
    public void An_upstream_config_map_decodes_to_its_json_form()
    {
        var json = KubernetesProtobuf.Decode(Convert.FromHexString(ConfigMapBody), "v1", "ConfigMap");

        Assert.Equal("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","namespace":"default"},"data":{"a":"b"}}""", json.ToJsonString());
    }

    [Fact]
    public void A_namespace_is_encoded_as_upstream_encodes_it()
    {
        var json = JsonNode.Parse("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"n"},"spec":{"finalizers":["kubernetes"]},"status":{"phase":"Active"}}""")!.AsObject();

        Assert.Equal(NamespaceBody, Convert.ToHexStringLower(KubernetesProtobuf.TryEncode(json)!));
    }

    [Fact]
    public void An_upstream_namespace_decodes_to_its_json_form()
    {
        var json = KubernetesProtobuf.Decode(Convert.FromHexString(NamespaceBody), "v1", "Namespace");

        Assert.Equal("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"n"},"spec":{"finalizers":["kubernetes"]},"status":{"phase":"Active"}}""", json.ToJsonString());
    }

    [Fact]
    public void Kinds_without_a_schema_are_not_encoded()
    {
        Assert.Null(KubernetesProtobuf.TryEncode(JsonNode.Parse("""{"kind":"Table","apiVersion":"meta.k8s.io/v1","rows":[]}""")!.AsObject()));
        Assert.Null(KubernetesProtobuf.TryEncode(JsonNode.Parse("""{"major":"1","minor":"32"}""")!.AsObject()));
    }
}
