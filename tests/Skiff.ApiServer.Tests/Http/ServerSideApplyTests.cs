using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Skiff.ApiServer.Tests.Infrastructure;

namespace Skiff.ApiServer.Tests.Http;

/// <summary>PATCH application/apply-patch+yaml and managedFields over HTTPS, checked against upstream's answers.</summary>
public class ServerSideApplyTests
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";

    private static string ConfigMap(string data, string labels = "{\"a\":\"1\"}") =>
        $$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm","labels":{{labels}}},"data":{{data}}}""";

    private static async Task<(HttpStatusCode Code, JsonNode Body)> SendAsync(InProcessServer server, HttpMethod method, string path, string body,
        string contentType, string? userAgent = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        if (userAgent is not null)
        {
            request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        }

        using var response = await server.Http.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    private static Task<(HttpStatusCode Code, JsonNode Body)> ApplyAsync(InProcessServer server, string path, string body) =>
        SendAsync(server, HttpMethod.Patch, path, body, "application/apply-patch+yaml");

    private static JsonArray ManagedFields(JsonNode obj) => obj["metadata"]!["managedFields"]!.AsArray();

    [Fact]
    public async Task Apply_creates_a_missing_object_with_201_and_an_Apply_entry()
    {
        await using var server = await InProcessServer.StartAsync();
        var (code, body) = await ApplyAsync(server, $"{ConfigMaps}/cm?fieldManager=apply_test", ConfigMap("{\"key\":\"value\"}"));

        Assert.Equal(HttpStatusCode.Created, code);
        var entry = Assert.Single(ManagedFields(body))!;
        Assert.Equal("apply_test", entry["manager"]!.GetValue<string>());
        Assert.Equal("Apply", entry["operation"]!.GetValue<string>());
        Assert.Equal("v1", entry["apiVersion"]!.GetValue<string>());
        Assert.Equal("FieldsV1", entry["fieldsType"]!.GetValue<string>());
        Assert.Equal("2025-06-01T12:00:00Z", entry["time"]!.GetValue<string>());
        Assert.Equal("""{"f:data":{"f:key":{}},"f:metadata":{"f:labels":{"f:a":{}}}}""", entry["fieldsV1"]!.ToJsonString());
    }

    [Fact]
    public async Task A_repeated_apply_writes_nothing_and_an_update_takes_ownership_of_what_it_changes()
    {
        await using var server = await InProcessServer.StartAsync();
        var (_, created) = await ApplyAsync(server, $"{ConfigMaps}/cm?fieldManager=apply_test", ConfigMap("{\"key\":\"value\"}"));
        server.Time.Advance(TimeSpan.FromSeconds(10));
        var (again, repeated) = await ApplyAsync(server, $"{ConfigMaps}/cm?fieldManager=apply_test", ConfigMap("{\"key\":\"value\"}"));
        Assert.Equal(HttpStatusCode.OK, again);
        Assert.Equal(created["metadata"]!["resourceVersion"]!.GetValue<string>(), repeated["metadata"]!["resourceVersion"]!.GetValue<string>());

        var (patched, body) = await SendAsync(server, HttpMethod.Patch, $"{ConfigMaps}/cm?fieldManager=updater", "{\"data\":{\"key\":\"new value\"}}",
            "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.OK, patched);
        var entries = ManagedFields(body);
        Assert.Equal(2, entries.Count);
        Assert.Equal("""{"f:metadata":{"f:labels":{"f:a":{}}}}""", entries[0]!["fieldsV1"]!.ToJsonString());
        Assert.Equal("updater", entries[1]!["manager"]!.GetValue<string>());
        Assert.Equal("Update", entries[1]!["operation"]!.GetValue<string>());
        Assert.Equal("2025-06-01T12:00:10Z", entries[1]!["time"]!.GetValue<string>());
        Assert.Equal("""{"f:data":{"f:key":{}}}""", entries[1]!["fieldsV1"]!.ToJsonString());
    }

    [Fact]
    public async Task A_conflicting_apply_is_409_with_upstreams_status_and_force_takes_the_field()
    {
        await using var server = await InProcessServer.StartAsync();
        await ApplyAsync(server, $"{ConfigMaps}/cm?fieldManager=first", ConfigMap("{\"key\":\"value\"}"));
        var (code, status) = await ApplyAsync(server, $"{ConfigMaps}/cm?fieldManager=second", ConfigMap("{\"key\":\"other\"}"));

        Assert.Equal(HttpStatusCode.Conflict, code);
        Assert.Equal("Conflict", status["reason"]!.GetValue<string>());
        Assert.Equal("Apply failed with 1 conflict: conflict with \"first\": .data.key", status["message"]!.GetValue<string>());
        var cause = Assert.Single(status["details"]!["causes"]!.AsArray())!;
        Assert.Equal("FieldManagerConflict", cause["reason"]!.GetValue<string>());
        Assert.Equal("conflict with \"first\"", cause["message"]!.GetValue<string>());
        Assert.Equal(".data.key", cause["field"]!.GetValue<string>());

        var (forced, body) = await ApplyAsync(server, $"{ConfigMaps}/cm?fieldManager=second&force=true", ConfigMap("{\"key\":\"other\"}"));
        Assert.Equal(HttpStatusCode.OK, forced);
        Assert.Equal("other", body["data"]!["key"]!.GetValue<string>());
        var first = ManagedFields(body).Single(e => e!["manager"]!.GetValue<string>() == "first")!;
        Assert.Equal("""{"f:metadata":{"f:labels":{"f:a":{}}}}""", first["fieldsV1"]!.ToJsonString());
    }

    [Fact]
    public async Task Dropping_a_field_from_the_configuration_removes_it_and_dry_run_stores_nothing()
    {
        await using var server = await InProcessServer.StartAsync();
        await ApplyAsync(server, $"{ConfigMaps}/cm?fieldManager=m", ConfigMap("{\"key\":\"value\"}", "{\"a\":\"1\",\"b\":\"2\"}"));

        var (_, dry) = await ApplyAsync(server, $"{ConfigMaps}/cm?fieldManager=m&dryRun=All", ConfigMap("{\"key\":\"value\"}"));
        Assert.Null(dry["metadata"]!["labels"]!["b"]);
        using (var stored = await server.Http.GetAsync($"{ConfigMaps}/cm"))
        {
            Assert.Equal("2", JsonNode.Parse(await stored.Content.ReadAsStringAsync())!["metadata"]!["labels"]!["b"]!.GetValue<string>());
        }

        var (_, body) = await ApplyAsync(server, $"{ConfigMaps}/cm?fieldManager=m", ConfigMap("{\"key\":\"value\"}"));
        Assert.Equal("""{"a":"1"}""", body["metadata"]!["labels"]!.ToJsonString());

        var (_, dryCreate) = await ApplyAsync(server, $"{ConfigMaps}/other?fieldManager=m&dryRun=All",
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"other"}}""");
        Assert.Equal("other", dryCreate["metadata"]!["name"]!.GetValue<string>());
        using var missing = await server.Http.GetAsync($"{ConfigMaps}/other");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Theory]
    [InlineData("cm", "", "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"cm\"}}", 422,
        "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch")]
    [InlineData("cm", "fieldManager=m", "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"cm\"}}", 400,
        "invalid object type: /v1, Kind=Secret")]
    [InlineData("cm", "fieldManager=m", "{\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"cm\"}}", 400, "invalid object type: /, Kind=ConfigMap")]
    [InlineData("cm", "fieldManager=m", "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"cm\",\"managedFields\":[]}}", 400,
        "metadata.managedFields must be nil")]
    [InlineData("cm", "fieldManager=m", "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"x\"}}", 400,
        "the name of the object (x) does not match the name on the URL (cm)")]
    public async Task Apply_requests_upstream_refuses_are_refused_alike(string name, string query, string body, int code, string message)
    {
        await using var server = await InProcessServer.StartAsync();
        var (status, answer) = await ApplyAsync(server, $"{ConfigMaps}/{name}?{query}", body);
        Assert.Equal(code, (int)status);
        Assert.Equal(message, answer["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Force_is_refused_on_other_patches_and_the_user_agent_names_the_manager()
    {
        await using var server = await InProcessServer.StartAsync();
        var (code, status) = await SendAsync(server, HttpMethod.Patch, $"{ConfigMaps}/cm?force=true", "{}", "application/merge-patch+json");
        Assert.Equal(422, (int)code);
        Assert.Equal("PatchOptions.meta.k8s.io \"\" is invalid: force: Forbidden: may not be specified for non-apply patch", status["message"]!.GetValue<string>());

        var (created, body) = await SendAsync(server, HttpMethod.Post, ConfigMaps, ConfigMap("{\"k\":\"v\"}"), "application/json",
            userAgent: "kubectl/v1.32.0 (linux/amd64) kubernetes/abcdef");
        Assert.Equal(HttpStatusCode.Created, created);
        var entry = Assert.Single(ManagedFields(body))!;
        Assert.Equal("kubectl", entry["manager"]!.GetValue<string>());
        Assert.Equal("""{"f:data":{".":{},"f:k":{}},"f:metadata":{"f:labels":{".":{},"f:a":{}}}}""", entry["fieldsV1"]!.ToJsonString());
    }

    [Fact]
    public async Task Explicit_managed_fields_reset_with_an_empty_entry_and_are_kept_when_they_decode()
    {
        await using var server = await InProcessServer.StartAsync();
        await ApplyAsync(server, $"{ConfigMaps}/cm?fieldManager=m", ConfigMap("{\"key\":\"value\"}"));

        var (_, reset) = await SendAsync(server, HttpMethod.Patch, $"{ConfigMaps}/cm", "{\"metadata\":{\"managedFields\":[{}]}}", "application/merge-patch+json");
        Assert.Null(reset["metadata"]!["managedFields"]);

        const string entries = """[{"manager":"mine","operation":"Apply","apiVersion":"v1","fieldsType":"FieldsV1","fieldsV1":{"f:data":{"f:key":{}}}}]""";
        var (_, set) = await SendAsync(server, HttpMethod.Patch, $"{ConfigMaps}/cm",
            $$"""[{"op":"replace","path":"/metadata/managedFields","value":{{entries}}}]""", "application/json-patch+json");
        var entry = Assert.Single(ManagedFields(set))!;
        Assert.Equal("mine", entry["manager"]!.GetValue<string>());

        // Content that does not decode is ignored in favour of the stored entries, as upstream.
        var (_, ignored) = await SendAsync(server, HttpMethod.Patch, $"{ConfigMaps}/cm",
            """{"metadata":{"managedFields":[{"manager":"x","operation":"Bogus","apiVersion":"v1","fieldsType":"FieldsV1"}]}}""", "application/merge-patch+json");
        Assert.Equal("mine", Assert.Single(ManagedFields(ignored))!["manager"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_undeclared_field_in_the_configuration_is_refused_as_upstream_and_nothing_is_stored()
    {
        await using var server = await InProcessServer.StartAsync();
        const string Deployment = """
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"default"},
             "spec":{"replicas":1,"selector":{"matchLabels":{"app":"web"}},
               "template":{"metadata":{"labels":{"app":"web"}},
                 "spec":{"containers":[{"name":"nginx","image":"nginx:1.17","bogus":true}]}},
               "foo":1}}
            """;

        var (code, body) = await ApplyAsync(server, "/apis/apps/v1/namespaces/default/deployments/web?fieldManager=apply_test", Deployment);
        var (missing, _) = await SendAsync(server, HttpMethod.Get, "/apis/apps/v1/namespaces/default/deployments/web", "", "application/json");

        Assert.Equal(HttpStatusCode.InternalServerError, code);
        Assert.Equal(
            "failed to create typed patch object (default/web; apps/v1, Kind=Deployment): errors:\n"
                + "  .spec.template.spec.containers[name=\"nginx\"].bogus: field not declared in schema\n"
                + "  .spec.foo: field not declared in schema",
            body["message"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, missing);
    }
}
