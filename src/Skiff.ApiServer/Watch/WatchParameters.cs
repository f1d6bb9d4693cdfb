using k8s.Models;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Skiff.Api.Admission;
using Skiff.Api.Syntax;
using Skiff.ApiServer.Http;

namespace Skiff.ApiServer.Watch;

/// <summary>
/// A watch's query as kube-apiserver 1.32 reads it (WatchList on): SetListOptionsDefaults, then the watch rules of
/// ValidateListOptions, answered with the same 422 Invalid.
/// </summary>
/// <param name="ResourceVersion">The resourceVersion as given ("" when absent).</param>
/// <param name="SendInitialEvents">Whether the stream begins with the current state as ADDED events.</param>
/// <param name="AllowBookmarks">allowWatchBookmarks: periodic bookmarks, and the initial-events-end bookmark.</param>
/// <param name="Timeout">timeoutSeconds, when given.</param>
public sealed record WatchParameters(string ResourceVersion, bool SendInitialEvents, bool AllowBookmarks, TimeSpan? Timeout)
{
    public const string NotOlderThan = "NotOlderThan";

    private const string MatchField = "resourceVersionMatch";

    public static WatchParameters Parse(IQueryCollection query)
    {
        var resourceVersion = query["resourceVersion"].ToString();
        var match = query["resourceVersionMatch"].ToString();
        var sendInitialEvents = query.TryGetValue("sendInitialEvents", out var sie) && sie.Count > 0 ? GoBool(sie) : (bool?)null;

        // SetListOptionsDefaults: a watch from "" or "0" is the watch-list request it always behaved like.
        if (sendInitialEvents is null && match.Length == 0 && resourceVersion is "" or "0")
        {
            sendInitialEvents = true;
            match = NotOlderThan;
        }

        var errors = new List<FieldError>();
        if (sendInitialEvents is not null && match != NotOlderThan)
        {
            errors.Add(Forbidden($"sendInitialEvents requires setting resourceVersionMatch to {NotOlderThan}"));
        }

        if (match.Length > 0)
        {
            if (sendInitialEvents is null)
            {
                errors.Add(Forbidden("resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided"));
            }

            if (match != NotOlderThan)
            {
                errors.Add(new FieldError("FieldValueNotSupported", MatchField, $"Unsupported value: {GoQuote.Quote(match)}: supported values: {GoQuote.Quote(NotOlderThan)}"));
            }

            if (!string.IsNullOrEmpty(query["continue"]))
            {
                errors.Add(Forbidden("resourceVersionMatch is forbidden when continue is provided"));
            }
        }

        // Upstream deliberately does not require allowWatchBookmarks with sendInitialEvents (resourceVersion=0 watches
        // predate it); without it the initial events are sent but no initial-events-end bookmark.
        if (errors.Count > 0)
        {
            throw Invalid(errors);
        }

        var timeout = query.TryGetValue("timeoutSeconds", out var t) && int.TryParse(t, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : (TimeSpan?)null;
        return new WatchParameters(resourceVersion, sendInitialEvents ?? false, GoBool(query["allowWatchBookmarks"]), timeout);
    }

    private static FieldError Forbidden(string detail) => new("FieldValueForbidden", MatchField, $"Forbidden: {detail}");

    /// <summary>How upstream decodes a boolean query parameter: absent, "", "0" and "false" (any case) are false.</summary>
    private static bool GoBool(StringValues values) =>
        values.Count > 0 && values[0] is { Length: > 0 } v && v != "0" && !v.Equals("false", StringComparison.OrdinalIgnoreCase);

    /// <summary>errors.NewInvalid(ListOptions.meta.k8s.io, "", errs), with field.ErrorList's de-duplicated aggregate.</summary>
    private static ApiException Invalid(List<FieldError> errors)
    {
        var distinct = errors.DistinctBy(e => e.ToString()).ToList();
        var summary = distinct.Count == 1 ? distinct[0].ToString() : "[" + string.Join(", ", distinct) + "]";
        return ApiErrors.Make(422, "Invalid", $"ListOptions.meta.k8s.io \"\" is invalid: {summary}", new V1StatusDetails
        {
            Group = "meta.k8s.io",
            Kind = "ListOptions",
            Causes = [.. errors.Select(e => new V1StatusCause { Reason = e.Type, Message = e.Message, Field = e.Field })],
        });
    }
}
