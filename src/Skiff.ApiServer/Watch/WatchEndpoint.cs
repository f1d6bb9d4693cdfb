using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Skiff.Api.Resources;
using Skiff.ApiServer.Http;
using Skiff.ApiServer.Registry;

namespace Skiff.ApiServer.Watch;

/// <summary>
/// Streams watch events as newline-delimited JSON: the current state as ADDED events when asked (sendInitialEvents,
/// or resourceVersion "" or "0"), else a replay from the requested resourceVersion, then live events, until the
/// client leaves or timeoutSeconds passes. Selector transitions are reported as upstream does: an object that stops
/// matching is DELETED for this watcher, one that starts matching is ADDED. With allowWatchBookmarks the initial
/// state ends with a BOOKMARK annotated k8s.io/initial-events-end, and the cache's bookmarks follow.
/// </summary>
public sealed class WatchEndpoint(ObjectStore objects, WatchCache cache, TableResponses tables, TimeProvider time)
{
    public async Task ServeAsync(HttpContext context, ResourceDefinition resource, string? ns, ListOptions options)
    {
        var ct = context.RequestAborted;
        var query = context.Request.Query;
        var parameters = WatchParameters.Parse(query);
        var filter = new ObjectFilter(resource, options.Labels, options.Fields);
        var prefix = resource.PrefixFor(ns);
        if (options.Fields.RequiredValue("metadata.namespace") is { Length: > 0 } pinned && resource.IsNamespaced && string.IsNullOrEmpty(ns))
        {
            prefix = resource.PrefixFor(pinned);
        }

        long requested = 0;
        if (parameters.ResourceVersion.Length > 0
            && !long.TryParse(parameters.ResourceVersion, NumberStyles.None, CultureInfo.InvariantCulture, out requested))
        {
            throw ApiErrors.BadRequest($"invalid resource version \"{parameters.ResourceVersion}\"");
        }

        var writer = new WatchFrameWriter(context.Response.Body, resource, objects, tables,
            TableResponses.Wants(context.Request.Headers.Accept), query["includeObject"]);
        var deadline = parameters.Timeout is { } timeout ? time.GetUtcNow() + timeout : (DateTimeOffset?)null;
        using var timeoutSource = parameters.Timeout is { } t ? new CancellationTokenSource(t, time) : null;
        using var stop = timeoutSource is null
            ? CancellationTokenSource.CreateLinkedTokenSource(ct)
            : CancellationTokenSource.CreateLinkedTokenSource(ct, timeoutSource.Token);
        Watcher? watcher = null;
        try
        {
            IReadOnlyList<Storage.KeyValue> initial = [];
            long after;
            try
            {
                (after, initial) = await StartAsync(parameters, requested, prefix, stop.Token);
                watcher = cache.Watch(prefix, after, parameters.AllowBookmarks, deadline);
            }
            catch (ApiException e) when (e.Code is 410 or 504)
            {
                // Upstream's cacher answers these once the watch is accepted: 200, then one ERROR event.
                await BeginStreamAsync(context, ct);
                await writer.WriteErrorAsync(e.Status, ct);
                await writer.FlushAsync(ct);
                return;
            }

            await BeginStreamAsync(context, ct);
            foreach (var kv in initial)
            {
                if (filter.Matches(kv.Value))
                {
                    await writer.WriteAsync("ADDED", kv.Value, kv.ModRevision, stop.Token);
                }
            }

            if (parameters.SendInitialEvents && parameters.AllowBookmarks)
            {
                await writer.WriteBookmarkAsync(after, initialEventsEnd: true, stop.Token);
            }

            await writer.FlushAsync(stop.Token);
            await PumpAsync(watcher, filter, writer, stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Client gone or timeoutSeconds reached: the stream just ends, as upstream.
        }
        catch (WatcherTooSlowException)
        {
        }
        finally
        {
            if (watcher is not null)
            {
                cache.Unwatch(watcher);
            }
        }
    }

    /// <summary>
    /// Where the stream starts (events after the returned revision follow) and the state to send first, as
    /// upstream's cacher decides it. With sendInitialEvents, the state is taken at a revision the cache has reached
    /// and that is at least the requested one: for "" (a consistent read) the store's current revision, for "0"
    /// whatever the cache has. Without, the watch starts at the requested revision (for "": the store's current one).
    /// </summary>
    private async Task<(long After, IReadOnlyList<Storage.KeyValue> Initial)> StartAsync(
        WatchParameters parameters, long requested, string prefix, CancellationToken ct)
    {
        var consistent = parameters.ResourceVersion.Length == 0;
        if (!parameters.SendInitialEvents)
        {
            if (!consistent)
            {
                return (requested == 0 ? cache.LastRevision : requested, []);
            }

            var current = objects.Store.CurrentRevision;
            await cache.WaitUntilFreshAsync(current, ct);
            return (current, []);
        }

        var after = await cache.WaitUntilFreshAsync(consistent ? objects.Store.CurrentRevision : requested, ct);
        var range = await objects.Store.RangeAsync(prefix, null, 0, after, ct);
        return (after, range.Items);
    }

    private static async Task BeginStreamAsync(HttpContext context, CancellationToken ct)
    {
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        context.Response.StatusCode = 200;
        context.Response.ContentType = Responses.Json;
        await context.Response.StartAsync(ct);
    }

    private static async Task PumpAsync(Watcher watcher, ObjectFilter filter, WatchFrameWriter writer, CancellationToken ct)
    {
        var reader = watcher.Events;
        while (await reader.WaitToReadAsync(ct))
        {
            while (reader.TryRead(out var e))
            {
                if (e.IsBookmark)
                {
                    await writer.WriteBookmarkAsync(e.Revision, initialEventsEnd: false, ct);
                    continue;
                }

                var type = filter.Classify(e.Type, e.Value, e.PreviousValue);
                if (type is not null)
                {
                    await writer.WriteAsync(type, e.Value, e.Revision, ct);
                }
            }

            await writer.FlushAsync(ct);
        }
    }
}
