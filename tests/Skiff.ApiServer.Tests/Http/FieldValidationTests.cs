using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Skiff.ApiServer.Tests.Infrastructure;

namespace Skiff.ApiServer.Tests.Http;

/// <summary>fieldValidation=Strict|Warn|Ignore on create, update and patch, over HTTP against the in-process server.</summary>
public sealed class FieldValidationTests : IAsyncLifetime
{
    private const string Pods = "/api/v1/namespaces/default/pods";
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";

    private const string PodWithUnknownFields = """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"NAME"},
         "spec":{"foo":1,"containers":[{"name":"c","image":"nginx","bar":true}]}}
        """;

    private InProcessServer server = null!;

    public async Task InitializeAsync() => server = await InProcessServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    private async Task<(HttpStatusCode Status, JsonNode Body, string[] Warnings)> SendAsync(
        HttpMethod method, string path, string body, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        using var response = await server.Http.SendAsync(request);
        var warnings = response.Headers.TryGetValues("Warning", out var values) ? values.ToArray() : [];
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!, warnings);
    }

    [Fact]
    public async Task Strict_create_is_upstreams_bad_request_naming_every_unknown_field()
    {
        var (status, body, _) = await SendAsync(HttpMethod.Post, Pods + "?fieldValidation=Strict", PodWithUnknownFields.Replace("NAME", "strict"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("BadRequest", (string?)body["reason"]);
        Assert.Equal("Pod in version \"v1\" cannot be handled as a Pod: strict decoding error: unknown field \"spec.foo\", unknown field \"spec.containers[0].bar\"",
            (string?)body["message"]);
    }

    [Fact]
    public async Task Warn_is_the_default_and_answers_a_warning_header_per_problem()
    {
        foreach (var (query, name) in new[] { ("?fieldValidation=Warn", "warn"), ("", "default") })
        {
            var (status, _, warnings) = await SendAsync(HttpMethod.Post, Pods + query, PodWithUnknownFields.Replace("NAME", name));

            Assert.Equal(HttpStatusCode.Created, status);
            Assert.Equal(["299 - \"unknown field \\\"spec.foo\\\"\"", "299 - \"unknown field \\\"spec.containers[0].bar\\\"\""], warnings);
        }
    }

    [Fact]
    public async Task Ignore_accepts_silently()
    {
        var (status, body, warnings) = await SendAsync(HttpMethod.Post, Pods + "?fieldValidation=Ignore", PodWithUnknownFields.Replace("NAME", "ignore"));

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Empty(warnings);
        Assert.Null(body["spec"]!["foo"]);
    }

    [Fact]
    public async Task An_unsupported_value_is_upstreams_422_on_the_options_kind()
    {
        var (status, body, _) = await SendAsync(HttpMethod.Post, ConfigMaps + "?fieldValidation=strict", """{"metadata":{"name":"x"}}""");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("CreateOptions.meta.k8s.io \"\" is invalid: fieldValidation: Unsupported value: \"strict\": supported values: \"\", \"Ignore\", \"Strict\", \"Warn\"",
            (string?)body["message"]);
        Assert.Equal("CreateOptions", (string?)body["details"]!["kind"]);
        Assert.Equal("meta.k8s.io", (string?)body["details"]!["group"]);
        Assert.Equal("fieldValidation", (string?)body["details"]!["causes"]![0]!["field"]);

        var (patchStatus, patchBody, _) = await SendAsync(HttpMethod.Patch, ConfigMaps + "/x?fieldValidation=bogus", "{}", "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, patchStatus);
        Assert.StartsWith("PatchOptions.meta.k8s.io \"\" is invalid: fieldValidation: Unsupported value: \"bogus\"", (string?)patchBody["message"]);
    }

    [Fact]
    public async Task Duplicate_fields_in_json_are_errors_under_strict_and_the_last_value_wins_otherwise()
    {
        const string configMap = """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"dup"},"data":{"a":"1","a":"2"}}""";
        var (status, body, _) = await SendAsync(HttpMethod.Post, ConfigMaps + "?fieldValidation=Strict", configMap);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("ConfigMap in version \"v1\" cannot be handled as a ConfigMap: strict decoding error: duplicate field \"data.a\"", (string?)body["message"]);

        var (created, createdBody, warnings) = await SendAsync(HttpMethod.Post, ConfigMaps, configMap);
        Assert.Equal(HttpStatusCode.Created, created);
        Assert.Equal(["299 - \"duplicate field \\\"data.a\\\"\""], warnings);
        Assert.Equal("2", (string?)createdBody["data"]!["a"]);
    }

    [Fact]
    public async Task Yaml_bodies_report_go_yamls_repeated_keys_then_unknown_fields()
    {
        const string yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: yaml\ndata:\n  a: \"1\"\n  a: \"2\"\nfoo: 1\n";
        var (status, body, _) = await SendAsync(HttpMethod.Post, ConfigMaps + "?fieldValidation=Strict", yaml, "application/yaml");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("ConfigMap in version \"v1\" cannot be handled as a ConfigMap: strict decoding error: yaml: unmarshal errors:\n  line 7: key \"a\" already set in map, unknown field \"foo\"",
            (string?)body["message"]);

        var (created, _, warnings) = await SendAsync(HttpMethod.Post, ConfigMaps + "?fieldValidation=Warn", yaml, "application/yaml");
        Assert.Equal(HttpStatusCode.Created, created);
        Assert.Equal(["299 - \"line 7: key \\\"a\\\" already set in map\"", "299 - \"unknown field \\\"foo\\\"\""], warnings);
    }

    [Fact]
    public async Task Strict_update_is_checked_like_create()
    {
        await server.CreateConfigMapAsync("default", "upd");
        var (status, body, _) = await SendAsync(HttpMethod.Put, ConfigMaps + "/upd?fieldValidation=Strict",
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"upd","extra":1},"data":{"a":"1"}}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("ConfigMap in version \"v1\" cannot be handled as a ConfigMap: strict decoding error: unknown field \"metadata.extra\"", (string?)body["message"]);
    }

    [Theory]
    [InlineData("application/merge-patch+json", """{"metadata":{"labels":{"a":"1","a":"2"}},"foo":1}""",
        "strict decoding error: duplicate field \"metadata.labels.a\", unknown field \"foo\"")]
    [InlineData("application/strategic-merge-patch+json", """{"spec":{"foo":1}}""", "strict decoding error: unknown field \"spec\"")]
    [InlineData("application/json-patch+json", """[{"op":"add","path":"/data","value":{"b":"x"},"bar":1},{"op":"add","path":"/zz","value":1}]""",
        "strict decoding error: json patch unknown field \"[0].bar\", unknown field \"zz\"")]
    public async Task Strict_patches_are_upstreams_invalid_patch_with_the_strict_errors(string patchType, string patch, string expectedEnd)
    {
        await server.CreateConfigMapAsync("default", "p");
        var (status, body, _) = await SendAsync(HttpMethod.Patch, ConfigMaps + "/p?fieldValidation=Strict", patch, patchType);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        var message = (string)body["message"]!;
        Assert.StartsWith(" \"\" is invalid: patch: Invalid value: \"", message);
        Assert.EndsWith("\": " + expectedEnd, message);
        Assert.Equal("patch", (string?)body["details"]!["causes"]![0]!["field"]);
        Assert.Null(body["details"]!["kind"]);
    }

    [Fact]
    public async Task A_strategic_merge_patch_shows_the_patch_as_go_prints_it()
    {
        await server.CreateConfigMapAsync("default", "smp");
        var (_, body, _) = await SendAsync(HttpMethod.Patch, ConfigMaps + "/smp?fieldValidation=Strict",
            """{"metadata":{"labels":{"b":"2","a":"1"}},"foo":{"x":1}}""", "application/strategic-merge-patch+json");

        Assert.Equal(" \"\" is invalid: patch: Invalid value: \"map[foo:map[x:1] metadata:map[labels:map[a:1 b:2]]]\": strict decoding error: unknown field \"foo\"",
            (string?)body["message"]);
    }

    [Fact]
    public async Task Patches_warn_by_default_and_apply()
    {
        await server.CreateConfigMapAsync("default", "pw");
        var (status, body, warnings) = await SendAsync(HttpMethod.Patch, ConfigMaps + "/pw", """{"data":{"k":"v"},"foo":1}""", "application/merge-patch+json");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["299 - \"unknown field \\\"foo\\\"\""], warnings);
        Assert.Equal("v", (string?)body["data"]!["k"]);
    }
}
