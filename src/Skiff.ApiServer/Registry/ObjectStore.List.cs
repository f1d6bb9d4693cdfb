using System.Globalization;
using System.Text.Json;
using Skiff.Api.Resources;
using Skiff.ApiServer.Http;
using Skiff.Storage;

namespace Skiff.ApiServer.Registry;

/// <summary>List with selectors, limit/continue and resourceVersion semantics, read straight from the store.</summary>
public sealed partial class ObjectStore
{
    /// <summary>How many keys one store read fetches while filling a page that selectors thin out.</summary>
    private const int ScanChunk = 1000;

    public async Task<ListPage> ListAsync(ResourceDefinition resource, string? ns, ListOptions options, CancellationToken ct)
    {
        var prefix = resource.PrefixFor(ns);
        if (options.Fields.RequiredValue("metadata.namespace") is { Length: > 0 } pinned && resource.IsNamespaced && string.IsNullOrEmpty(ns))
        {
            prefix = resource.PrefixFor(pinned);
        }

        string? startAfter = null;
        long atRevision = 0;
        if (!string.IsNullOrEmpty(options.Continue))
        {
            (atRevision, startAfter) = DecodeContinue(options.Continue);
        }
        else if (options.ResourceVersionMatch == "Exact" && long.TryParse(options.ResourceVersion, out var exact))
        {
            atRevision = exact;
        }

        var filter = new ObjectFilter(resource, options.Labels, options.Fields);
        var items = new List<KeyValue>();
        var limit = options.Limit;
        try
        {
            while (true)
            {
                var chunk = limit > 0 && filter.IsEverything ? limit - items.Count : (limit > 0 ? Math.Max(ScanChunk, limit) : 0);
                var range = await store.RangeAsync(prefix, startAfter, chunk, atRevision, ct);
                atRevision = range.Revision;
                for (var i = 0; i < range.Items.Count; i++)
                {
                    var kv = range.Items[i];
                    startAfter = kv.Key;
                    if (filter.Matches(kv.Value))
                    {
                        items.Add(kv);
                        if (limit > 0 && items.Count == limit)
                        {
                            // Items left after this one: the rest of this read plus what the store did not return.
                            var unreadInRange = range.Items.Count - 1 - i;
                            return range.More || unreadInRange > 0
                                ? new ListPage(items, atRevision, EncodeContinue(atRevision, kv.Key), filter.IsEverything ? range.RemainingCount + unreadInRange : null)
                                : new ListPage(items, atRevision, null, null);
                        }
                    }
                }

                if (!range.More)
                {
                    return new ListPage(items, atRevision, null, null);
                }
            }
        }
        catch (CompactedException) when (!string.IsNullOrEmpty(options.Continue))
        {
            throw ApiErrors.Gone("The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.");
        }
        catch (CompactedException e)
        {
            throw ApiErrors.Gone($"too old resource version: {options.ResourceVersion} ({e.CompactedRevision})");
        }
    }

    private static string EncodeContinue(long revision, string lastKey) =>
        Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(new ContinueToken(revision, lastKey)));

    private static (long Revision, string StartAfter) DecodeContinue(string token)
    {
        try
        {
            var decoded = JsonSerializer.Deserialize<ContinueToken>(Convert.FromBase64String(token));
            if (decoded is null || decoded.Rv <= 0 || string.IsNullOrEmpty(decoded.Start))
            {
                throw new FormatException();
            }

            return (decoded.Rv, decoded.Start);
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            throw ApiErrors.BadRequest("continue key is not valid: " + e.Message);
        }
    }

    private sealed record ContinueToken(long Rv, string Start);

    /// <summary>The resourceVersion text of a revision.</summary>
    public static string Rv(long revision) => revision.ToString(CultureInfo.InvariantCulture);

}
