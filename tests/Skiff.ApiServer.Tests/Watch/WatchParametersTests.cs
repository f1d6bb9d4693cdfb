using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Skiff.ApiServer.Http;
using Skiff.ApiServer.Watch;

namespace Skiff.ApiServer.Tests.Watch;

/// <summary>Upstream 1.32's watch option defaulting and validation (WatchList on), with its exact messages.</summary>
public sealed class WatchParametersTests
{
    [Theory]
    [InlineData("watch=true", true)]
    [InlineData("watch=true&resourceVersion=0", true)]
    [InlineData("watch=true&resourceVersion=12", false)]
    [InlineData("watch=true&resourceVersion=12&sendInitialEvents=true&resourceVersionMatch=NotOlderThan", true)]
    [InlineData("watch=true&resourceVersion=0&sendInitialEvents=false&resourceVersionMatch=NotOlderThan", false)]
    public void Resource_version_empty_or_zero_defaults_to_sending_the_initial_events(string query, bool sendsInitialEvents) =>
        Assert.Equal(sendsInitialEvents, Parse(query).SendInitialEvents);

    [Theory]
    [InlineData("allowWatchBookmarks=true", true)]
    [InlineData("allowWatchBookmarks=1", true)]
    [InlineData("allowWatchBookmarks=yes", true)]
    [InlineData("allowWatchBookmarks=False", false)]
    [InlineData("allowWatchBookmarks=0", false)]
    [InlineData("allowWatchBookmarks=", false)]
    [InlineData("timeoutSeconds=30", false)]
    public void Bookmarks_are_read_as_upstream_reads_a_boolean(string query, bool allowed) =>
        Assert.Equal(allowed, Parse("watch=true&" + query).AllowBookmarks);

    [Fact]
    public void Send_initial_events_without_bookmarks_is_valid_as_upstream_keeps_it_for_compatibility()
    {
        var parameters = Parse("watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan");
        Assert.True(parameters.SendInitialEvents);
        Assert.False(parameters.AllowBookmarks);
    }

    [Fact]
    public void Timeout_seconds_becomes_the_timeout()
    {
        Assert.Equal(TimeSpan.FromSeconds(42), Parse("watch=true&timeoutSeconds=42").Timeout);
        Assert.Null(Parse("watch=true").Timeout);
    }

    [Theory]
    [InlineData("sendInitialEvents=true",
        "resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan")]
    [InlineData("sendInitialEvents=false&resourceVersion=5",
        "resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan")]
    [InlineData("resourceVersionMatch=NotOlderThan&resourceVersion=5",
        "resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided")]
    [InlineData("resourceVersionMatch=NotOlderThan",
        "resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided")]
    [InlineData("sendInitialEvents=true&resourceVersionMatch=Exact&allowWatchBookmarks=true",
        "[resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan, resourceVersionMatch: Unsupported value: \"Exact\": supported values: \"NotOlderThan\"]")]
    [InlineData("sendInitialEvents=true&resourceVersionMatch=NotOlderThan&continue=abc",
        "resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden when continue is provided")]
    public void Invalid_combinations_are_422_on_list_options(string query, string errors)
    {
        var error = Assert.Throws<ApiException>(() => Parse("watch=true&" + query));
        Assert.Equal(422, error.Code);
        Assert.Equal("Invalid", error.Status.Reason);
        Assert.Equal($"ListOptions.meta.k8s.io \"\" is invalid: {errors}", error.Status.Message);
        Assert.Equal("ListOptions", error.Status.Details.Kind);
        Assert.Equal("meta.k8s.io", error.Status.Details.Group);
        Assert.Null(error.Status.Details.Name);
        Assert.All(error.Status.Details.Causes, cause => Assert.Equal("resourceVersionMatch", cause.Field));
    }

    [Fact]
    public void Each_cause_carries_its_type_and_body_without_the_field()
    {
        var error = Assert.Throws<ApiException>(() => Parse("watch=true&sendInitialEvents=true&resourceVersionMatch=Exact"));
        Assert.Equal(
            [("FieldValueForbidden", "Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan"),
             ("FieldValueNotSupported", "Unsupported value: \"Exact\": supported values: \"NotOlderThan\"")],
            error.Status.Details.Causes.Select(c => (c.Reason, c.Message)));
    }

    private static WatchParameters Parse(string query) => WatchParameters.Parse(new QueryCollection(QueryHelpers.ParseQuery(query)));
}
