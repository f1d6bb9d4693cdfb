using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;
using Skiff.Api.Decoding;

namespace Skiff.Api.Tests.Decoding;

public class StrictFieldCheckerTests
{
    private static string[] Problems(string json, Type model) =>
        [.. StrictFieldChecker.Check(Encoding.UTF8.GetBytes(json), model).Select(e => e.ToString())];

    [Fact]
    public void A_fully_known_object_has_no_problems()
    {
        const string pod = """
            {"apiVersion":"v1","kind":"Pod",
             "metadata":{"name":"p","labels":{"app":"web","tier":"x"},"annotations":{"a/b":"c"},
                         "ownerReferences":[{"apiVersion":"v1","kind":"RC","name":"r","uid":"u","controller":true}]},
             "spec":{"containers":[{"name":"c","image":"nginx","ports":[{"containerPort":80}],
                                    "resources":{"limits":{"cpu":"1","memory":"1Gi"},"requests":{"cpu":0.5}},
                                    "readinessProbe":{"httpGet":{"port":"http","path":"/"}}}],
                     "nodeSelector":{"disk":"ssd"},"tolerations":[{"key":"k","operator":"Exists"}]},
             "status":{"phase":"Pending","conditions":[{"type":"Ready","status":"False"}]}}
            """;
        Assert.Empty(Problems(pod, typeof(V1Pod)));
    }

    [Fact]
    public void Unknown_fields_are_reported_by_path_in_document_order()
    {
        const string deployment = """
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d","bogus":1},
             "spec":{"foo":{"nested":{"deeper":1}},"replicas":1,
                     "template":{"metadata":{"labels":{"app":"x"}},
                                 "spec":{"containers":[{"name":"a","image":"i"},{"name":"b","image":"i","bar":[1,2]}]}}},
             "extra":true}
            """;
        Assert.Equal(
            ["unknown field \"metadata.bogus\"", "unknown field \"spec.foo\"", "unknown field \"spec.template.spec.containers[1].bar\"", "unknown field \"extra\""],
            Problems(deployment, typeof(V1Deployment)));
    }

    [Fact]
    public void Field_names_are_case_sensitive_as_in_upstream_strict_decoding()
    {
        Assert.Equal(["unknown field \"spec.Replicas\""], Problems("""{"spec":{"Replicas":1}}""", typeof(V1Deployment)));
    }

    [Fact]
    public void Maps_accept_any_key_and_report_repeated_keys()
    {
        const string configMap = """{"metadata":{"name":"c","labels":{"a":"1","b":"2","a":"3"}},"data":{"x":"1","x":"2"}}""";
        Assert.Equal(["duplicate field \"metadata.labels.a\"", "duplicate field \"data.x\""], Problems(configMap, typeof(V1ConfigMap)));
    }

    [Fact]
    public void Repeated_properties_are_reported_once_each_and_their_values_are_still_checked()
    {
        const string configMap = """{"metadata":{"name":"a","name":"b","name":"c"},"metadata":{"foo":1},"zz":1,"zz":2}""";
        Assert.Equal(["duplicate field \"metadata.name\"", "duplicate field \"metadata\"", "unknown field \"metadata.foo\"", "unknown field \"zz\""],
            Problems(configMap, typeof(V1ConfigMap)));
    }

    [Fact]
    public void A_map_with_many_keys_still_finds_its_repeated_keys()
    {
        var keys = string.Join(",", Enumerable.Range(0, 40).Select(i => $"\"k{i}\":\"v\""));
        Assert.Equal(["duplicate field \"data.k3\"", "duplicate field \"data.k39\""],
            Problems("{\"data\":{" + keys + ",\"k3\":\"again\",\"k39\":\"again\"}}", typeof(V1ConfigMap)));
    }

    [Fact]
    public void Int_or_string_and_quantities_are_leaves_whatever_their_json()
    {
        const string service = """{"spec":{"ports":[{"port":80,"targetPort":"http"},{"port":81,"targetPort":8080}]}}""";
        Assert.Empty(Problems(service, typeof(V1Service)));
        const string strategy = """{"spec":{"strategy":{"rollingUpdate":{"maxSurge":"25%","maxUnavailable":1}}}}""";
        Assert.Empty(Problems(strategy, typeof(V1Deployment)));
        // A value of the wrong type is the deserializer's error, not a strict one.
        Assert.Empty(Problems("""{"spec":{"ports":[{"port":80,"targetPort":{"odd":1}}]}}""", typeof(V1Service)));
        Assert.Empty(Problems("""{"spec":"not an object"}""", typeof(V1Service)));
    }

    [Fact]
    public void Escaped_names_are_compared_unescaped()
    {
        Assert.Equal(["unknown field \"spec.f\\\"o\""], Problems("""{"sp\u0065c":{"repl\u0069cas":1,"f\"o":2}}""", typeof(V1Deployment)));
        Assert.Equal(["duplicate field \"data.a\""], Problems("""{"data":{"a":"1","\u0061":"2"}}""", typeof(V1ConfigMap)));
    }

    [Fact]
    public void Json_nodes_are_checked_like_bytes()
    {
        var node = JsonNode.Parse("""{"spec":{"containers":[{"name":"c","bar":1}]}}""")!;
        Assert.Equal(["unknown field \"spec.containers[0].bar\""], StrictFieldChecker.Check(node, typeof(V1Pod)).Select(e => e.ToString()));
    }

    [Fact]
    public void Free_form_documents_only_have_repeated_keys()
    {
        var problems = StrictFieldChecker.CheckFreeForm("""{"spec":{"anything":1,"list":[{"a":1,"a":2}]},"spec":2}"""u8);
        Assert.Equal(["duplicate field \"spec.list[0].a\"", "duplicate field \"spec\""], problems.Select(e => e.ToString()));
    }

    [Fact]
    public void Json_patch_operations_know_op_path_from_and_value()
    {
        var problems = StrictFieldChecker.CheckJsonPatch("""[{"op":"add","path":"/a","value":{"x":1,"x":2}},{"op":"remove","path":"/b","foo":1,"op":"remove"}]"""u8);
        Assert.Equal(["duplicate field \"[0].value.x\"", "unknown field \"[1].foo\"", "duplicate field \"[1].op\""], problems.Select(e => e.ToString()));
    }

    [Fact]
    public void Malformed_json_is_a_json_exception()
    {
        Assert.ThrowsAny<JsonException>(() => StrictFieldChecker.Check("""{"spec":"""u8, typeof(V1Pod)));
        Assert.ThrowsAny<JsonException>(() => StrictFieldChecker.Check("""{} {}"""u8, typeof(V1Pod)));
    }

    [Fact]
    public void At_most_one_hundred_problems_are_kept()
    {
        var fields = string.Join(",", Enumerable.Range(0, 150).Select(i => $"\"f{i}\":1"));
        Assert.Equal(100, StrictFieldChecker.Check(Encoding.UTF8.GetBytes($"{{{fields}}}"), typeof(V1Pod)).Count);
    }

    [Fact]
    public void The_all_known_path_allocates_nothing_once_warm()
    {
        var body = """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","labels":{"a":"b"}},"spec":{"containers":[{"name":"c","image":"i"}]}}"""u8.ToArray();
        StrictFieldChecker.Check(body, typeof(V1Pod));
        var before = GC.GetAllocatedBytesForCurrentThread();
        var problems = StrictFieldChecker.Check(body, typeof(V1Pod));
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Empty(problems);
    }
}
