using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Skiff.Api.Protobuf;
using Skiff.E2E.Tests.Infrastructure;
using Skiff.Testing;

namespace Skiff.E2E.Tests;

/// <summary>
/// application/vnd.kubernetes.protobuf against the real binary: the kubectl commands that send it (create &lt;kind&gt;,
/// autoscale), protobuf answers for clients that prefer them, malformed bodies, and JSON for everyone else.
/// </summary>
public sealed class ProtobufTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Protobuf = "application/vnd.kubernetes.protobuf";
    private const string ClientGoAccept = "application/vnd.kubernetes.protobuf,application/json";

    public static TheoryData<string> Commands =>
        ["deployment", "deployment-replicas-port", "service-clusterip", "service-nodeport", "configmap", "secret", "namespace", "autoscale"];

    /// <summary>One kubectl command: its arguments, what it creates, what it prints, and checks of the stored object.</summary>
    private sealed record Command(
        string[] Args, string Resource, string Name, string Printed, string[] DryRunYaml, Action<JsonNode> Check, bool Autoscales = false);

    private static Command For(string command, string namespaceName) => command switch
    {
        "deployment" => new(["create", "deployment", "nginx", "--image=nginx:1.17"], "deployment", "nginx", "deployment.apps/nginx created",
            ["kind: Deployment", "replicas: 1", "image: nginx:1.17", "terminationMessagePolicy: File", "type: RollingUpdate"],
            o =>
            {
                Assert.Equal(1, o["spec"]!["replicas"]!.GetValue<int>());
                Assert.Equal("nginx", o["spec"]!["selector"]!["matchLabels"]!["app"]!.GetValue<string>());
                Assert.Equal("nginx", o["metadata"]!["labels"]!["app"]!.GetValue<string>());
                var container = o["spec"]!["template"]!["spec"]!["containers"]![0]!;
                Assert.Equal("nginx", container["name"]!.GetValue<string>());
                Assert.Equal("nginx:1.17", container["image"]!.GetValue<string>());
            }),
        "deployment-replicas-port" => new(["create", "deployment", "web", "--image=nginx:1.17", "--replicas=3", "--port=80"], "deployment", "web",
            "deployment.apps/web created", ["replicas: 3", "containerPort: 80", "protocol: TCP"],
            o =>
            {
                Assert.Equal(3, o["spec"]!["replicas"]!.GetValue<int>());
                var port = o["spec"]!["template"]!["spec"]!["containers"]![0]!["ports"]![0]!;
                Assert.Equal(80, port["containerPort"]!.GetValue<int>());
                Assert.Equal("TCP", port["protocol"]!.GetValue<string>());
            }),
        "service-clusterip" => new(["create", "service", "clusterip", "web", "--tcp=80:8080"], "service", "web", "service/web created",
            ["type: ClusterIP", "name: 80-8080", "targetPort: 8080", "sessionAffinity: None"],
            o =>
            {
                Assert.Equal("ClusterIP", o["spec"]!["type"]!.GetValue<string>());
                var port = o["spec"]!["ports"]![0]!;
                Assert.Equal("80-8080", port["name"]!.GetValue<string>());
                Assert.Equal(80, port["port"]!.GetValue<int>());
                Assert.Equal(8080, port["targetPort"]!.GetValue<int>());
                Assert.Equal("web", o["spec"]!["selector"]!["app"]!.GetValue<string>());
                Assert.Matches(@"^\d+\.\d+\.\d+\.\d+$", o["spec"]!["clusterIP"]!.GetValue<string>());
            }),
        "service-nodeport" => new(["create", "service", "nodeport", "np", "--tcp=80:8080"], "service", "np", "service/np created",
            ["type: NodePort", "targetPort: 8080", "nodePort: "],
            o =>
            {
                Assert.Equal("NodePort", o["spec"]!["type"]!.GetValue<string>());
                Assert.InRange(o["spec"]!["ports"]![0]!["nodePort"]!.GetValue<int>(), 30000, 32767);
            }),
        "configmap" => new(["create", "configmap", "c", "--from-literal=a=b"], "configmap", "c", "configmap/c created", ["a: b", "kind: ConfigMap"],
            o => Assert.Equal("b", o["data"]!["a"]!.GetValue<string>())),
        "secret" => new(["create", "secret", "generic", "s", "--from-literal=k=v"], "secret", "s", "secret/s created", ["k: dg==", "type: Opaque"],
            o =>
            {
                Assert.Equal(Convert.ToBase64String("v"u8), o["data"]!["k"]!.GetValue<string>());
                Assert.Equal("Opaque", o["type"]!.GetValue<string>());
            }),
        "namespace" => new(["create", "namespace", namespaceName], "namespace", namespaceName, $"namespace/{namespaceName} created",
            ["kind: Namespace", "phase: Active", "- kubernetes"],
            o =>
            {
                Assert.Equal("Active", o["status"]!["phase"]!.GetValue<string>());
                Assert.Equal("kubernetes", o["spec"]!["finalizers"]![0]!.GetValue<string>());
            }),
        "autoscale" => new(["autoscale", "deployment", "nginx", "--cpu-percent=50", "--min=2", "--max=10"], "hpa", "nginx",
            "horizontalpodautoscaler.autoscaling/nginx autoscaled",
            ["apiVersion: autoscaling/v1", "targetCPUUtilizationPercentage: 50", "minReplicas: 2", "maxReplicas: 10"],
            o =>
            {
                // Read back at the preferred version, autoscaling/v2.
                Assert.Equal(2, o["spec"]!["minReplicas"]!.GetValue<int>());
                Assert.Equal(10, o["spec"]!["maxReplicas"]!.GetValue<int>());
                Assert.Equal("nginx", o["spec"]!["scaleTargetRef"]!["name"]!.GetValue<string>());
                Assert.Equal(50, o["spec"]!["metrics"]![0]!["resource"]!["target"]!["averageUtilization"]!.GetValue<int>());
            },
            Autoscales: true),
        _ => throw new ArgumentOutOfRangeException(nameof(command)),
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Kubectl_sends_protobuf_and_the_server_stores_what_the_json_body_would_store(string command)
    {
        using var kubectl = new Kubectl(fixture.Server);
        var ns = await KubectlApplyTests.NewNamespaceAsync(kubectl, "pb");
        var c = For(command, $"pb-ns-{Guid.NewGuid():N}"[..16]);
        if (c.Autoscales)
        {
            await kubectl.OkAsync("create", "deployment", "nginx", "--image=nginx:1.17", "-n", ns);
        }

        var result = await kubectl.RunAsync([.. c.Args, "-n", ns, "-v=8"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(c.Printed, result.StdOut.Trim());
        AssertProtobufBothWays(result.StdErr);
        var stored = await GetJsonAsync(kubectl, c.Resource, c.Name, ns);
        c.Check(stored);

        // The same object as JSON (kubectl's client-side rendering of it), created through the JSON path: the server
        // must store the same thing either way.
        var jsonNs = await KubectlApplyTests.NewNamespaceAsync(kubectl, "pbjson");
        var jsonCommand = For(command, $"pb-ns-{Guid.NewGuid():N}"[..16]);
        if (c.Autoscales)
        {
            await kubectl.OkAsync("create", "deployment", "nginx", "--image=nginx:1.17", "-n", jsonNs);
        }

        var rendered = await kubectl.OkAsync([.. jsonCommand.Args, "-n", jsonNs, "--dry-run=client", "-o", "json"]);
        Assert.Contains(" created", (await kubectl.RunWithInputAsync(rendered, "create", "-n", jsonNs, "-f", "-")).StdOut);
        var viaJson = await GetJsonAsync(kubectl, jsonCommand.Resource, jsonCommand.Name, jsonNs);
        Assert.Equal(Comparable(viaJson).ToJsonString(), Comparable(stored).ToJsonString());
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Kubectl_server_dry_run_prints_the_defaulted_object_from_a_protobuf_answer_and_stores_nothing(string command)
    {
        using var kubectl = new Kubectl(fixture.Server);
        var ns = await KubectlApplyTests.NewNamespaceAsync(kubectl, "pbdry");
        var c = For(command, $"pb-dry-{Guid.NewGuid():N}"[..16]);
        if (c.Autoscales)
        {
            await kubectl.OkAsync("create", "deployment", "nginx", "--image=nginx:1.17", "-n", ns);
        }

        var yaml = await kubectl.OkAsync([.. c.Args, "-n", ns, "--dry-run=server", "-o", "yaml"]);

        Assert.Contains($"name: {c.Name}", yaml);
        Assert.Matches(@"uid: [0-9a-f-]{36}", yaml);
        Assert.Matches(@"creationTimestamp: ""\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ""", yaml);
        foreach (var line in c.DryRunYaml)
        {
            Assert.Contains(line, yaml);
        }

        var get = await kubectl.RunAsync("get", c.Resource, c.Name, "-n", ns);
        Assert.NotEqual(0, get.ExitCode);
        Assert.Contains("NotFound", get.StdErr);

        var plain = await kubectl.OkAsync([.. c.Args, "-n", ns, "--dry-run=server"]);
        Assert.Equal($"{c.Printed} (server dry run)", plain.Trim());
    }

    [Fact]
    public async Task Kubectl_reports_a_protobuf_status_error()
    {
        using var kubectl = new Kubectl(fixture.Server);
        var ns = await KubectlApplyTests.NewNamespaceAsync(kubectl, "pberr");
        await kubectl.OkAsync("create", "configmap", "c", "--from-literal=a=b", "-n", ns);

        var again = await kubectl.RunAsync("create", "configmap", "c", "--from-literal=a=b", "-n", ns);
        var invalid = await kubectl.RunAsync("create", "deployment", "Bad_Name", "--image=nginx", "-n", ns);

        Assert.Contains("error: failed to create configmap: configmaps \"c\" already exists", again.StdErr);
        Assert.Contains("error: failed to create deployment: Deployment.apps \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\"", invalid.StdErr);
    }

    [Fact]
    public async Task Clients_preferring_protobuf_get_objects_lists_and_errors_in_protobuf_and_watches_in_json()
    {
        using var api = new ApiClient(fixture.Server);
        var ns = await api.CreateNamespaceAsync("pbread");
        await api.CreateConfigMapAsync(ns, "one", "1");
        await api.CreateConfigMapAsync(ns, "two", "2");

        using (var json = await api.GetAsync($"/api/v1/namespaces/{ns}/configmaps/one"))
        using (var protobuf = await api.GetAsync($"/api/v1/namespaces/{ns}/configmaps/one", ClientGoAccept))
        {
            Assert.Equal("application/json", json.Content.Headers.ContentType?.MediaType);
            Assert.Equal(Protobuf, protobuf.Content.Headers.ContentType?.MediaType);
            var decoded = KubernetesProtobuf.Decode(await protobuf.Content.ReadAsByteArrayAsync(), "v1", "ConfigMap");
            var expected = JsonNode.Parse(await json.Content.ReadAsStringAsync());
            Assert.True(JsonNode.DeepEquals(expected, decoded), $"{expected?.ToJsonString()}\n{decoded.ToJsonString()}");
        }

        using (var list = await api.GetAsync($"/api/v1/namespaces/{ns}/configmaps", ClientGoAccept))
        {
            Assert.Equal(Protobuf, list.Content.Headers.ContentType?.MediaType);
            var decoded = KubernetesProtobuf.Decode(await list.Content.ReadAsByteArrayAsync(), "v1", "ConfigMapList");
            Assert.Equal("ConfigMapList", decoded["kind"]!.GetValue<string>());
            Assert.Equal(["one", "two"], decoded["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()));
            Assert.Equal("2", decoded["items"]![1]!["data"]!["k"]!.GetValue<string>());
            Assert.NotEmpty(decoded["metadata"]!["resourceVersion"]!.GetValue<string>());
        }

        using (var missing = await api.GetAsync($"/api/v1/namespaces/{ns}/configmaps/nope", ClientGoAccept))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            Assert.Equal(Protobuf, missing.Content.Headers.ContentType?.MediaType);
            var status = KubernetesProtobuf.Decode(await missing.Content.ReadAsByteArrayAsync(), "v1", "Status");
            Assert.Equal("configmaps \"nope\" not found", status["message"]!.GetValue<string>());
            Assert.Equal("NotFound", status["reason"]!.GetValue<string>());
            Assert.Equal(404, status["code"]!.GetValue<int>());
        }

        // A Table, metadata-only lists and watches keep JSON, whatever else the client would take.
        using (var table = await api.GetAsync($"/api/v1/namespaces/{ns}/configmaps", "application/json;as=Table;v=v1;g=meta.k8s.io,application/json"))
        {
            Assert.Equal("application/json", table.Content.Headers.ContentType?.MediaType);
            Assert.Equal("Table", JsonNode.Parse(await table.Content.ReadAsStringAsync())!["kind"]!.GetValue<string>());
        }

        using (var partial = await api.GetAsync($"/api/v1/namespaces/{ns}/configmaps",
            "application/vnd.kubernetes.protobuf;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json"))
        {
            Assert.Equal("application/json", partial.Content.Headers.ContentType?.MediaType);
        }

        var watchResponse = await api.GetAsync($"/api/v1/namespaces/{ns}/configmaps?watch=true&resourceVersion=0&timeoutSeconds=5", ClientGoAccept);
        Assert.Equal("application/json", watchResponse.Content.Headers.ContentType?.MediaType);
        using var watch = await WatchStream.OpenAsync(watchResponse);
        var first = await watch.NextAsync();
        Assert.Equal("ADDED", first?["type"]?.GetValue<string>());
    }

    [Fact]
    public async Task A_protobuf_delete_options_body_is_honoured()
    {
        using var api = new ApiClient(fixture.Server);
        var ns = await api.CreateNamespaceAsync("pbdel");
        await api.CreateConfigMapAsync(ns, "kept", "1");
        var options = KubernetesProtobuf.TryEncode(JsonNode.Parse("""{"apiVersion":"v1","kind":"DeleteOptions","propagationPolicy":"Orphan"}""")!.AsObject())!;

        using var response = await api.SendBytesAsync(HttpMethod.Delete, $"/api/v1/namespaces/{ns}/configmaps/kept", options, Protobuf, ClientGoAccept);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = KubernetesProtobuf.Decode(await response.Content.ReadAsByteArrayAsync(), "v1", "ConfigMap");
        Assert.Equal("orphan", answer["metadata"]!["finalizers"]![0]!.GetValue<string>());
        Assert.NotNull(answer["metadata"]!["deletionTimestamp"]);
    }

    public static TheoryData<string, string, string> MalformedBodies => new()
    {
        { "no magic", "7b226b696e64223a224465706c6f796d656e74227d",
          "the object provided is unrecognized (must be of type Deployment): provided data does not appear to be a protobuf message, expected prefix [107 56 115 0] ({\"kind\":\"Deployment\"})" },
        { "truncated envelope", "6b3873000a1a0a07617070732f7631120a4465706c6f796d656e74",
          "the object provided is unrecognized (must be of type Deployment): unexpected EOF (6b3873000a1a0a07617070732f7631120a4465706c6f796d656e74)" },
        { "truncated varint", Envelope("apps/v1", "Deployment", "1202" + "0880"),
          "Deployment in version \"v1\" cannot be handled as a Deployment: unexpected EOF" },
        { "wrong wire type", Envelope("apps/v1", "Deployment", "0803"),
          "Deployment in version \"v1\" cannot be handled as a Deployment: proto: wrong wireType = 0 for field Metadata" },
        { "unknown kind", Envelope("apps/v1", "Widget", ""),
          "Widget in version \"v1\" cannot be handled as a Deployment: no kind \"Widget\" is registered for version \"apps/v1\" in scheme \"pkg/api/legacyscheme/scheme.go:30\"" },
        { "kind not matching the URL", Envelope("v1", "ConfigMap", "0a030a0178"),
          "the API version in the data (v1) does not match the expected API version (apps/v1)" },
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task Malformed_protobuf_is_a_bad_request_and_stores_nothing(string what, string hex, string message)
    {
        using var api = new ApiClient(fixture.Server);
        var ns = await api.CreateNamespaceAsync("pbbad");

        using var response = await api.SendBytesAsync(HttpMethod.Post, $"/apis/apps/v1/namespaces/{ns}/deployments", Convert.FromHexString(hex), Protobuf);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{what}: {(int)response.StatusCode}");
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("BadRequest", status["reason"]!.GetValue<string>());
        Assert.Equal(message, status["message"]!.GetValue<string>());
        using var list = await api.GetAsync($"/apis/apps/v1/namespaces/{ns}/deployments");
        Assert.Empty(JsonNode.Parse(await list.Content.ReadAsStringAsync())!["items"]!.AsArray());
        using var health = await api.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task A_protobuf_binding_sets_the_pods_node()
    {
        using var api = new ApiClient(fixture.Server);
        var ns = await api.CreateNamespaceAsync("pbbind");
        await api.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods",
            """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"schedulerName":"bound-by-hand","containers":[{"name":"c","image":"busybox"}]}}""");
        var binding = KubernetesProtobuf.TryEncode(JsonNode.Parse(
            """{"apiVersion":"v1","kind":"Binding","metadata":{"name":"p"},"target":{"apiVersion":"v1","kind":"Node","name":"node-1"}}""")!.AsObject())!;

        using var response = await api.SendBytesAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods/p/binding", binding, Protobuf, ClientGoAccept);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var pod = await api.GetAsync($"/api/v1/namespaces/{ns}/pods/p");
        Assert.Equal("node-1", JsonNode.Parse(await pod.Content.ReadAsStringAsync())!["spec"]!["nodeName"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_csharp_client_keeps_working_in_json()
    {
        using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(fixture.Server.Kubeconfig));
        var ns = (await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { GenerateName = "pbcs-" } })).Metadata.Name;

        await client.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c" }, Data = new Dictionary<string, string> { ["a"] = "b" } }, ns);
        var read = await client.CoreV1.ReadNamespacedConfigMapAsync("c", ns);
        var list = await client.CoreV1.ListNamespacedConfigMapAsync(ns);

        Assert.Equal("b", read.Data["a"]);
        Assert.Equal("c", Assert.Single(list.Items).Metadata.Name);
    }

    /// <summary>The POST went out in protobuf and its answer came back in protobuf (kubectl -v=8 logs both headers).</summary>
    private static void AssertProtobufBothWays(string log)
    {
        var lines = log.Split('\n');
        var post = Array.FindIndex(lines, l => l.Contains("] POST https://", StringComparison.Ordinal));
        Assert.True(post >= 0, log);
        var requestType = lines.Skip(post).First(l => l.Contains("Content-Type:", StringComparison.Ordinal));
        var answer = Array.FindIndex(lines, post, l => l.Contains("Response Status: 201", StringComparison.Ordinal));
        Assert.True(answer > post, log);
        var responseType = lines.Skip(answer).First(l => l.Contains("Content-Type:", StringComparison.Ordinal));
        Assert.EndsWith($"Content-Type: {Protobuf}", requestType.TrimEnd());
        Assert.EndsWith($"Content-Type: {Protobuf}", responseType.TrimEnd());
    }

    private static async Task<JsonNode> GetJsonAsync(Kubectl kubectl, string resource, string name, string ns) =>
        JsonNode.Parse(await kubectl.OkAsync("get", resource, name, "-n", ns, "-o", "json"))!;

    /// <summary>The stored object without what differs between any two creations: identity, time, place, allocations.</summary>
    private static JsonNode Comparable(JsonNode stored)
    {
        var copy = stored.DeepClone();
        var metadata = copy["metadata"]!.AsObject();
        foreach (var field in new[] { "uid", "creationTimestamp", "resourceVersion", "namespace", "name" })
        {
            metadata.Remove(field);
        }

        metadata["labels"]?.AsObject().Remove("kubernetes.io/metadata.name");
        if (copy["kind"]?.GetValue<string>() == "Deployment")
        {
            // Written by the deployment controller at its own pace, not from what the client sent.
            copy.AsObject().Remove("status");
            if (metadata["annotations"] is JsonObject annotations)
            {
                annotations.Remove("deployment.kubernetes.io/revision");
                if (annotations.Count == 0)
                {
                    metadata.Remove("annotations");
                }
            }
        }

        if (copy["spec"] is JsonObject spec && copy["kind"]?.GetValue<string>() == "Service")
        {
            spec.Remove("clusterIP");
            spec.Remove("clusterIPs");
            foreach (var port in spec["ports"]!.AsArray())
            {
                port!.AsObject().Remove("nodePort");
            }
        }

        return copy;
    }

    /// <summary>A protobuf body by hand: magic, runtime.Unknown{typeMeta{apiVersion, kind}, raw (hex), "", ""}.</summary>
    private static string Envelope(string apiVersion, string kind, string rawHex)
    {
        static string Field(int number, byte[] value) => Convert.ToHexStringLower([(byte)(number << 3 | 2), (byte)value.Length, .. value]);
        var typeMeta = Convert.FromHexString(Field(1, Encoding.ASCII.GetBytes(apiVersion)) + Field(2, Encoding.ASCII.GetBytes(kind)));
        return "6b387300" + Field(1, typeMeta) + Field(2, Convert.FromHexString(rawHex)) + "1a00" + "2200";
    }
}
