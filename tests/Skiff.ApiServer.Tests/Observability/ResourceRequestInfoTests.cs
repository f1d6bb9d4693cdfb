using Microsoft.AspNetCore.Http;
using Skiff.Api.Resources;
using Skiff.ApiServer.Http;
using Skiff.ApiServer.Observability;

namespace Skiff.ApiServer.Tests.Observability;

public class ResourceRequestInfoTests
{
    private static readonly ResourceRegistry Registry = ResourceRegistry.CreateDefault();

    private static ResourceRequestInfo? Classify(string method, string url, string? contentType = null)
    {
        var context = new DefaultHttpContext();
        var (path, query) = url.IndexOf('?') is var q and >= 0 ? (url[..q], url[q..]) : (url, "");
        context.Request.Method = method;
        context.Request.Path = path;
        context.Request.QueryString = new QueryString(query);
        context.Request.ContentType = contentType;
        var parsed = ResourcePath.Parse(path)!;
        return ResourceRequestInfo.Classify(context.Request, parsed, Registry.Find(parsed.Group, parsed.Version, parsed.Resource)!);
    }

    // Expected values as kube-apiserver 1.32's CanonicalVerb, CleanVerb and CleanScope give them.
    [Theory]
    [InlineData("GET", "/api/v1/namespaces/a/pods", null, "LIST", "namespace")]
    [InlineData("GET", "/api/v1/pods", null, "LIST", "cluster")]
    [InlineData("GET", "/api/v1/namespaces/a/pods?watch=true", null, "WATCH", "namespace")]
    [InlineData("GET", "/api/v1/pods?watch=1&resourceVersion=5", null, "WATCH", "cluster")]
    [InlineData("GET", "/api/v1/namespaces/a/pods?watch=false", null, "LIST", "namespace")]
    [InlineData("GET", "/api/v1/namespaces/a/pods/p", null, "GET", "resource")]
    [InlineData("GET", "/api/v1/nodes/n", null, "GET", "resource")]
    [InlineData("POST", "/api/v1/namespaces/a/pods", "application/json", "POST", "resource")]
    [InlineData("POST", "/api/v1/namespaces", "application/json", "POST", "resource")]
    [InlineData("POST", "/api/v1/namespaces/a/pods/p/eviction", "application/json", "POST", "resource")]
    [InlineData("PUT", "/apis/apps/v1/namespaces/a/deployments/d/status", "application/json", "PUT", "resource")]
    [InlineData("PATCH", "/api/v1/namespaces/a/configmaps/c", "application/merge-patch+json", "PATCH", "resource")]
    [InlineData("PATCH", "/apis/apps/v1/namespaces/a/deployments/d/scale", "application/apply-patch+yaml", "APPLY", "resource")]
    [InlineData("DELETE", "/api/v1/namespaces/a/configmaps/c", null, "DELETE", "resource")]
    [InlineData("DELETE", "/api/v1/namespaces/a/configmaps", null, "DELETE", "namespace")]
    [InlineData("DELETE", "/api/v1/nodes", null, "DELETE", "cluster")]
    [InlineData("GET", "/api/v1/namespaces/a/pods/p/log", null, "GET", "resource")]
    [InlineData("POST", "/api/v1/namespaces/a/pods/p/exec?command=ls", null, "CONNECT", "resource")]
    [InlineData("OPTIONS", "/api/v1/namespaces/a/pods", null, "other", "namespace")]
    public void Verb_and_scope_are_upstreams(string method, string url, string? contentType, string verb, string scope)
    {
        var info = Classify(method, url, contentType)!.Value;
        Assert.Equal((verb, scope), (info.Verb, info.Scope));
    }

    [Theory]
    [InlineData("POST", "/api/v1/namespaces/a/configmaps", "create")]
    [InlineData("POST", "/api/v1/namespaces/a/pods/p/binding", "create")]
    [InlineData("PUT", "/api/v1/namespaces/a/configmaps/c", "update")]
    [InlineData("PATCH", "/api/v1/namespaces/a/configmaps/c", "patch")]
    [InlineData("DELETE", "/api/v1/namespaces/a/configmaps/c", "delete")]
    [InlineData("DELETE", "/api/v1/namespaces/a/configmaps", "deletecollection")]
    [InlineData("GET", "/api/v1/namespaces/a/configmaps/c", null)]
    [InlineData("GET", "/api/v1/namespaces/a/configmaps?watch=true", null)]
    [InlineData("GET", "/api/v1/namespaces/a/pods/p/log", null)]
    public void Writes_carry_upstreams_audit_verb(string method, string url, string? writeVerb)
    {
        Assert.Equal(writeVerb, Classify(method, url, "application/merge-patch+json")!.Value.WriteVerb);
    }

    [Fact]
    public void An_apply_is_audited_as_a_patch()
    {
        Assert.Equal("patch", Classify("PATCH", "/api/v1/namespaces/a/configmaps/c", "application/apply-patch+yaml")!.Value.WriteVerb);
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("?dryRun=All", "All")]
    [InlineData("?dryRun=All&dryRun=All", "All")]
    [InlineData("?dryRun=Some", "invalid")]
    public void The_dry_run_label_is_upstreams(string query, string label)
    {
        Assert.Equal(label, Classify("POST", "/api/v1/namespaces/a/configmaps" + query)!.Value.DryRun);
    }

    [Theory]
    [InlineData("/api/v1/namespaces/a/configmaps/c/status")]
    [InlineData("/api/v1/namespaces/a/configmaps/c/anything")]
    [InlineData("/apis/apps/v1/namespaces/a/controllerrevisions/r/scale")]
    public void A_subresource_the_resource_does_not_serve_is_not_recorded(string path)
    {
        Assert.Null(Classify("GET", path));
    }

    [Fact]
    public void The_store_type_is_the_keys_resource()
    {
        Assert.Equal("deployments.apps", InstrumentedStore.TypeOf("/registry/deployments.apps/ns/name").ToString());
        Assert.Equal("nodes", InstrumentedStore.TypeOf("/registry/nodes/n").ToString());
        Assert.Equal("pods", InstrumentedStore.TypeOf("/registry/pods/").ToString());
        Assert.Equal("", InstrumentedStore.TypeOf("/elsewhere/x").ToString());
    }
}
