using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Skiff.E2E.Tests.Infrastructure;

namespace Skiff.E2E.Tests;

/// <summary>
/// kubectl explain against the real binary: the OpenAPI v3 documents (and v2 in protobuf for
/// --output=plaintext-openapiv2) carry upstream's descriptions, types and required markers. The expected sentences are
/// those of upstream's api/openapi-spec (v1.32).
/// </summary>
public sealed partial class KubectlExplainTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Explain_deployment_strategy_prints_upstreams_descriptions()
    {
        using var kubectl = new Kubectl(fixture.Server);
        var output = await kubectl.OkAsync("explain", "deployment.spec.strategy");

        Assert.StartsWith("GROUP:      apps\nKIND:       Deployment\nVERSION:    v1\n\nFIELD: strategy <DeploymentStrategy>\n", output);
        Assert.Contains("rollingUpdate\t<RollingUpdateDeployment>", output);
        Assert.Contains("type\t<string>", output);
        var text = Flat(output);
        Assert.Contains("The deployment strategy to use to replace existing pods with new ones.", text);
        Assert.Contains("DeploymentStrategy describes how to replace existing pods with new ones.", text);
        Assert.Contains("Rolling update config params. Present only if DeploymentStrategyType = RollingUpdate.", text);
        Assert.Contains("Type of deployment. Can be \"Recreate\" or \"RollingUpdate\". Default is RollingUpdate.", text);

        var rollingUpdate = await kubectl.OkAsync("explain", "deployment.spec.strategy.rollingUpdate");
        Assert.Contains("maxSurge\t<IntOrString>", rollingUpdate);
        Assert.Contains("maxUnavailable\t<IntOrString>", rollingUpdate);
        Assert.Contains("The maximum number of pods that can be scheduled above the desired number of pods.", Flat(rollingUpdate));
    }

    [Fact]
    public async Task Explain_statefulset_update_strategy_recursive_lists_the_nested_fields()
    {
        using var kubectl = new Kubectl(fixture.Server);
        var output = await kubectl.OkAsync("explain", "statefulset.spec.updateStrategy", "--recursive");

        Assert.StartsWith("GROUP:      apps\nKIND:       StatefulSet\nVERSION:    v1\n\nFIELD: updateStrategy <StatefulSetUpdateStrategy>\n", output);
        Assert.Contains("  rollingUpdate\t<RollingUpdateStatefulSetStrategy>\n    maxUnavailable\t<IntOrString>\n    partition\t<integer>\n  type\t<string>", output);
        Assert.Contains("StatefulSetUpdateStrategy indicates the strategy that the StatefulSet controller will use to perform updates.", Flat(output));
    }

    [Fact]
    public async Task Explain_hpa_spec_marks_the_required_fields()
    {
        using var kubectl = new Kubectl(fixture.Server);
        var output = await kubectl.OkAsync("explain", "hpa.spec");

        Assert.StartsWith("GROUP:      autoscaling\nKIND:       HorizontalPodAutoscaler\nVERSION:    v2\n\nFIELD: spec <HorizontalPodAutoscalerSpec>\n", output);
        Assert.Contains("maxReplicas\t<integer> -required-", output);
        Assert.Contains("scaleTargetRef\t<CrossVersionObjectReference> -required-", output);
        Assert.Contains("minReplicas\t<integer>\n", output);
        Assert.Contains("metrics\t<[]MetricSpec>", output);
        var text = Flat(output);
        Assert.Contains("HorizontalPodAutoscalerSpec describes the desired functionality of the HorizontalPodAutoscaler.", text);
        Assert.Contains("maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up. It cannot be less that minReplicas.", text);
    }

    [Fact]
    public async Task Explain_container_resources_shows_quantity_maps()
    {
        using var kubectl = new Kubectl(fixture.Server);
        var output = await kubectl.OkAsync("explain", "pods.spec.containers.resources");

        Assert.StartsWith("KIND:       Pod\nVERSION:    v1\n\nFIELD: resources <ResourceRequirements>\n", output);
        Assert.Contains("limits\t<map[string]Quantity>", output);
        Assert.Contains("requests\t<map[string]Quantity>", output);
        Assert.Contains("claims\t<[]ResourceClaim>", output);
        var text = Flat(output);
        Assert.Contains("ResourceRequirements describes the compute resource requirements.", text);
        Assert.Contains("Limits describes the maximum amount of compute resources allowed.", text);
        Assert.Contains("Claims lists the names of resources, defined in spec.resourceClaims, that are used by this container.", text);
    }

    [Fact]
    public async Task Explain_with_openapi_v2_reads_the_protobuf_document()
    {
        using var kubectl = new Kubectl(fixture.Server);
        var output = await kubectl.OkAsync("explain", "deployment.spec.strategy", "--output=plaintext-openapiv2");

        Assert.StartsWith("KIND:     Deployment\nVERSION:  apps/v1\n\nRESOURCE: strategy <Object>\n", output);
        Assert.Contains("rollingUpdate\t<Object>", output);
        Assert.Contains("type\t<string>", output);
        Assert.Contains("Rolling update config params. Present only if DeploymentStrategyType = RollingUpdate.", Flat(output));

        var hpa = await kubectl.OkAsync("explain", "hpa.spec", "--output=plaintext-openapiv2");
        Assert.Contains("maxReplicas\t<integer> -required-", hpa);
    }

    [Fact]
    public async Task Documents_are_cached_by_hash_as_upstream()
    {
        using var api = new ApiClient(fixture.Server);
        using var indexResponse = await api.GetAsync("/openapi/v3");
        Assert.Equal(HttpStatusCode.OK, indexResponse.StatusCode);
        var index = JsonNode.Parse(await indexResponse.Content.ReadAsStringAsync())!;
        var url = (string)index["paths"]!["apis/apps/v1"]!["serverRelativeURL"]!;
        var hash = url[(url.IndexOf("?hash=", StringComparison.Ordinal) + "?hash=".Length)..];

        using var document = await api.GetAsync(url, "application/json");
        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        Assert.Equal($"\"{hash}\"", document.Headers.ETag?.Tag);
        Assert.Equal("public, immutable", document.Headers.CacheControl?.ToString());
        Assert.NotNull(document.Content.Headers.Expires);
        Assert.Equal("application/json", document.Content.Headers.ContentType?.MediaType);

        using var unchanged = await api.GetAsync(url, "application/json", $"\"{hash}\"");
        Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);

        // A stale hash is redirected (301) to the current document. HttpClient follows it without the bearer token, so
        // the request it ends on shows where it was sent; kubectl, which keeps the token on the same host, reads it.
        using var stale = await api.GetAsync("/openapi/v3/apis/apps/v1?hash=0123", "application/json");
        Assert.EndsWith($"/openapi/v3/apis/apps/v1?hash={hash}", stale.RequestMessage!.RequestUri!.ToString());
        using var kubectl = new Kubectl(fixture.Server);
        var followed = JsonNode.Parse(await kubectl.OkAsync("get", "--raw", "/openapi/v3/apis/apps/v1?hash=0123"))!;
        Assert.Equal("3.0.0", (string?)followed["openapi"]);

        using var v2 = await api.GetAsync("/openapi/v2", "application/com.github.proto-openapi.spec.v2@v1.0+protobuf");
        Assert.Equal(HttpStatusCode.OK, v2.StatusCode);
        Assert.Equal("application/com.github.proto-openapi.spec.v2.v1.0+protobuf", v2.Content.Headers.ContentType?.MediaType);
        using var v2Json = await api.GetAsync("/openapi/v2");
        Assert.Equal("application/json", v2Json.Content.Headers.ContentType?.MediaType);
        Assert.Equal("2.0", (string?)JsonNode.Parse(await v2Json.Content.ReadAsStringAsync())!["swagger"]);
    }

    // kubectl wraps descriptions at 80 columns and indents them: compare sentences with whitespace collapsed.
    private static string Flat(string output) => Whitespace().Replace(output, " ");

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();
}
