using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Skiff.Api.Resources;
using Skiff.ApiServer.Http;
using Skiff.ApiServer.Objects;
using Skiff.ApiServer.Registry;

namespace Skiff.ApiServer.Watch;

/// <summary>
/// Streams watch events as newline-delimited JSON: a replay from the requested resourceVersion (or the current
/// state as ADDED events for resourceVersion 0 or unset), then live events, until the client leaves or
/// timeoutSeconds passes. Selector transitions are reported as upstream does: an object that stops matching is
/// DELETED for this watcher, one that starts matching is ADDED.
/// </summary>
public sealed class WatchEndpoint(ObjectStore objects, WatchCache cache, TableResponses tables)
{
    public async Task ServeAsync(HttpContext context, ResourceDefinition resource, string? ns, ListOptions options)
    {
        var ct = context.RequestAborted;
        var query = context.Request.Query;
        var asTable = TableResponses.Wants(context.Request.Headers.Accept);
        var filter = new ObjectFilter(resource, options.Labels, options.Fields);
        var prefix = resource.PrefixFor(ns);
        if (options.Fields.RequiredValue("metadata.namespace") is { Length: > 0 } pinned && resource.IsNamespaced && string.IsNullOrEmpty(ns))
        {
            prefix = resource.PrefixFor(pinned);
        }

        // resourceVersion "" or "0": start with the current state (synthetic ADDED events), then follow.
        var fromState = string.IsNullOrEmpty(options.ResourceVersion) || options.ResourceVersion == "0";
        IReadOnlyList<Storage.KeyValue> initial = [];
        long after;
        if (fromState)
        {
            after = cache.LastRevision;
            var range = await objects.Store.RangeAsync(prefix, null, 0, after, ct);
            initial = range.Items;
        }
        else if (!long.TryParse(options.ResourceVersion, NumberStyles.None, CultureInfo.InvariantCulture, out after))
        {
            throw ApiErrors.BadRequest($"invalid resource version \"{options.ResourceVersion}\"");
        }

        var watcher = cache.Watch(prefix, after);
        try
        {
            context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            context.Response.StatusCode = 200;
            context.Response.ContentType = Responses.Json;
            await context.Response.StartAsync(ct);
            var timeout = query.TryGetValue("timeoutSeconds", out var t) && int.TryParse(t, out var seconds) && seconds > 0
                ? TimeSpan.FromSeconds(seconds)
                : Timeout.InfiniteTimeSpan;
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            if (timeout != Timeout.InfiniteTimeSpan)
            {
                deadline.CancelAfter(timeout);
            }

            var writer = new FrameWriter(context.Response.Body, resource, objects, tables, asTable, query["includeObject"]);
            foreach (var kv in initial)
            {
                if (filter.Matches(kv.Value))
                {
                    await writer.WriteAsync("ADDED", kv.Value, kv.ModRevision, deadline.Token);
                }
            }

            await writer.FlushAsync(deadline.Token);
            await PumpAsync(watcher, filter, writer, deadline.Token);
        }
        catch (OperationCanceledException)
        {
            // Client gone or timeoutSeconds reached: the stream just ends, as upstream.
        }
        catch (WatcherTooSlowException)
        {
        }
        finally
        {
            cache.Unwatch(watcher);
        }

    }

    private static async Task PumpAsync(Watcher watcher, ObjectFilter filter, FrameWriter writer, CancellationToken ct)
    {
        var reader = watcher.Events;
        while (await reader.WaitToReadAsync(ct))
        {
            while (reader.TryRead(out var e))
            {
                var type = Classify(e, filter);
                if (type is not null)
                {
                    await writer.WriteAsync(type, e.Value, e.Revision, ct);
                }
            }

            await writer.FlushAsync(ct);
        }
    }

    /// <summary>What this watcher sees of an event once its selectors are applied; null for nothing.</summary>
    private static string? Classify(CachedEvent e, ObjectFilter filter)
    {
        if (filter.IsEverything)
        {
            return e.Type;
        }

        var now = filter.Matches(e.Value);
        if (e.Type == "DELETED")
        {
            return now ? "DELETED" : null;
        }

        var before = e.PreviousValue is { } previous && filter.Matches(previous);
        return (before, now) switch
        {
            (true, true) => "MODIFIED",
            (false, true) => "ADDED",
            (true, false) => "DELETED",
            _ => null,
        };
    }

    /// <summary>Encodes events: the stored JSON spliced into the frame, or a one-row Table for `kubectl get -w`.</summary>
    private sealed class FrameWriter(Stream body, ResourceDefinition resource, ObjectStore objects, TableResponses tables, bool asTable, string? includeObject)
    {
        private static readonly byte[] FrameEnd = "}\n"u8.ToArray();
        private bool columnsSent;

        public async Task WriteAsync(string type, byte[] stored, long revision, CancellationToken ct)
        {
            byte[] obj;
            if (asTable)
            {
                var model = objects.Decode(resource, stored, revision).Model;
                var table = tables.Build(resource, [model], ObjectStore.Rv(revision), null, includeObject, withColumns: !columnsSent);
                columnsSent = true;
                obj = Encoding.UTF8.GetBytes(table.ToJsonString());
            }
            else
            {
                obj = resource.StorageVersionOf is null ? ObjectCodec.WithResourceVersion(stored, revision) : objects.Decode(resource, stored, revision).Json;
            }

            var head = Encoding.ASCII.GetBytes($"{{\"type\":\"{type}\",\"object\":");
            await body.WriteAsync(head, ct);
            await body.WriteAsync(obj, ct);
            await body.WriteAsync(FrameEnd, ct);
        }

        public Task FlushAsync(CancellationToken ct) => body.FlushAsync(ct);
    }
}
